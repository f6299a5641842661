/**
 * The course pack format and its checks (pure; extension host, tests). A pack is one folder per
 * language (`media/course/<lang>/`): `pack.json` lists the units in order, each unit's explanation is
 * a Markdown file beside it, and the texts the units analyze are sample files. `parsePack` checks the
 * JSON and names the file, unit and field at fault; `checkPackFiles` checks what the JSON points to
 * (the files exist, the words a unit selects or asks about occur in its sample). media/course/README.md
 * documents the format for teachers.
 *
 *   const pack = parsePack(JSON.parse(text), 'media/course/es/pack.json', glossaryIds);
 *   const problems = checkPackFiles(pack, (file) => texts.get(file) ?? null);
 */
import type { Translate } from '../locale';

export const PACK_FORMAT = 1;
/** The panel's views a unit may name: tabs of src/protocol/panelTabs.ts, views of its Attention tab, and 'tokens' (the strip, over the matrix). */
export const COURSE_VIEWS = ['tokens', 'matrix', 'heads', 'model', 'predictions', 'compare', 'bert', 'repr', 'inside'] as const;
export type CourseView = (typeof COURSE_VIEWS)[number];
export const QUESTION_KINDS = [
  'tokenCount',
  'mostAttended',
  'futureAttention',
  'nextToken',
  'maskedWord',
  'nextSentence',
  'positions',
  'wordOrder',
  'senses',
  'ablation',
  'fineTune',
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** What the unit sets up before its question: which model reads which text, and which view shows it. */
export interface UnitSetup {
  readonly model: 'encoder' | 'decoder';
  /** A sample file of the pack (relative to the pack's folder). */
  readonly sample: string;
  /** The passage of the sample to analyze (its first occurrence); the whole sample when absent. */
  readonly select?: string;
  readonly view: CourseView;
  /** −1 = the last layer. */
  readonly layer?: number;
  /** One head; the mean over heads when absent. */
  readonly head?: number;
}

/**
 * A question asked before its answer is shown. The answer is never written in the pack: it is
 * computed from the live model's output on the unit's text (questions.ts), so another model or
 * another text still gets a true check.
 */
export interface Question {
  readonly kind: QuestionKind;
  readonly prompt: string;
  /** The word the question is about (tokenCount, mostAttended, futureAttention, maskedWord). */
  readonly word?: string;
  /** futureAttention: a word after `word`, whose attention from `word` is asked for. */
  readonly later?: string;
  /** futureAttention: the labels of the two answers, "exactly zero" then "more than zero"; wordOrder, senses: "identical" then "different". */
  readonly labels?: readonly [string, string];
  /** nextSentence: sentence A, and the candidates for sentence B (two to four), in the order shown. */
  readonly sentence?: string;
  readonly followers?: readonly string[];
  /** positions: a position of the learned table (from 0), and the positions compared with it (two to four). */
  readonly position?: number;
  readonly compare?: readonly number[];
  /** wordOrder, senses: the layer of the representation compared (0: the static embeddings; −1: the last). */
  readonly layer?: number;
  /** wordOrder: the seed of the shuffle (the same seed, the same order). */
  readonly seed?: number;
  /** ablation: the heads switched off (layer and head from 0); labels: "stays the same", then "changes". */
  readonly heads?: readonly { readonly layer: number; readonly head: number }[];
  /** fineTune: a file of the pack with the labelled examples, one a line, "label<TAB>text". */
  readonly labelled?: string;
}

/** The labelled examples of a fineTune question's file: one a line, "label<TAB>text" (any line end: LF, CRLF, a lone CR); blank lines skipped. */
export function parseExamples(text: string): { label: string; text: string }[] {
  return text
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const tab = line.indexOf('\t');
      return tab < 0 ? { label: '', text: line.trim() } : { label: line.slice(0, tab).trim(), text: line.slice(tab + 1).trim() };
    });
}

export interface CourseUnit {
  readonly id: string;
  /** The lecture's section it follows. */
  readonly section: string;
  readonly title: string;
  /** The explanation, a Markdown file of the pack. */
  readonly file: string;
  readonly setup: UnitSetup;
  readonly question: Question;
  /** Staged hints, shown one at a time. */
  readonly hints: readonly string[];
  /** What to try on one's own text. */
  readonly tryOwn: string;
  /** Glossary ids (l10n/glossary.json) whose definitions the unit links. */
  readonly glossary: readonly string[];
}

export interface CoursePack {
  readonly format: typeof PACK_FORMAT;
  readonly id: string;
  readonly language: string;
  readonly title: string;
  readonly units: readonly CourseUnit[];
}

/** Words for people, in the reader's language: `t` is the caller's translator. */
export type Say = (t: Translate) => string;

/** A Translate that only fills the placeholders: the English every message is also kept in (log, CLI, tests). */
export const inEnglish: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

/** An error whose `say` words it in the reader's language; its message is the English. */
export class SaidError extends Error {
  constructor(readonly say: Say) {
    super(say(inEnglish));
  }
}

/** A pack that does not check: its file, the unit and field, and the problem. */
export class CourseError extends SaidError {}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const LANGUAGE = /^[a-z]{2}(-[A-Z]{2})?$/;
/** A file inside the pack's folder: relative, no way out of it, no hidden files. */
const PACK_FILE = /^(?!.*(^|\/)\.)[\w\-./]+\.(md|txt)$/;

type Fail = (where: string, what: Say) => never;

function record(value: unknown, where: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, (t: Translate) => t('must be an object'));
  return value as Record<string, unknown>;
}

function text(o: Record<string, unknown>, key: string, where: string, fail: Fail, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v.trim() === '') fail(`${where}.${key}`, (t: Translate) => t('must be a non-empty string'));
  return v as string;
}

function file(o: Record<string, unknown>, key: string, where: string, fail: Fail): string {
  const v = text(o, key, where, fail)!;
  if (!PACK_FILE.test(v) || v.split('/').includes('..'))
    fail(`${where}.${key}`, (t: Translate) => t(`"{0}" must be a .md or .txt file inside the pack's folder`, v));
  return v;
}

function integer(o: Record<string, unknown>, key: string, min: number, where: string, fail: Fail): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(`${where}.${key}`, (t: Translate) => t('must be an integer ≥ {0}', min));
  return v as number;
}

function texts(o: Record<string, unknown>, key: string, where: string, fail: Fail, nonEmpty: boolean): string[] {
  const v = o[key];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s.trim() === ''))
    fail(`${where}.${key}`, (t: Translate) => t('must be a list of non-empty strings'));
  if (nonEmpty && (v as string[]).length === 0) fail(`${where}.${key}`, (t: Translate) => t('must not be empty'));
  return v as string[];
}

function oneOf<T extends string>(o: Record<string, unknown>, key: string, allowed: readonly T[], where: string, fail: Fail): T {
  const v = o[key];
  if (typeof v !== 'string' || !allowed.includes(v as T)) fail(`${where}.${key}`, (t: Translate) => t('must be one of {0}', allowed.join(', ')));
  return v as T;
}

function parseSetup(value: unknown, where: string, fail: Fail): UnitSetup {
  const o = record(value, where, fail);
  return {
    model: oneOf(o, 'model', ['encoder', 'decoder'] as const, where, fail),
    sample: file(o, 'sample', where, fail),
    select: text(o, 'select', where, fail, true),
    view: oneOf(o, 'view', COURSE_VIEWS, where, fail),
    layer: integer(o, 'layer', -1, where, fail),
    head: integer(o, 'head', 0, where, fail),
  };
}

function parseQuestion(value: unknown, setup: UnitSetup, where: string, fail: Fail): Question {
  const o = record(value, where, fail);
  const kind = oneOf(o, 'kind', QUESTION_KINDS, where, fail);
  const prompt = text(o, 'prompt', where, fail)!;
  const needsWord = !['nextToken', 'nextSentence', 'positions', 'wordOrder', 'ablation', 'fineTune'].includes(kind);
  const word = needsWord ? text(o, 'word', where, fail) : undefined;
  if (kind === 'nextToken' && setup.model !== 'decoder') fail(`${where}.kind`, (t: Translate) => t('nextToken needs the decoder (setup.model)'));
  if (kind === 'maskedWord' && setup.model !== 'encoder') fail(`${where}.kind`, (t: Translate) => t('maskedWord needs the encoder (setup.model)'));
  if (kind === 'nextSentence') {
    if (setup.model !== 'encoder') fail(`${where}.kind`, (t: Translate) => t('nextSentence needs the encoder (setup.model)'));
    const sentence = text(o, 'sentence', where, fail);
    const followers = texts(o, 'followers', where, fail, true);
    if (followers.length < 2 || followers.length > 4 || new Set(followers).size !== followers.length)
      fail(`${where}.followers`, (t: Translate) => t('must hold two to four different sentences'));
    return { kind, prompt, sentence, followers };
  }
  if (kind === 'positions') {
    const position = integer(o, 'position', 0, where, fail);
    if (position === undefined) fail(`${where}.position`, (t: Translate) => t('must be an integer ≥ 0'));
    const compare = o.compare;
    if (!Array.isArray(compare) || !compare.every((n) => Number.isInteger(n) && (n as number) >= 0 && (n as number) < 4096))
      fail(`${where}.compare`, (t: Translate) => t('must be a list of positions (integers from 0 to 4095)'));
    const list = compare as number[];
    if (list.length < 2 || list.length > 4 || new Set([position, ...list]).size !== list.length + 1)
      fail(`${where}.compare`, (t: Translate) => t('must hold two to four different positions, none of them `position`'));
    return { kind, prompt, position, compare: list };
  }
  if (kind === 'fineTune') {
    if (setup.model !== 'encoder') fail(`${where}.kind`, (t: Translate) => t('fineTune needs the encoder (setup.model)'));
    return { kind, prompt, labelled: file(o, 'labelled', where, fail) };
  }
  if (kind === 'ablation') {
    if (setup.model !== 'decoder') fail(`${where}.kind`, (t: Translate) => t('ablation needs the decoder (setup.model): it asks about the next word'));
    const heads = o.heads;
    const isHead = (h: unknown) =>
      typeof h === 'object' &&
      h !== null &&
      [(h as Record<string, unknown>).layer, (h as Record<string, unknown>).head].every((n) => Number.isInteger(n) && (n as number) >= 0);
    if (!Array.isArray(heads) || heads.length === 0 || heads.length > 64 || !heads.every(isHead))
      fail(`${where}.heads`, (t: Translate) => t('must be a list of one to 64 heads, each { "layer", "head" } counted from 0'));
    const labels = texts(o, 'labels', where, fail, true);
    if (labels.length !== 2) fail(`${where}.labels`, (t: Translate) => t('must hold two labels: "stays the same", then "changes"'));
    const list = (heads as { layer: number; head: number }[]).map((h) => ({ layer: h.layer, head: h.head }));
    return { kind, prompt, heads: list, labels: [labels[0], labels[1]] };
  }
  if (kind === 'wordOrder' || kind === 'senses') {
    const labels = texts(o, 'labels', where, fail, true);
    if (labels.length !== 2) fail(`${where}.labels`, (t: Translate) => t('must hold two labels: "identical", then "different"'));
    const layer = integer(o, 'layer', -1, where, fail) ?? -1;
    if (kind === 'senses') return { kind, prompt, word, labels: [labels[0], labels[1]], layer };
    return { kind, prompt, labels: [labels[0], labels[1]], layer, seed: integer(o, 'seed', 0, where, fail) ?? 1 };
  }
  if (kind !== 'futureAttention') return { kind, prompt, word };
  const later = text(o, 'later', where, fail);
  const labels = texts(o, 'labels', where, fail, true);
  if (labels.length !== 2) fail(`${where}.labels`, (t: Translate) => t('must hold two labels: "exactly zero", then "more than zero"'));
  return { kind, prompt, word, later, labels: [labels[0], labels[1]] };
}

function parseUnit(value: unknown, where: string, fail: Fail, glossary: ReadonlySet<string> | null): CourseUnit {
  const o = record(value, where, fail);
  const id = text(o, 'id', where, fail)!;
  if (!ID.test(id)) fail(`${where}.id`, (t: Translate) => t(`"{0}" must be kebab-case (a-z, 0-9, -)`, id));
  const at = `unit ${id}`;
  const setup = parseSetup(o.setup, `${at}: setup`, fail);
  const terms = texts(o, 'glossary', at, fail, false);
  for (const term of terms) if (glossary && !glossary.has(term)) fail(`${at}.glossary`, (t: Translate) => t(`"{0}" is not a glossary id`, term));
  return {
    id,
    section: text(o, 'section', at, fail)!,
    title: text(o, 'title', at, fail)!,
    file: file(o, 'file', at, fail),
    setup,
    question: parseQuestion(o.question, setup, `${at}: question`, fail),
    hints: texts(o, 'hints', at, fail, true),
    tryOwn: text(o, 'tryOwn', at, fail)!,
    glossary: terms,
  };
}

/** Checks a pack.json and returns the pack; throws a CourseError "file: unit id: field: problem". */
export function parsePack(json: unknown, fileName: string, glossary: ReadonlySet<string> | null = null): CoursePack {
  const fail: Fail = (where, what) => {
    throw new CourseError((t: Translate) => `${fileName}: ${where}: ${what(t)}`);
  };
  const o = record(json, 'pack', fail);
  if (o.format !== PACK_FORMAT) fail('format', (t: Translate) => t('must be {0}', PACK_FORMAT));
  const id = text(o, 'id', 'pack', fail)!;
  if (!ID.test(id)) fail('pack.id', (t: Translate) => t(`"{0}" must be kebab-case`, id));
  const language = text(o, 'language', 'pack', fail)!;
  if (!LANGUAGE.test(language)) fail('pack.language', (t: Translate) => t(`"{0}" must be a language code such as es or en`, language));
  if (!Array.isArray(o.units) || o.units.length === 0) fail('pack.units', (t: Translate) => t('must be a non-empty list'));
  const units = (o.units as unknown[]).map((u, i) => parseUnit(u, `units[${i}]`, fail, glossary));
  const seen = new Set<string>();
  for (const u of units) {
    if (seen.has(u.id)) fail(`unit ${u.id}`, (t: Translate) => t('appears twice'));
    seen.add(u.id);
  }
  return { format: PACK_FORMAT, id, language, title: text(o, 'title', 'pack', fail)!, units };
}

/**
 * What the pack points to but lacks, one line per problem ("unit id: field: problem"): missing
 * explanation or sample files, and words the unit selects or asks about that its text lacks.
 */
export function checkPackFiles(pack: CoursePack, read: (file: string) => string | null): Say[] {
  const problems: Say[] = [];
  for (const unit of pack.units) {
    const at = unit.id;
    if (read(unit.file) === null) problems.push((t: Translate) => t('unit {0}: file: {1} is missing', at, unit.file));
    const sample = read(unit.setup.sample);
    if (sample === null) {
      problems.push((t: Translate) => t('unit {0}: setup.sample: {1} is missing', at, unit.setup.sample));
      continue;
    }
    const select = unit.setup.select;
    if (select !== undefined && !sample.includes(select))
      problems.push((t: Translate) => t('unit {0}: setup.select: "{1}" is not in {2}', at, select, unit.setup.sample));
    const passage = select ?? sample;
    for (const key of ['word', 'later', 'sentence'] as const) {
      const word = unit.question[key];
      if (word !== undefined && !passage.includes(word))
        problems.push((t: Translate) => t('unit {0}: question.{1}: "{2}" is not in the analyzed text', at, key, word));
    }
    for (const follower of unit.question.followers ?? [])
      if (!passage.includes(follower)) problems.push((t: Translate) => t('unit {0}: question.followers: "{1}" is not in the analyzed text', at, follower));
    if (unit.question.labelled !== undefined) {
      const examples = read(unit.question.labelled);
      if (examples === null) problems.push((t: Translate) => t('unit {0}: question.labelled: {1} is missing', at, unit.question.labelled!));
      else {
        const list = parseExamples(examples);
        if (list.length < 4 || new Set(list.map((e) => e.label)).size < 2 || list.some((e) => e.label === '' || e.text === ''))
          problems.push((t: Translate) => t('unit {0}: question.labelled: needs four or more lines "label<TAB>text" with two or more labels', at));
      }
    }
    const { word, later } = unit.question;
    if (word && later && passage.indexOf(later, passage.indexOf(word) + word.length) < 0)
      problems.push((t: Translate) => t('unit {0}: question.later: "{1}" must come after "{2}"', at, later, word));
  }
  return problems;
}
