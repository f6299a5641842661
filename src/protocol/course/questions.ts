/**
 * A course question's choices and answer, computed from the live model's output (pure; extension
 * host, tests). The pack never holds an answer: the host analyzes the unit's text with the unit's
 * model, gathers the evidence a question needs (`rowsNeeded` says which attention rows), and
 * `askQuestion` turns it into choices and the index of the true one. A different model or text
 * gives a different, still true, answer.
 *
 *   const rows = rowsNeeded(question, passage, tokens);            // e.g. [3]
 *   const asked = askQuestion(question, { passage, tokens, rows: fetched });
 *   asked.choices[asked.answer]                                     // what the model actually did
 *
 * Two kinds ask the engine for more than the analysis: nextSentence (its `nsp` method, once per
 * candidate B) and positions (its `positions` method, the first `positionsNeeded` rows).
 * Two more run an experiment of the Representations tab on the unit's text: wordOrder (`wordOrder`,
 * the text and its words shuffled) and senses (`senses`, two occurrences of `word`); both answer
 * from the cosine per layer the experiment measured. ablation analyzes the text again with the
 * question's heads switched off (the host's ablation) and compares the first next-word candidates.
 * fineTune trains a head on the pack's labelled lines (`fineTune`) and asks how it labels the text.
 */
import type { Translate } from '../locale';
import { SaidError, type Question } from './pack';
import { tokensCovering } from '../spans';

/** One token of the analysis, its characters counted in the analyzed passage (null: special). */
export interface EvidenceToken {
  readonly text: string;
  readonly start: number | null;
  readonly end: number | null;
  readonly special: boolean;
}

export interface Candidate {
  readonly token: string;
  readonly p: number;
}

export interface Evidence {
  /** The analyzed text. */
  readonly passage: string;
  readonly tokens: readonly EvidenceToken[];
  /** Attention rows (weights over the keys, in the unit's view) of the query tokens rowsNeeded named. */
  readonly rows?: ReadonlyMap<number, readonly number[]>;
  /** The decoder's next-token candidates after the passage, most likely first (nextToken). */
  readonly next?: readonly Candidate[];
  /** The encoder's fillers for the masked word, most likely first (maskedWord). */
  readonly fillers?: readonly Candidate[];
  /** The encoder's P(IsNext) of `sentence` followed by each of `followers`, in their order (nextSentence). */
  readonly isNext?: readonly number[];
  /** The loaded model's learned position table: cosine similarity of its first `count` rows, count × count, row-major (positions). */
  readonly positions?: { readonly count: number; readonly similarity: ArrayLike<number> };
  /**
   * Per layer (0: the static embeddings), a cosine the experiment measured: wordOrder, of the mean
   * token vectors of the text and of its shuffled words; senses, of the first two occurrences of `word`.
   */
  readonly layers?: readonly { readonly layer: number; readonly cosine: number }[];
  /** The decoder's next-token candidates with the question's heads switched off, most likely first (ablation). */
  readonly ablatedNext?: readonly Candidate[];
  /**
   * fineTune: the classes of the labelled examples (first appearance order), the trained head's label of the
   * analyzed text, the head's cross-validated accuracy (each example labelled by a head that did not see it),
   * and what always answering the examples' most common label scores (finetune.ts's baselineAccuracy).
   */
  readonly fineTuned?: {
    readonly labels: readonly string[];
    readonly label: string;
    readonly probability: number;
    readonly accuracy: number;
    readonly baseline: number;
  };
}

/** Two vectors whose cosine reaches this are "identical" (float rounding leaves 1 − 1e-7 or so). */
export const IDENTICAL_COSINE = 1 - 1e-4;

/** The largest attention weight that futureAttention counts as zero (float32's rounding of a masked key). */
export const ZERO_WEIGHT = 1e-6;

export interface AskedQuestion {
  readonly prompt: string;
  /** What the student chooses among (token texts as the model has them, or numbers). */
  readonly choices: readonly string[];
  /** Index of the true choice. */
  readonly answer: number;
  /** The model's figure behind the answer: an attention weight, a probability, a count. */
  readonly value: number;
  /** ablation: the first next-token candidate with the heads switched off, the token `value` is the probability of. */
  readonly token?: string;
  /**
   * ablation: the first candidate with every head on. Its probability beside the one without the heads
   * shows how far the prediction moved when the first token stays the same (it often does: the last
   * token alone goes a long way toward the next).
   */
  readonly before?: Candidate;
  /** mostAttended, a word of several tokens: the token whose row was read (the word's first). */
  readonly from?: string;
  /**
   * mostAttended: the key the choices leave out (a special token such as [CLS] or [SEP], or one made
   * only of whitespace) that outweighs the answer in the row, with its weight: the matrix's brightest
   * cell of that row is that key's, so the answer says so.
   */
  readonly brighter?: Candidate;
  /**
   * fineTune: the head's cross-validated accuracy, and always answering the most common label's (the bar the
   * BERT tab sets it beside; one over the labels would understate it when the labels are uneven). The label's
   * probability alone says how sure the head is, not how often it is right on lines it did not see.
   */
  readonly accuracy?: { readonly crossValidated: number; readonly mostCommon: number };
  /**
   * maskedWord: the word the pack hid, its place among the fillers (from 1; null: not among them) and its
   * probability there, out of `among` fillers. The small encoder seldom proposes it first, and its first
   * filler read alone passes for its guess at the hidden word.
   */
  readonly hidden?: { readonly word: string; readonly rank: number | null; readonly p: number; readonly among: number };
}

/** Why a question cannot be asked of this evidence (`say`: in the reader's language; the message: English). */
export class QuestionError extends SaidError {}

/** The tokens of the first occurrence of `word` in the passage (indices into `tokens`). */
export function wordTokens(word: string, passage: string, tokens: readonly EvidenceToken[], after = 0): number[] {
  const at = passage.indexOf(word, after);
  if (at < 0) throw new QuestionError((t: Translate) => t('“{0}” is not in the analyzed text', word));
  const end = at + word.length;
  const hit = tokensCovering(tokens, at, end).filter((i) => !tokens[i].special);
  if (hit.length === 0) throw new QuestionError((t: Translate) => t('no token of the analysis covers “{0}”', word));
  return hit;
}

/** How many rows of the position table the question needs (0: none). */
export function positionsNeeded(question: Question): number {
  return question.kind === 'positions' ? Math.max(question.position!, ...question.compare!) + 1 : 0;
}

/** The question's choice with the largest figure; the choices are in the pack's order, which does not give it away. */
function largest(prompt: string, choices: readonly string[], figures: readonly number[]): AskedQuestion {
  if (figures.length !== choices.length || !figures.every(Number.isFinite))
    throw new QuestionError((t: Translate) => t('the model gave no figure for each choice'));
  const answer = figures.indexOf(Math.max(...figures));
  return { prompt, choices, answer, value: figures[answer] };
}

/**
 * The query tokens whose attention rows the question needs: mostAttended reads its word's first token
 * (and says so); futureAttention every token of its word, which it merges as the panel merges subwords.
 */
export function rowsNeeded(question: Question, passage: string, tokens: readonly EvidenceToken[]): number[] {
  if (question.kind !== 'mostAttended' && question.kind !== 'futureAttention') return [];
  const word = wordTokens(question.word!, passage, tokens);
  return question.kind === 'futureAttention' ? word : [word[0]];
}

function row(evidence: Evidence, query: number): readonly number[] {
  const r = evidence.rows?.get(query);
  if (!r || r.length !== evidence.tokens.length) throw new QuestionError((t: Translate) => t('the attention row of token {0} was not gathered', query));
  return r;
}

/** Up to four candidates in a fixed order that does not give the answer away (by text), and where the top one went. */
function candidateChoice(prompt: string, candidates: readonly Candidate[] | undefined, none: (t: Translate) => string): AskedQuestion {
  if (!candidates || candidates.length === 0) throw new QuestionError(none);
  const top = candidates[0];
  const shown = [...new Map(candidates.slice(0, 4).map((c) => [c.token, c])).values()].sort((a, b) => a.token.localeCompare(b.token));
  return { prompt, choices: shown.map((c) => c.token), answer: shown.findIndex((c) => c.token === top.token), value: top.p };
}

export function askQuestion(question: Question, evidence: Evidence): AskedQuestion {
  const { passage, tokens } = evidence;
  const prompt = question.prompt;
  switch (question.kind) {
    case 'tokenCount': {
      const count = wordTokens(question.word!, passage, tokens).length;
      const choices = [...new Set([1, 2, 3, 4, count])].sort((a, b) => a - b).map(String);
      return { prompt, choices, answer: choices.indexOf(String(count)), value: count };
    }
    case 'mostAttended': {
      const query = rowsNeeded(question, passage, tokens)[0];
      const weights = row(evidence, query);
      const keys = tokens.flatMap((t, i) => (t.special || (t.text.trim() === '' && t.start !== null) ? [] : [i]));
      const ranked = [...keys].sort((a, b) => weights[b] - weights[a]);
      const shown = ranked.slice(0, 4).sort((a, b) => a - b);
      // A word of several tokens has one row per token: say whose row was read.
      const from = wordTokens(question.word!, passage, tokens).length > 1 ? tokens[query].text : undefined;
      const left = tokens.flatMap((_, i) => (keys.includes(i) ? [] : [i])).sort((a, b) => weights[b] - weights[a])[0];
      const brighter = left !== undefined && weights[left] > weights[ranked[0]] ? { token: tokens[left].text, p: weights[left] } : undefined;
      return { prompt, choices: shown.map((i) => tokens[i].text), answer: shown.indexOf(ranked[0]), value: weights[ranked[0]], from, brighter };
    }
    case 'futureAttention': {
      // Word to word as the panel's word merge reads it: the mean over the word's rows of the sum over
      // the later word's tokens (a word of several tokens has a row per token, and the later one a column per token).
      const queries = rowsNeeded(question, passage, tokens);
      const from = passage.indexOf(question.word!);
      const keys = wordTokens(question.later!, passage, tokens, from + question.word!.length);
      const weight = queries.reduce((sum, q) => sum + keys.reduce((s, k) => s + row(evidence, q)[k], 0), 0) / queries.length;
      return { prompt, choices: [...question.labels!], answer: weight <= ZERO_WEIGHT ? 0 : 1, value: weight };
    }
    case 'nextToken':
      return candidateChoice(prompt, evidence.next, (t: Translate) => t('the model gave no next-token candidates'));
    case 'maskedWord': {
      const asked = candidateChoice(prompt, evidence.fillers, (t: Translate) => t('the model gave no fillers for the masked word'));
      const fillers = evidence.fillers!;
      const word = question.word;
      if (word === undefined) return asked;
      const at = fillers.findIndex((c) => c.token.trim().toLocaleLowerCase() === word.trim().toLocaleLowerCase());
      return { ...asked, hidden: { word, rank: at < 0 ? null : at + 1, p: at < 0 ? 0 : fillers[at].p, among: fillers.length } };
    }
    case 'nextSentence':
      if (!evidence.isNext) throw new QuestionError((t: Translate) => t('the model gave no next-sentence probabilities'));
      return largest(prompt, question.followers!, evidence.isNext);
    case 'positions': {
      const table = evidence.positions;
      const from = question.position!;
      if (!table || table.count < positionsNeeded(question) || table.similarity.length !== table.count * table.count)
        throw new QuestionError((t: Translate) => t('the position table does not reach position {0}', positionsNeeded(question) - 1));
      const compare = question.compare!;
      return largest(
        prompt,
        compare.map(String),
        compare.map((to) => table.similarity[from * table.count + to]),
      );
    }
    case 'fineTune': {
      const tuned = evidence.fineTuned;
      const answer = tuned ? tuned.labels.indexOf(tuned.label) : -1;
      if (!tuned || answer < 0 || tuned.labels.length < 2) throw new QuestionError((t: Translate) => t('the fine-tuned head gave no label'));
      const accuracy = { crossValidated: tuned.accuracy, mostCommon: tuned.baseline };
      return { prompt, choices: [...tuned.labels], answer, value: tuned.probability, accuracy };
    }
    case 'ablation': {
      const before = evidence.next?.[0];
      const after = evidence.ablatedNext?.[0];
      if (!before || !after) throw new QuestionError((t: Translate) => t('the model gave no next-token candidates with and without the heads'));
      return { prompt, choices: [...question.labels!], answer: before.token === after.token ? 0 : 1, value: after.p, token: after.token, before };
    }
    case 'wordOrder':
    case 'senses': {
      const layers = evidence.layers;
      if (!layers || layers.length === 0) throw new QuestionError((t: Translate) => t('the experiment measured no layer'));
      const wanted = question.layer! < 0 ? layers.length + question.layer! : question.layer!;
      const at = layers.find((l) => l.layer === wanted);
      if (!at || !Number.isFinite(at.cosine)) throw new QuestionError((t: Translate) => t('the experiment did not measure layer {0}', question.layer!));
      return { prompt, choices: [...question.labels!], answer: at.cosine >= IDENTICAL_COSINE ? 0 : 1, value: at.cosine };
    }
  }
}
