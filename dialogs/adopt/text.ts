/** How an asset is named to the person: its type and its catalogue name in their language. */
import type { AdoptableAsset } from '../../src/catalog/types';
import type { FlowCtx } from '../../src/engine/flow';
import { localized } from '../../src/engine/locale';
import { lit, t, type Text } from '../../src/engine/text';

/** Known types have a word in every language (`adopt.type.<type>`); others show the catalogue's type id. */
export const KNOWN_TYPES = ['storm_drain', 'tree', 'hydrant', 'bench'];

export function typeText(type: string): Text {
  return KNOWN_TYPES.includes(type) ? t(`adopt.type.${type}`) : lit(type);
}

export function assetName(ctx: Pick<FlowCtx, 'env' | 'locale'>, asset: AdoptableAsset): string {
  return localized(asset.name, ctx.locale, ctx.env.catalog.jurisdiction.defaultLocale);
}
