/** The deployment catalogue: load and validate the YAML config, and geography helpers. */
export { loadCatalog, parseCatalog, type LoadOptions } from './load';
export { CatalogError, formatIssues, type CatalogIssue } from './errors';
export { defaultCatalogPath, repoRoot, shippedLocales } from './paths';
export { pointInBoundary } from './geo';
export type {
  Agency,
  Attribute,
  AttributeDatatype,
  AttributeValue,
  Boundary,
  Catalog,
  Category,
  CategoryGroup,
  Jurisdiction,
  LocalizedText,
  Position,
  SinkConfig,
} from './types';
