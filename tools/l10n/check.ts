/**
 * `npm run l10n`: which localized strings each bundle lacks, which it holds that no code uses, and
 * where placeholders differ (plain Node; the same reading as the missing-key test). Exits 1 when
 * anything is off; `--missing` prints only the missing keys as a JSON object (English → English),
 * ready to be translated and merged into the bundle.
 *
 *   npm run l10n                 # every l10n/bundle.l10n.*.json and package.nls.*.json
 *   npm run l10n -- --missing    # {"key": "key", …} for the first bundle
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBundle, describe, readKeys } from './keys';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const extraction = readKeys(root);
const bundles = readdirSync(path.join(root, 'l10n')).filter((name) => /^bundle\.l10n\.[\w-]+\.json$/.test(name));
const nlsKeys = Object.keys(JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as object);
const manifests = readdirSync(root).filter((name) => /^package\.nls\.[\w-]+\.json$/.test(name));

if (process.argv.includes('--missing')) {
  const bundle = JSON.parse(readFileSync(path.join(root, 'l10n', bundles[0]), 'utf8')) as Record<string, unknown>;
  const { missing } = checkBundle(extraction.keys, bundle);
  console.log(JSON.stringify(Object.fromEntries(missing.map((k) => [k, k])), null, 2));
  process.exit(0);
}

let bad = false;
console.log(`${extraction.keys.length} keys in ${new Set(extraction.uses.map((u) => u.file)).size} files`);
for (const name of bundles) {
  const report = describe(
    extraction,
    checkBundle(extraction.keys, JSON.parse(readFileSync(path.join(root, 'l10n', name), 'utf8')) as Record<string, unknown>),
    name,
  );
  console.log(report ? `${name}:\n${report}` : `${name}: complete`);
  bad ||= report !== '';
}
for (const name of manifests) {
  const report = describe(
    { ...extraction, problems: [] },
    checkBundle(nlsKeys, JSON.parse(readFileSync(path.join(root, name), 'utf8')) as Record<string, unknown>),
    name,
  );
  console.log(report ? `${name}:\n${report}` : `${name}: complete`);
  bad ||= report !== '';
}
process.exit(bad ? 1 : 0);
