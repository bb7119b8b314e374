/** The catalogue's basic value types, shared by its parts (types.ts, consultation-types.ts). */

/** A string in one language for every locale, or one string used for all. */
export type LocalizedText = { [locale: string]: string };

/** [lon, lat] as in GeoJSON. */
export type Position = [number, number];

/** GeoJSON-style boundary: a list of polygons, each a list of rings (first outer, rest holes). */
export type Boundary = Position[][][];
