/** The deployment catalogue: load and validate the YAML config, and geography helpers. */
export { loadCatalog, parseCatalog, type LoadOptions } from './load';
export { CatalogError, formatIssues, type CatalogIssue } from './errors';
export { defaultCatalogPath, repoRoot, shippedLocales } from './paths';
export { pointInBoundary } from './geo';
export { CONDITION_PATTERN_FLAGS } from './condition-pattern';
export type {
  Agency,
  Attribute,
  AttributeDatatype,
  AttributeValue,
  Boundary,
  Catalog,
  Category,
  CategoryGroup,
  Condition,
  Consultation,
  ConsultationArea,
  ConsultationAudience,
  ConsultationResults,
  District,
  Jurisdiction,
  LocalizedText,
  Position,
  Question,
  QuestionOption,
  QuestionType,
  SinkConfig,
} from './types';
