/**
 * The localized strings of the sources, read from their syntax trees (plain Node; the missing-key
 * test in test/unit/l10n and `npm run l10n`). A key is the literal first argument of a call of
 * `t` imported from an `l10n` module (src/host/l10n.ts, webview/common/l10n.ts) or of a parameter
 * typed `Translate` (src/protocol/locale.ts). The TypeScript parser, not a pattern, reads them,
 * so a call split over lines, a template literal without placeholders or an aliased import count
 * like any other; a call whose first argument is not a literal is reported, since its key could
 * not be known here.
 *
 *   const { keys, problems } = readKeys(ROOT);
 *   checkBundle(keys, JSON.parse(readFileSync('l10n/bundle.l10n.es.json', 'utf8')));
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The folders whose user-visible strings are localized (the engine and the CLI speak English to logs and terminals). */
export const LOCALIZED_DIRS = ['src/host', 'src/protocol', 'webview'] as const;

/** The only modules that may use the translation library itself. */
export const L10N_MODULES = ['src/host/l10n.ts', 'webview/common/l10n.ts'] as const;

export interface KeyUse {
  readonly key: string;
  /** Relative to the repository, with `/`. */
  readonly file: string;
  readonly line: number;
  /** Arguments after the message; null when one is spread (cannot be counted). */
  readonly args: number | null;
}

export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface Extraction {
  readonly uses: readonly KeyUse[];
  /** Distinct keys, sorted. */
  readonly keys: readonly string[];
  readonly problems: readonly Problem[];
}

/** `{0}`, `{1}`… of a message, sorted and distinct. */
export function placeholders(message: string): number[] {
  return [...new Set([...message.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

function sourceFiles(root: string): string[] {
  const files: string[] = [];
  for (const dir of LOCALIZED_DIRS)
    for (const name of readdirSync(path.join(root, dir), { recursive: true }) as string[])
      if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path.posix.join(dir, name.split(path.sep).join('/')));
  return files.sort();
}

/** Reads one file's calls (exported for the test of the reader itself). */
export function readSource(file: string, text: string): { uses: KeyUse[]; problems: Problem[] } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const uses: KeyUse[] = [];
  const problems: Problem[] = [];
  const line = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const translators = new Set<string>();
  const isLibrary = (L10N_MODULES as readonly string[]).includes(file);

  // First the names that translate: imports of `t` from an l10n module, parameters typed Translate.
  const collect = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const from = node.moduleSpecifier.text;
      if (from === '@vscode/l10n' && !isLibrary)
        problems.push({ file, line: line(node), message: `imports @vscode/l10n: only ${L10N_MODULES.join(' and ')} may; import t from there` });
      const named = node.importClause?.namedBindings;
      if (/(^|\/)l10n$/.test(from) && named && ts.isNamedImports(named))
        for (const spec of named.elements) if ((spec.propertyName ?? spec.name).text === 't') translators.add(spec.name.text);
    }
    if (
      ts.isParameter(node) &&
      ts.isIdentifier(node.name) &&
      node.type &&
      ts.isTypeReferenceNode(node.type) &&
      node.type.typeName.getText(source) === 'Translate'
    )
      translators.add(node.name.text);
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'l10n' && ts.isIdentifier(node.expression) && node.expression.text === 'vscode')
      problems.push({
        file,
        line: line(node),
        message: 'uses vscode.l10n: the extension translates through t() from l10n.ts (one bundle for the host and the webviews)',
      });
    ts.forEachChild(node, collect);
  };
  collect(source);

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && translators.has(node.expression.text)) {
      const [first, ...rest] = node.arguments;
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
        uses.push({ key: first.text, file, line: line(node), args: rest.some((a) => ts.isSpreadElement(a)) ? null : rest.length });
      } else if (!isLibrary) {
        problems.push({
          file,
          line: line(node),
          message: `${node.expression.text}(${first ? first.getText(source).slice(0, 60) : ''}…): the message must be a string literal, so that its key can be read here`,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { uses, problems };
}

/** Every key the sources use, with where, and what keeps the reading from being complete. */
export function readKeys(root: string): Extraction {
  const uses: KeyUse[] = [];
  const problems: Problem[] = [];
  for (const file of sourceFiles(root)) {
    const found = readSource(file, readFileSync(path.join(root, file), 'utf8'));
    uses.push(...found.uses);
    problems.push(...found.problems);
  }
  for (const use of uses) {
    const needed = placeholders(use.key);
    if (use.args !== null && needed.length > 0 && needed[needed.length - 1] >= use.args)
      problems.push({
        file: use.file,
        line: use.line,
        message: `'${use.key}' uses {${needed[needed.length - 1]}} but the call passes ${use.args} argument(s)`,
      });
  }
  return { uses, keys: [...new Set(uses.map((u) => u.key))].sort(), problems };
}

export interface BundleCheck {
  /** Keys the code uses that the bundle lacks (or translates as an empty string). */
  readonly missing: readonly string[];
  /** Keys of the bundle that no code uses. */
  readonly stale: readonly string[];
  /** Keys whose translation has other placeholders than the key. */
  readonly placeholders: readonly { key: string; translation: string }[];
}

export function checkBundle(keys: readonly string[], bundle: Readonly<Record<string, unknown>>): BundleCheck {
  const used = new Set(keys);
  const missing = keys.filter((k) => typeof bundle[k] !== 'string' || (bundle[k] as string).trim() === '');
  const stale = Object.keys(bundle).filter((k) => !used.has(k));
  const mismatched = Object.entries(bundle)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && used.has(e[0]))
    .filter(([key, translation]) => placeholders(key).join() !== placeholders(translation).join())
    .map(([key, translation]) => ({ key, translation }));
  return { missing, stale, placeholders: mismatched };
}

/** One readable report (empty when all is well), for an assertion message and the command line. */
export function describe(extraction: Extraction, check: BundleCheck, bundleName: string): string {
  const where = (key: string): string =>
    extraction.uses
      .filter((u) => u.key === key)
      .map((u) => `${u.file}:${u.line}`)
      .join(', ');
  const lines: string[] = [];
  if (extraction.problems.length) lines.push('calls the key reader cannot follow:', ...extraction.problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`));
  if (check.missing.length)
    lines.push(`${check.missing.length} key(s) missing from ${bundleName}:`, ...check.missing.map((k) => `  ${JSON.stringify(k)}  (${where(k)})`));
  if (check.stale.length) lines.push(`${check.stale.length} key(s) of ${bundleName} that no code uses:`, ...check.stale.map((k) => `  ${JSON.stringify(k)}`));
  if (check.placeholders.length)
    lines.push(
      'placeholders differ between key and translation:',
      ...check.placeholders.map((p) => `  ${JSON.stringify(p.key)} → ${JSON.stringify(p.translation)}`),
    );
  return lines.join('\n');
}
