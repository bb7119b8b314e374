/**
 * Finds every regular expression in the project's source with the TypeScript compiler API
 * (a parse, no type-checking: fast, and exact where a regex over source text would trip on
 * comments, strings and division). Regex literals, `new RegExp(...)` / `RegExp(...)`, and
 * string patterns given to `match`, `matchAll` and `search` (which build a RegExp from them).
 * A source built from a template is resolved when its parts are string constants of the same
 * file or imported by relative path from another; anything else is returned as `dynamic` for
 * the caller to refuse or review.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/** One regular expression found in a file. */
export type FoundRegex =
  | { kind: 'static'; file: string; line: number; source: string; flags: string }
  | { kind: 'dynamic'; file: string; line: number; code: string };

/** Every `.ts` file under the given folders (relative to `root`), sorted for stable output. */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      } else if (/\.(?:ts|tsx|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        out.push(path);
      }
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return out.sort().map((p) => relative(root, p));
}

const parse = (file: string, text: string): ts.SourceFile =>
  ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);

/** The regular expressions of one file (`file` relative to `root`). */
export function findRegexes(root: string, file: string): FoundRegex[] {
  const sf = parse(file, readFileSync(join(root, file), 'utf8'));
  const constants = new Map([...importedConstants(root, file, sf), ...stringConstants(sf)]);
  const found: FoundRegex[] = [];
  const lineOf = (node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const add = (node: ts.Node, source: ts.Expression | undefined, flags: ts.Expression | undefined): void => {
    const s = source ? stringValue(source, constants) : '(?:)';
    const f = flags ? stringValue(flags, constants) : '';
    if (s === null || f === null) found.push({ kind: 'dynamic', file, line: lineOf(node), code: node.getText(sf) });
    else found.push({ kind: 'static', file, line: lineOf(node), source: s, flags: f });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(node)) {
      const { text: literal } = node;
      const end = literal.lastIndexOf('/');
      found.push({ kind: 'static', file, line: lineOf(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
    } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
      const [source, flags] = node.arguments ?? [];
      if (source && ts.isRegularExpressionLiteral(source)) {
        // new RegExp(/x/, 'g'): the literal is reported on its own; only the flags may differ.
        if (flags) add(node, undefined, flags);
      } else add(node, source, flags);
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ['match', 'matchAll', 'search'].includes(node.expression.name.text) &&
      node.arguments.length === 1 &&
      node.arguments[0] &&
      (ts.isStringLiteral(node.arguments[0]) || ts.isNoSubstitutionTemplateLiteral(node.arguments[0]))
    ) {
      add(node, node.arguments[0], undefined);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** String constants a file imports by name from a relative module (one level: no chains). */
function importedConstants(root: string, file: string, sf: ts.SourceFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings) || !statement.moduleSpecifier.text.startsWith('.')) continue;
    const target = join(dirname(file), statement.moduleSpecifier.text);
    const path = ['.ts', '.tsx', '/index.ts'].map((ext) => target + ext).find((p) => existsSync(join(root, p)));
    if (!path) continue;
    const theirs = stringConstants(parse(path, readFileSync(join(root, path), 'utf8')));
    for (const element of bindings.elements) {
      const value = theirs.get((element.propertyName ?? element.name).text);
      if (value !== undefined) out.set(element.name.text, value);
    }
  }
  return out;
}

/** `const NAME = 'text'` (at any depth) of a file, for resolving template sources. */
function stringConstants(sf: ts.SourceFile): Map<string, string> {
  const constants = new Map<string, string>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.Const) !== 0) {
      for (const d of node.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer) {
          const value = stringValue(d.initializer, constants);
          if (value !== null) constants.set(d.name.text, value);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return constants;
}

/** The value of a string expression made of literals and known constants, or null. */
function stringValue(node: ts.Expression, constants: ReadonlyMap<string, string>): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return stringValue(node.expression, constants);
  if (ts.isIdentifier(node)) return constants.get(node.text) ?? null;
  if (ts.isTemplateExpression(node)) {
    let out = node.head.text;
    for (const span of node.templateSpans) {
      const value = stringValue(span.expression, constants);
      if (value === null) return null;
      out += value + span.literal.text;
    }
    return out;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = stringValue(node.left, constants);
    const right = stringValue(node.right, constants);
    return left === null || right === null ? null : left + right;
  }
  return null;
}
