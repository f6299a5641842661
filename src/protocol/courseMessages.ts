/**
 * The course stepper's messages between the extension host and the panel's Course tab (pure; all
 * runtimes), and their guards. The host owns the course — which pack, which unit, the progress kept
 * in global state, the question computed from the live model — and posts the unit the student is at
 * as one `CourseMessage`; the page only shows it and sends back what the student does
 * (`CourseAction`). The answer's index never crosses before the student has answered: the host
 * checks the choice against the model and posts the unit again with `answered` filled in.
 *
 *   host → page   course: { packTitle, index: 2, total: 11, title, markdown, choices: […], answered: null, … }
 *   page → host   course: { do: 'answer', unitId: 'attention-table', choice: 1 }
 */
import { isIndex, isObject, isString } from './guards';

/** A glossary term a unit links, in the UI's language. */
export interface CourseTerm {
  readonly id: string;
  readonly term: string;
  readonly definition: string;
}

/** What the model did, once the student has answered. */
export interface CourseAnswered {
  /** The student's choice. */
  readonly choice: number;
  /** The model's choice (the true answer). */
  readonly answer: number;
  readonly right: boolean;
  /** One sentence for the student: "Right. The model: “bank” (weight 0.312)." */
  readonly said: string;
}

/** The unit the student is at, as the Course tab shows it. */
export interface CourseMessage {
  readonly packId: string;
  readonly packTitle: string;
  /** The unit shown, from 0, and the pack's length. */
  readonly index: number;
  readonly total: number;
  /** Units behind the student (the progress kept per pack; `total` when the pack is done). */
  readonly done: number;
  readonly unitId: string;
  readonly section: string;
  readonly title: string;
  /** The unit's explanation: Markdown of the subset the page renders (headings, paragraphs, emphasis, code, lists). */
  readonly markdown: string;
  /** The panel view the unit uses (pack.ts COURSE_VIEWS); the page opens the closest one it has. */
  readonly view: string;
  readonly prompt: string;
  /** The question's choices as the student reads them; null while the unit is being analyzed or when it failed. */
  readonly choices: readonly string[] | null;
  readonly hints: readonly string[];
  readonly tryOwn: string;
  readonly glossary: readonly CourseTerm[];
  readonly answered: CourseAnswered | null;
  /** Why the unit could not be opened or asked (in the UI's language); null when it could. */
  readonly problem: string | null;
  /** Bring the Course tab forward (the unit was opened from outside the panel: a command, the walkthrough). */
  readonly bringForward: boolean;
  /** Columns between tab stops in the explanation's code blocks: the editor's `editor.tabSize`. */
  readonly tabSize: number;
}

/** What the student does in the Course tab. */
export type CourseAction =
  /** The built-in course, from where the student left off. */
  | { readonly do: 'start' }
  /** Opens a unit of the pack shown (Previous / Next). */
  | { readonly do: 'open'; readonly index: number }
  /** Forgets the progress and opens the first unit. */
  | { readonly do: 'reset' }
  | { readonly do: 'answer'; readonly unitId: string; readonly choice: number };

/** Bounds on what a page is sent or may send (a teacher's pack is text from anywhere). */
export const COURSE_LIMITS = { text: 100_000, items: 64, tabSize: 100 } as const;

const isText = (v: unknown): v is string => isString(v) && v.length <= COURSE_LIMITS.text;
const isTexts = (v: unknown): v is string[] => Array.isArray(v) && v.length <= COURSE_LIMITS.items && v.every(isText);
const isUnitId = (v: unknown): v is string => isString(v) && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v) && v.length <= 100;

function isAnswered(v: unknown, choices: number): boolean {
  if (v === null) return true;
  return (
    isObject(v) &&
    isIndex(v.choice) &&
    isIndex(v.answer) &&
    (v.choice as number) < choices &&
    (v.answer as number) < choices &&
    typeof v.right === 'boolean' &&
    isText(v.said)
  );
}

const isTabSize = (v: unknown): boolean => isIndex(v) && v >= 1 && v <= COURSE_LIMITS.tabSize;

function isTerm(v: unknown): boolean {
  return isObject(v) && isText(v.id) && isText(v.term) && isText(v.definition);
}

/** A well-formed course message (or null: no course open). */
export function isCourseMessage(v: unknown): v is CourseMessage | null {
  if (v === null) return true;
  if (!isObject(v) || !isIndex(v.index) || !isIndex(v.total) || !isIndex(v.done)) return false;
  if ((v.index as number) >= (v.total as number) || (v.done as number) > (v.total as number)) return false;
  const texts = [v.packId, v.packTitle, v.unitId, v.section, v.title, v.markdown, v.view, v.prompt, v.tryOwn];
  if (!texts.every(isText) || !isTexts(v.hints)) return false;
  if (v.choices !== null && !isTexts(v.choices)) return false;
  if (!Array.isArray(v.glossary) || v.glossary.length > COURSE_LIMITS.items || !v.glossary.every(isTerm)) return false;
  const choices = Array.isArray(v.choices) ? v.choices.length : 0;
  return isAnswered(v.answered, choices) && (v.problem === null || isText(v.problem)) && typeof v.bringForward === 'boolean' && isTabSize(v.tabSize);
}

/** A well-formed action from the page. */
export function isCourseAction(v: unknown): v is CourseAction {
  if (!isObject(v)) return false;
  switch (v.do) {
    case 'start':
    case 'reset':
      return Object.keys(v).length === 1;
    case 'open':
      return isIndex(v.index) && (v.index as number) < 10_000 && Object.keys(v).length === 2;
    case 'answer':
      return isUnitId(v.unitId) && isIndex(v.choice) && (v.choice as number) < COURSE_LIMITS.items && Object.keys(v).length === 3;
    default:
      return false;
  }
}
