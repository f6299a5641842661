// The manifest's strings go through VS Code's own localization: every text a person reads in
// package.json (command titles and categories, view names, setting descriptions and enum
// descriptions, colour descriptions, the extension's description) is a %key% of package.nls.json,
// package.nls.json holds no key the manifest does not use, and the l10n folder is declared.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../../support/paths';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
const nls = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** The paths of the manifest's user-visible strings: field names people read, wherever they sit. */
const VISIBLE = new Set([
  'title',
  'category',
  'name',
  'description',
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'patternErrorMessage',
  'label',
  'altText',
]);

function visibleStrings(value: unknown, at: string, out: [string, string][]): [string, string][] {
  if (Array.isArray(value)) value.forEach((v, i) => visibleStrings(v, `${at}[${i}]`, out));
  else if (typeof value === 'object' && value !== null)
    for (const [key, v] of Object.entries(value)) {
      if (VISIBLE.has(key) && typeof v === 'string') out.push([`${at}.${key}`, v]);
      else if (VISIBLE.has(key) && Array.isArray(v)) v.forEach((s, i) => typeof s === 'string' && out.push([`${at}.${key}[${i}]`, s]));
      else visibleStrings(v, `${at}.${key}`, out);
    }
  return out;
}

describe('manifest localization', () => {
  const strings = [
    ['description', manifest.description as string] as [string, string],
    ...visibleStrings(manifest.contributes, 'contributes', []),
    ...visibleStrings(manifest.capabilities, 'capabilities', []),
  ];

  it('declares the bundle folder VS Code reads', () => {
    assert.equal(manifest.l10n, './l10n');
    assert.ok(existsSync(path.join(ROOT, 'l10n', 'bundle.l10n.es.json')));
  });

  it('puts every user-visible manifest string through a %key% of package.nls.json', () => {
    assert.ok(strings.length > 50, `${strings.length} strings`);
    assert.deepEqual(
      strings.filter(([, s]) => !/^%[\w.-]+%$/.test(s)).map(([at, s]) => `${at}: ${s}`),
      [],
    );
    assert.deepEqual(
      strings.filter(([, s]) => !(s.slice(1, -1) in nls)).map(([at, s]) => `${at}: ${s}`),
      [],
    );
  });

  it('keeps no key in package.nls.json that the manifest does not use', () => {
    const used = new Set(strings.map(([, s]) => s.slice(1, -1)));
    assert.deepEqual(
      Object.keys(nls).filter((k) => !used.has(k)),
      [],
    );
  });
});

describe('commands named in messages', () => {
  it('are named in each language as its Command Palette names them', () => {
    const titles = Object.entries(nls).filter(([key]) => /^command\.\w+\.title$/.test(key));
    const bundle = JSON.parse(readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.es.json'), 'utf8')) as Record<string, string>;
    const es = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.es.json'), 'utf8')) as Record<string, string>;
    const wrong: string[] = [];
    let named = 0;
    for (const [message, translation] of Object.entries(bundle))
      for (const [key, title] of titles) {
        // The longest title that fits ("… in Files…" over "…"): a title followed by more letters is another command.
        if (!new RegExp(`Attention Lens: ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w…])`).test(message)) continue;
        named++;
        if (!translation.includes(`Attention Lens: ${es[key]}`)) wrong.push(`${message} → ${translation} (wants “${es[key]}”)`);
      }
    assert.ok(named > 10, `${named} messages name a command`);
    assert.deepEqual(wrong, []);
  });
});
