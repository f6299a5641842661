// docs/lecture.md maps each section of the lecture the first users follow to where the product shows it, in
// English and in Spanish. A student types those names into the palette and looks for those tabs: every command
// title (*…*) must be a contributed command's title in that language, every tab or view name (**…**) the UI's
// own word for it, and every course unit (`…`) a unit of both packs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../../support/paths';

const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const json = (file: string): Record<string, unknown> => JSON.parse(read(file)) as Record<string, unknown>;

interface Row {
  section: string;
  en: string;
  es: string;
  units: string;
}

function rows(): Row[] {
  return read('docs/lecture.md')
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Lecture') && !/^\|[-| ]+\|$/.test(line))
    .map((line) => {
      const cells = line.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, '').trim());
      return { section: cells[0], en: cells[2], es: cells[3], units: cells[4] };
    });
}

const all = (text: string, re: RegExp): string[] => [...text.matchAll(re)].map((m) => m[1]);
const ITALIC = /(?<!\*)\*([^*]+)\*(?!\*)/g;
const BOLD = /\*\*([^*]+)\*\*/g;

describe('the lecture map (docs/lecture.md)', () => {
  it('covers every section of the lecture, in its order', () => {
    const sections = rows().map((r) => r.section);
    assert.ok(sections.length >= 18, `only ${sections.length} rows`);
    for (const s of [
      'Representaciones de texto',
      'Codificación posicional',
      'Atención multi-cabezal',
      'Enmascaramiento',
      'BETO',
      'Afinamiento',
      'Grandes modelos de lenguaje',
    ])
      assert.ok(sections.includes(s), `no row for «${s}»`);
  });

  it('names commands by their real titles, in English and in Spanish', () => {
    const pkg = json('package.json') as { contributes: { commands: { title: string }[] } };
    const en = json('package.nls.json');
    const es = json('package.nls.es.json');
    const keys = pkg.contributes.commands.map((c) => c.title.replace(/^%|%$/g, ''));
    const titlesEn = new Set(keys.map((k) => en[k]));
    const titlesEs = new Set(keys.map((k) => es[k]));
    for (const row of rows()) {
      for (const title of all(row.en, ITALIC)) assert.ok(titlesEn.has(title), `${row.section}: no command is titled “${title}”`);
      for (const title of all(row.es, ITALIC)) assert.ok(titlesEs.has(title), `${row.section}: ningún comando se titula «${title}»`);
      assert.equal(all(row.en, ITALIC).length, all(row.es, ITALIC).length, `${row.section}: the same commands in both columns`);
    }
  });

  it('names tabs and views as the UI does, the Spanish the translation of the English', () => {
    const bundle = json('l10n/bundle.l10n.es.json');
    for (const row of rows()) {
      const en = all(row.en, BOLD);
      const es = all(row.es, BOLD);
      assert.equal(es.length, en.length, `${row.section}: the same views in both columns`);
      en.forEach((name, i) => {
        assert.ok(typeof bundle[name] === 'string', `${row.section}: the UI has no “${name}”`);
        assert.equal(es[i], bundle[name], `${row.section}: “${name}” is «${String(bundle[name])}» in the Spanish UI`);
      });
    }
  });

  it('points to units that both course packs hold', () => {
    for (const lang of ['es', 'en']) {
      const pack = json(`media/course/${lang}/pack.json`) as { units: { id: string }[] };
      const ids = new Set(pack.units.map((u) => u.id));
      for (const row of rows()) for (const id of all(row.units, /`([^`]+)`/g)) assert.ok(ids.has(id), `${row.section}: ${lang} pack has no unit ${id}`);
    }
  });
});
