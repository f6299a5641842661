/**
 * The course in the panel's Course tab (extension host): posts the unit the student is at
 * (CourseRunner.current) as a CourseMessage whenever it changes and whenever the panel's page
 * (re)starts, and does what the student asks there — start, previous/next, reset, an answer. The
 * answer is checked by the runner against the live model, the same as the quick pick's.
 */
import type * as vscode from 'vscode';
import { COURSE_LIMITS, type CourseAction, type CourseMessage } from '../../protocol/courseMessages';
import { inBackground } from '../background';
import type { PanelSurface } from '../webviews/panelContent';
import { choiceLabel, neutralCourseText } from './courseText';
import type { CourseRunner, CourseSession } from './courseRunner';

/** A pack's text cut to what a message may carry. */
const clip = (text: string): string => text.slice(0, COURSE_LIMITS.text);

/** The unit's explanation without its first line "# Title" (the tab shows the title above it). */
function explanation(markdown: string): string {
  return clip(markdown.replace(/^\uFEFF?\s*# [^\n]*\n+/, ''));
}

/** The editor's tab size as the Course tab needs it (a whole number of columns in [1, 100]; 4 otherwise, VS Code's default). */
export function courseTabSize(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= COURSE_LIMITS.tabSize ? value : 4;
}

export function courseMessage(course: CourseRunner, session: CourseSession | null, tabSize: unknown = 4): CourseMessage | null {
  if (!session) return null;
  const { loaded, index, opened, answered, problem } = session;
  const unit = loaded.pack.units[index];
  const kind = unit.question.kind;
  return {
    packId: loaded.pack.id,
    packTitle: clip(loaded.pack.title),
    index,
    total: loaded.pack.units.length,
    done: course.progress(loaded),
    unitId: unit.id,
    section: clip(unit.section),
    title: clip(unit.title),
    markdown: explanation(loaded.read(unit.file)),
    view: unit.setup.view,
    prompt: clip(unit.question.prompt),
    choices: opened && !problem ? opened.asked.choices.slice(0, COURSE_LIMITS.items).map((c) => clip(choiceLabel(kind, c))) : null,
    hints: unit.hints.slice(0, COURSE_LIMITS.items).map(clip),
    tryOwn: clip(unit.tryOwn),
    glossary: course.terms(unit).slice(0, COURSE_LIMITS.items),
    answered,
    problem: problem === null ? null : clip(neutralCourseText(problem)),
    bringForward: session.fromOutside,
    tabSize: courseTabSize(tabSize),
  };
}

export class CoursePanel implements vscode.Disposable {
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly course: CourseRunner,
    private readonly panel: Pick<PanelSurface, 'post' | 'on'>,
    private readonly reportFailure: (work: Promise<unknown>) => Promise<unknown>,
    /** The editor's `editor.tabSize`, and an event when it changes (code blocks are laid out with it). */
    editor: { readonly tabSize: () => unknown; readonly onDidChangeTabSize: (listener: () => void) => { dispose(): void } },
  ) {
    const post = (): void => panel.post('course', courseMessage(course, course.current, editor.tabSize()));
    this.subscriptions = [
      course.onDidChange(post),
      editor.onDidChangeTabSize(post),
      // A new page (first shown, shown again after hiding, another language) is given the unit anew.
      panel.on('ready', post),
      panel.on('course', (action) => inBackground(this.reportFailure(this.act(action)))),
    ];
  }

  /** What the student asked for in the Course tab. */
  async act(action: CourseAction): Promise<void> {
    const session = this.course.current;
    switch (action.do) {
      case 'start': {
        const loaded = session?.loaded ?? (await this.course.load());
        const at = this.course.progress(loaded);
        await this.course.open(loaded, at >= loaded.pack.units.length ? 0 : at, false);
        return;
      }
      case 'open':
        if (session && action.index < session.loaded.pack.units.length) await this.course.open(session.loaded, action.index, false);
        return;
      case 'reset': {
        const loaded = session?.loaded ?? (await this.course.load());
        await this.course.reset(loaded);
        await this.course.open(loaded, 0, false);
        return;
      }
      case 'answer':
        // An answer to a unit no longer shown (a stale page) is ignored.
        if (session && session.loaded.pack.units[session.index].id === action.unitId) await this.course.answer(action.choice);
        return;
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
