/**
 * The course's words for people (extension host): a pack's own text made safe for a notification
 * or a quick pick (a teacher's pack is a file from anywhere, and choices are a model's tokens, so
 * both go through the one neutraliser, protocol/neutralise.ts), a choice as the student reads it,
 * and the sentence that says what the model did. The quick pick and the panel's Course tab say the
 * same sentence.
 */
import { ZERO_WEIGHT, type AskedQuestion } from '../../protocol/course/questions';
import { IS_NEXT } from '../../protocol/representations';
import { SaidError, type CourseUnit, type QuestionKind } from '../../protocol/course/pack';
import { EngineError } from '../../engine/errors';
import { failureMessage } from '../analyses/failure';
import { neutralise, neutralLabel } from '../../protocol/neutralise';
import { readToken } from '../../protocol/tokenText';
import { formatDecimal, formatPercent, formatWeight, t } from '../l10n';

/** How much of a pack's or a model's text a notification or quick pick shows. */
const COURSE_TEXT_MAX = 600;

export function neutralCourseText(text: string): string {
  return neutralise(text, COURSE_TEXT_MAX);
}

/**
 * What a course failure says, in the UI's language: a question the evidence cannot answer in the
 * reader's words, an engine failure by its code (failure.ts), a pack's problem as the check wrote it.
 */
export function courseProblem(error: unknown): string {
  if (error instanceof SaidError) return neutralCourseText(error.say(t));
  if (error instanceof EngineError) return failureMessage(error);
  return neutralCourseText(error instanceof Error ? error.message : String(error));
}

/** Kinds whose choices are the model's tokens (their whitespace made visible). */
const TOKEN_CHOICES: ReadonlySet<QuestionKind> = new Set(['mostAttended', 'nextToken', 'maskedWord']);

/** A choice as the student reads it: a token with its whitespace visible, a number, a sentence of the pack. */
export function choiceLabel(kind: QuestionKind, choice: string): string {
  return neutralLabel(TOKEN_CHOICES.has(kind) ? readToken(choice, t) : choice, COURSE_TEXT_MAX);
}

/** A hint of a pack as a quick pick row reads it (no icon syntax of its own). */
export function hintLabel(hint: string): string {
  return neutralLabel(hint, COURSE_TEXT_MAX);
}

/**
 * A unit's quick pick title: its place, its title and the lecture's section it follows (the Course tab
 * shows the section too), so that a student knows which slides to have open.
 */
export function unitPickTitle(index: number, total: number, unit: Pick<CourseUnit, 'title' | 'section'>): string {
  return t('Unit {0} of {1}: {2} (in the lecture: {3})', index + 1, total, neutralCourseText(unit.title), neutralCourseText(unit.section));
}

/**
 * "weight 0.312", as the matrix writes it (formatWeight: "More than zero" is never said beside
 * "0.000"); one above zero that the question counts as zero (≤ ZERO_WEIGHT) is said to be under it,
 * so that "Exactly zero" is never said beside a figure that reads as exactly zero.
 */
function weightFigure(value: number): string {
  if (value > 0 && value <= ZERO_WEIGHT) return t('weight under {0}, counted as zero', formatDecimal(ZERO_WEIGHT, 6));
  return t('weight {0}', formatWeight(value));
}

/** The model's figure behind the answer, as a student reads it ("" for a count). */
function figure(kind: QuestionKind, { value, token, before }: AskedQuestion): string {
  if (kind === 'tokenCount') return '';
  // A bare percentage after «stays the same» would read as the chance that it does: say whose it is.
  // With the first candidate before, a "stays the same" still shows how far its probability moved.
  if (kind === 'ablation' && token !== undefined && before !== undefined) {
    const on = choiceLabel('nextToken', before.token);
    return ` (${t('with the heads: {0}, {1}; heads off: {2}, {3}', on, formatPercent(before.p), choiceLabel('nextToken', token), formatPercent(value))})`;
  }
  if (kind === 'ablation' && token !== undefined) return ` (${t('heads off: {0}, {1}', choiceLabel('nextToken', token), formatPercent(value))})`;
  // An attention weight as the matrix, its legend and the lecture's table write it: 0 to 1, not a percentage.
  if (kind === 'mostAttended' || kind === 'futureAttention') return ` (${weightFigure(value)})`;
  if (kind === 'positions') return ` (${t('cosine similarity {0}', formatDecimal(value, 2))})`;
  // Four decimals: a cosine just below 1 must not read as 1.
  if (kind === 'wordOrder' || kind === 'senses') return ` (${t('cosine similarity {0}', formatDecimal(value, 4))})`;
  // A bare percentage does not say whose chance it is: the sentence's P(IsNext), else the candidate's or the label's probability.
  if (kind === 'nextSentence') return ` (${t('P(IsNext) {0}', formatPercent(value))})`;
  return ` (${t('probability {0}', formatPercent(value))})`;
}

/** A label's closing bracket ("Identical (cosine 1)"): the rule the choices are told apart by. */
const LABEL_BRACKET = /\s*\([^()]*\)$/;

/**
 * "Right. The model: “bank” (weight 0.312)." — `right` null: the student did not answer. A pack's
 * label may carry its rule in brackets ("Identical (cosine 1)"); the answer gives the measured figure
 * instead, so that it is not said twice ("Identical (cosine 1) (cosine similarity 1.0000)").
 */
export function modelSaid(kind: QuestionKind, asked: AskedQuestion, right: boolean | null): string {
  const verdict = right === null ? '' : right ? t('Right.') : t('Not this time.');
  const said = figure(kind, asked);
  const label = choiceLabel(kind, asked.choices[asked.answer]);
  const choice = said && !TOKEN_CHOICES.has(kind) ? label.replace(LABEL_BRACKET, '') || label : label;
  const answer =
    asked.from !== undefined
      ? t('{0} The model, in the row of {1}: {2}{3}.', verdict, choiceLabel('mostAttended', asked.from), choice, said).trim()
      : t('{0} The model: {1}{2}.', verdict, choice, said).trim();
  // The first filler alone passes for the model's guess at the hidden word: say where that word is.
  const hidden = asked.hidden;
  if (kind === 'maskedWord' && hidden !== undefined) {
    const word = neutralCourseText(hidden.word);
    const where =
      hidden.rank === null
        ? t('The hidden word, “{0}”, is not among its first {1} proposals.', word, hidden.among)
        : t('The hidden word, “{0}”, is its proposal no. {1} ({2}).', word, hidden.rank, t('probability {0}', formatPercent(hidden.p)));
    return `${answer} ${where}`;
  }
  // "The likeliest B" reads as "the model says B follows A", which it does not under IS_NEXT: said.
  if (kind === 'nextSentence' && asked.value < IS_NEXT)
    return `${answer} ${t('That is under {0}: on its own, the model would say this B does not follow A (NotNext), nor do the others.', formatPercent(IS_NEXT))}`;
  // How sure the head is of a label is not how often it is right: its cross-validated accuracy beside a guess's.
  if (kind === 'fineTune' && asked.accuracy !== undefined)
    return `${answer} ${t('Cross-validated, the head labels {0} of the lines it did not see right; always answering the most common label, {1}.', formatPercent(asked.accuracy.crossValidated), formatPercent(asked.accuracy.mostCommon))}`;
  // The matrix's brightest cell of the row is a key the choices leave out: said, so that the panel and the answer agree.
  const brighter = asked.brighter;
  if (kind !== 'mostAttended' || brighter === undefined) return answer;
  return `${answer} ${t('Of all the row’s keys, {0} weighs more ({1}): a special token or whitespace, not a word of the text, so not among the choices; it is the brightest cell of the row in the matrix.', choiceLabel('mostAttended', brighter.token), weightFigure(brighter.p))}`;
}
