// What a Spanish student reads, held to l10n/STYLE.es.md: the words the style guide's table says not
// to use, in every Spanish text the product shows (the bundle, package.nls.es.json, the glossary's
// Spanish terms and definitions, the Spanish course pack and its units). The lecture's own English
// examples and the code in backquotes are left out; file names are not prose.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../../support/paths';

const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
const json = (file: string): unknown => JSON.parse(read(file));

/** Each Spanish text the product shows, with where it comes from. */
function spanishTexts(): { where: string; text: string }[] {
  const texts: { where: string; text: string }[] = [];
  for (const [key, value] of Object.entries(json('l10n/bundle.l10n.es.json') as Record<string, string>)) texts.push({ where: `bundle: ${key}`, text: value });
  for (const [key, value] of Object.entries(json('package.nls.es.json') as Record<string, string>))
    texts.push({ where: `package.nls.es.json: ${key}`, text: value });
  const glossary = json('l10n/glossary.json') as { entries: { id: string; term: Record<string, string>; definition: Record<string, string> }[] };
  for (const e of glossary.entries) texts.push({ where: `glossary: ${e.id}`, text: `${e.term.es}. ${e.definition.es}` });
  const pack = json('media/course/es/pack.json') as { title: string; units: Record<string, unknown>[] };
  texts.push({ where: 'pack: title', text: pack.title });
  for (const unit of pack.units) {
    const q = unit.question as Record<string, unknown>;
    const parts = [unit.section, unit.title, q.prompt, ...((q.labels as string[] | undefined) ?? []), ...(unit.hints as string[]), unit.tryOwn];
    texts.push({ where: `pack: ${String(unit.id)}`, text: parts.join(' | ') });
  }
  const units = path.join('media/course/es/units');
  for (const file of readdirSync(path.join(ROOT, units))) texts.push({ where: `${units}/${file}`, text: read(path.join(units, file)) });
  return texts;
}

/** Prose only: code spans and the lecture's English examples quoted «…» in English are not judged. */
const prose = (text: string): string =>
  text
    .replace(/`[^`]*`/g, '')
    .replace(/\(command:[^)]*\)/g, '')
    .replace(/\{[^{}]*\}/g, '')
    .replace(/«[A-Z][^«»]*[.?]»/g, '');

/** The style guide's "no usar" words (and the anglicisms found next to them), each with the term to use. */
const AVOID: readonly { readonly pattern: RegExp; readonly use: string }[] = [
  { pattern: /\bfrases?\b/iu, use: 'oración (sentence): la clase y el glosario' },
  { pattern: /\bajustes?\b/iu, use: 'opción de configuración (setting)' },
  { pattern: /\b(la|una) [*_]*softmax\b/iu, use: 'el softmax (masculino, como en las vistas: «después del softmax»)' },
  { pattern: /"[\p{L} ]+"|'[\p{L} ]+'/u, use: 'comillas angulares « » para citar palabras o valores' },
  { pattern: /\b(query|queries|key|keys|value|values)\b/u, use: 'Query, Key, Value con mayúscula, como en la clase y STYLE.es.md' },
  // The vectors' names are Query, Key and Value; the Spanish word only in brackets after them, the first time («Query (consulta)»).
  {
    pattern: /(?<!(?:Query|Key)\**\s\((?:la )?|\(la )\b(consultas?|claves?)\b/iu,
    use: 'Query, Key (y Value): los nombres de los vectores en la clase y el panel; la palabra española solo entre paréntesis',
  },
  {
    pattern: /\bcabezas? (de (salida|clasificación|palabra enmascarada|predicción|preentrenamiento)|afinada|pequeña)|pequeña cabeza/iu,
    use: 'capa de salida o clasificador: «cabeza» es la de atención (glosario)',
  },
  // What fine-tuning trains is no attention head: «entrena una cabeza», «se entrenaba la cabeza» read as one.
  { pattern: /\b(entren|afin)\p{L}*\s+(una |la |otra |su )?cabezas?\b/iu, use: 'clasificador o capa de clasificación: lo que se entrena al afinar (glosario)' },
  { pattern: /\b(word2vec|Word2vec|glove|Glove)\b/u, use: 'Word2Vec, GloVe: los nombres como los escribe la clase' },
  { pattern: /\bcada otro\b/iu, use: 'cada uno de los demás, o cada token (calco de «each other»)' },
  { pattern: /\bnivel(es)?\b/iu, use: 'capa (layer); «por tokens» o «por palabras» para la unidad de una lista (token level)' },
];

describe('the Spanish texts', () => {
  const texts = spanishTexts();

  it('are all read: bundle, manifest, glossary, course pack and units', () => {
    assert.ok(texts.length > 700, `${texts.length} texts`);
    assert.ok(texts.some((t) => t.where.startsWith('media/course/es/units/')));
  });

  it("use the style guide's terms, not the ones it lists as not to use", () => {
    const found = texts.flatMap(({ where, text }) =>
      AVOID.flatMap(({ pattern, use }) => {
        const match = new RegExp(pattern.source, `${pattern.flags}g`);
        return [...prose(text).matchAll(match)].map((m) => `${where}: «${m[0]}» → ${use}`);
      }),
    );
    assert.deepEqual(found, []);
  });
});

describe('the Spanish command titles', () => {
  it('are all infinitives, as STYLE.es.md asks («Analizar selección», not «Siguiente palabra…»)', () => {
    const nls = json('package.nls.es.json') as Record<string, string>;
    const titles = Object.entries(nls).filter(([key]) => /^command\.[^.]+\.title$/.test(key));
    assert.ok(titles.length > 20, `${titles.length} command titles`);
    // A Spanish infinitive ends its first word in -ar, -er or -ir; the nouns that do too are listed.
    const NOT_VERBS = new Set(['lugar', 'nivel', 'mujer', 'par', 'hogar', 'collar']);
    const wrong = titles.filter(([, title]) => {
      const first = title.split(/[\s,]/)[0].toLowerCase();
      return !/^\p{L}+(ar|er|ir)$/u.test(first) || NOT_VERBS.has(first);
    });
    assert.deepEqual(
      wrong.map(([key, title]) => `${key}: «${title}»`),
      [],
    );
  });
});

/** A Spanish unit's explanation, its Markdown line breaks made spaces. */
const unitText = (file: string): string => read(path.join('media/course/es/units', file)).replace(/\s+/g, ' ');

describe('the Spanish course units', () => {
  it('name the lecture’s terms for what they teach', () => {
    const missing = [
      ['17-masked-words.md', 'modelado de lenguaje enmascarado'],
      ['13-decoder-mask.md', 'autorregresivo'],
      ['13-decoder-mask.md', 'máscara de anticipación'],
      ['02-rnn.md', 'red neuronal recurrente'],
      ['03-architecture.md', 'bloques Transformer'],
      ['11-transformer-block.md', 'conexiones residuales'],
      ['12-decoder.md', 'autorregresivo'],
      ['15-encoder-decoder.md', 'codificador-decodificador'],
    ].filter(([file, term]) => !unitText(file).includes(term));
    assert.deepEqual(missing, []);
  });
});

describe('the Spanish units’ code spans', () => {
  it('hold code, tokens or names, not Spanish words set as code', () => {
    const files = readdirSync(path.join(ROOT, 'media/course/es/units'));
    const prosey = files.flatMap((file) =>
      [...unitText(file).matchAll(/`([^`]*)`/g)].filter((m) => /^[a-záéíóúñ]+( [a-záéíóúñ]+)+$/u.test(m[1])).map((m) => `${file}: ${m[0]}`),
    );
    assert.deepEqual(prosey, []);
  });
});

describe('the Spanish units on Query, Key and Value', () => {
  it('use the lecture’s names, the panel’s too, and say them in Spanish the first time', () => {
    const pack = json('media/course/es/pack.json') as { units: { file: string; glossary: string[] }[] };
    const units = pack.units.filter((u) => u.glossary.includes('query'));
    assert.ok(units.length >= 2, 'the attention table and the Q/K/V units');
    const missing = units.flatMap((u) => {
      const text = unitText(path.basename(u.file)).replace(/[*_]/g, '');
      return ['Query (consulta', 'Key (clave', 'Value (valor'].filter((name) => !text.includes(name)).map((name) => `${u.file}: «${name}…)»`);
    });
    assert.deepEqual(missing, []);
  });
});

describe('the course’s actions in Spanish', () => {
  it('have one name whether the quick pick or the Course tab offers them', () => {
    const es = json('l10n/bundle.l10n.es.json') as Record<string, string>;
    const pairs = [
      ['Try Your Own Text', 'Try it with your own text'],
      ['$(question) Show a hint ({0} of {1})', 'Show a hint ({0} of {1})'],
    ];
    const differ = pairs.filter(([pick, tab]) => es[pick].replace(/^\$\([a-z-]+\) /, '') !== es[tab]).map(([pick, tab]) => `${es[pick]} ≠ ${es[tab]}`);
    assert.deepEqual(differ, []);
  });
});
