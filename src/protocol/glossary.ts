/**
 * The glossary's shape and its loader (pure; extension host, webviews, tests). The terms
 * themselves are data, `l10n/glossary.json`, one entry per concept with its name and a short
 * definition in every language, in the vocabulary of the course's lecture (l10n/STYLE.es.md): the
 * course's units link these entries (their terms and definitions, in the Course tab and the quick
 * pick), and the UI's strings use the same names (l10n/STYLE.es.md), so a concept has one name per
 * language everywhere; docs/lecture.md maps each lecture section to the view that shows it. The
 * caller reads the file; `parseGlossary` checks it and says where it is wrong (entry, field).
 *
 *   const glossary = parseGlossary(JSON.parse(text));
 *   lookup(glossary, 'causal-mask', 'es')   // { term: 'máscara causal', definition: '…' }
 */

export interface GlossaryEntry {
  /** Stable id, kebab-case ('multi-head-attention'). */
  readonly id: string;
  /** The term in each of the glossary's languages. */
  readonly term: Readonly<Record<string, string>>;
  /** One or two sentences in each language. */
  readonly definition: Readonly<Record<string, string>>;
  /** Other names people meet for it, per language (the lecture's, the literature's); optional. */
  readonly aliases?: Readonly<Record<string, readonly string[]>>;
  /** Ids of related entries. */
  readonly see?: readonly string[];
}

export interface Glossary {
  /** Every entry has a term and a definition in each of these ('en' first). */
  readonly languages: readonly string[];
  readonly entries: readonly GlossaryEntry[];
}

export class GlossaryError extends Error {}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Checks and returns the glossary; throws a GlossaryError naming the entry and field at fault. */
export function parseGlossary(json: unknown): Glossary {
  const fail = (where: string, what: string): never => {
    throw new GlossaryError(`glossary: ${where}: ${what}`);
  };
  if (!isRecord(json)) fail('top level', 'not an object');
  const root = json as Record<string, unknown>;
  const languages = root.languages;
  if (!Array.isArray(languages) || languages.length === 0 || !languages.every((l) => typeof l === 'string' && l !== ''))
    fail('languages', 'must list language codes');
  if (!Array.isArray(root.entries)) fail('entries', 'must be a list');
  const langs = languages as string[];
  const entries: GlossaryEntry[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of (root.entries as unknown[]).entries()) {
    const at = (field: string): string => `entries[${index}]${isRecord(raw) && typeof raw.id === 'string' ? ` (${raw.id})` : ''}.${field}`;
    if (!isRecord(raw)) fail(`entries[${index}]`, 'not an object');
    const entry = raw as Record<string, unknown>;
    if (typeof entry.id !== 'string' || !ID.test(entry.id)) fail(at('id'), 'must be kebab-case');
    if (seen.has(entry.id as string)) fail(at('id'), 'appears twice');
    seen.add(entry.id as string);
    for (const field of ['term', 'definition'] as const) {
      const value = entry[field];
      if (!isRecord(value)) fail(at(field), 'must map each language to a text');
      for (const lang of langs) {
        const text = (value as Record<string, unknown>)[lang];
        if (typeof text !== 'string' || text.trim() === '') fail(at(`${field}.${lang}`), 'is missing');
      }
    }
    if (entry.aliases !== undefined) {
      if (!isRecord(entry.aliases)) fail(at('aliases'), 'must map languages to lists of names');
      for (const [lang, names] of Object.entries(entry.aliases as Record<string, unknown>))
        if (!langs.includes(lang) || !Array.isArray(names) || !names.every((n) => typeof n === 'string' && n !== ''))
          fail(at(`aliases.${lang}`), 'must be a list of names in one of the languages');
    }
    if (entry.see !== undefined && (!Array.isArray(entry.see) || !entry.see.every((s) => typeof s === 'string'))) fail(at('see'), 'must be a list of ids');
    entries.push(entry as unknown as GlossaryEntry);
  }
  for (const [index, entry] of entries.entries())
    for (const id of entry.see ?? []) if (!seen.has(id)) fail(`entries[${index}] (${entry.id}).see`, `names no entry '${id}'`);
  return { languages: langs, entries };
}

/** An entry's term and definition in `language` (English when the glossary lacks the language); null for an unknown id. */
export function lookup(glossary: Glossary, id: string, language: string): { term: string; definition: string } | null {
  const entry = glossary.entries.find((e) => e.id === id);
  if (!entry) return null;
  const lang = glossary.languages.includes(language) ? language : glossary.languages[0];
  return { term: entry.term[lang], definition: entry.definition[lang] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
