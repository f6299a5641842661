/**
 * The Course tab (browser): the course stepper inside the panel. It shows the unit the host says
 * the student is at (src/protocol/courseMessages.ts) — the pack, "Unit 3 of 11" and a progress bar, the unit's
 * explanation (markdown.ts, never parsed as HTML), its question as buttons, staged hints, "try it
 * with your own text" and the glossary terms it links, whose definitions show on click or focus —
 * and sends back what the student does: Previous, Next, Reset progress, an answer. The host checks
 * the answer against the live model: the page never knows it before the student has chosen.
 *
 * The navigation buttons are built once and updated in place, so that the keyboard focus stays on
 * Next while the student steps through the units.
 */
import type { CourseAction, CourseMessage, CourseTerm } from '../../src/protocol/courseMessages';
import { button, el, replaceChildren } from '../common/dom';
import { t } from '../common/l10n';
import { visibleLines } from '../common/format';
import { parseMarkdown, renderMarkdown, visibleMarkdown } from './markdown';

/**
 * A pack's text as the tab shows it: a teacher's pack is text from anywhere, so its control and
 * format characters (a bidi override or isolate, ESC, NUL, zero-width spaces) are visible escapes
 * (\u202E), not characters that reorder or hide the unit around them; line breaks stay.
 */
const shown = (text: string): string => visibleLines(text);

export interface CourseEvents {
  onCourse(action: CourseAction): void;
  /** Open the panel view the unit uses (place.ts). */
  onShowView(view: string): void;
  /** Analyze the editor's selection (the student's own text). */
  onAnalyzeSelection(): void;
}

export class CourseView {
  readonly element = el('section', { className: 'course', attrs: { 'aria-label': t('Course') } });
  private readonly empty = el(
    'div',
    { className: 'course-empty' },
    el('p', {}, t('No course is open. The course walks the lecture on Transformers on the live views, with questions the model answers.')),
  );
  private readonly pack = el('p', { className: 'course-pack muted' });
  /** The lecture's section the unit follows (the pack's `section`): where its slides are. */
  private readonly section = el('p', { className: 'course-section muted' });
  private readonly title = el('h2', { className: 'course-title', attrs: { tabindex: '-1' } });
  private readonly step = el('span', { className: 'course-step' });
  private readonly bar = el('progress', { className: 'course-bar' });
  private readonly previous = button(t('Previous'), () => this.go(-1), 'button secondary');
  private readonly next = button(t('Next'), () => this.go(1), 'button');
  private readonly reset = button(t('Reset progress'), () => this.events.onCourse({ do: 'reset' }), 'button secondary');
  private readonly showView = button(t('Show the unit’s view'), () => this.message && this.events.onShowView(this.message.view), 'button secondary');
  private readonly explanation = el('div', { className: 'course-explanation' });
  private readonly question = el('div', { className: 'course-question', attrs: { role: 'group' } });
  /** The host's verdict: one live region kept from unit to unit (one made with its words in it is not announced). */
  private readonly verdict = el('p', { className: 'course-verdict', attrs: { 'aria-live': 'polite', tabindex: '-1' } });
  private readonly hints = el('div', { className: 'course-hints' });
  private readonly own = el('div', { className: 'course-own' });
  private readonly terms = el('div', { className: 'course-terms' });
  private readonly body = el('div', { className: 'course-unit' });
  private message: CourseMessage | null = null;
  /** Hints shown for the unit on screen (by the page: they are the student's own pace). */
  private hintsShown = 0;
  private ownShown = false;

  constructor(private readonly events: CourseEvents) {
    this.empty.append(
      el(
        'div',
        { className: 'actions' },
        button(t('Start the course'), () => this.events.onCourse({ do: 'start' })),
      ),
    );
    const progress = el('div', { className: 'course-progress' }, this.step, this.bar);
    const nav = el('div', { className: 'actions course-nav', attrs: { role: 'group', 'aria-label': t('Course navigation') } });
    nav.append(this.previous, this.next, this.showView, this.reset);
    this.body.append(this.pack, this.section, this.title, progress, nav, this.explanation, this.question, this.hints, this.own, this.terms);
    this.show(null);
  }

  /** The unit the host says the student is at (null: no course open). */
  show(message: CourseMessage | null): void {
    const before = this.message;
    this.message = message;
    if (!message) {
      replaceChildren(this.element, this.empty);
      return;
    }
    if (!before || before.packId !== message.packId || before.unitId !== message.unitId) {
      this.hintsShown = 0;
      this.ownShown = false;
    }
    // Start the course (or a course opened from the editor) replaces the empty state: a focus on its button goes to the unit's title.
    const starting = this.empty.contains(document.activeElement);
    if (this.element.firstChild !== this.body) replaceChildren(this.element, this.body);
    this.pack.textContent = shown(message.packTitle);
    this.section.textContent = t('In the lecture: {0}', shown(message.section));
    this.title.textContent = shown(message.title);
    if (starting) this.title.focus();
    this.step.textContent = t('Unit {0} of {1}', message.index + 1, message.total);
    this.bar.max = message.total;
    this.bar.value = message.done;
    this.bar.setAttribute('aria-label', t('{0} of {1} units done', message.done, message.total));
    // A way that ends here is disabled: the focus it had goes to the other way (not to the page's body).
    const had = document.activeElement;
    this.previous.disabled = message.index === 0;
    this.next.disabled = message.index + 1 >= message.total;
    if ((had === this.previous || had === this.next) && (had as HTMLButtonElement).disabled)
      [had === this.next ? this.previous : this.next, this.showView].find((b) => !b.disabled)?.focus();
    this.element.dataset.unit = message.unitId;
    replaceChildren(this.explanation, ...renderMarkdown(parseMarkdown(visibleMarkdown(message.markdown, message.tabSize))));
    this.drawQuestion(message);
    this.drawHints(message);
    this.drawOwn(message);
    this.drawTerms(message.glossary);
  }

  private go(by: number): void {
    const m = this.message;
    if (!m) return;
    const index = m.index + by;
    if (index >= 0 && index < m.total) this.events.onCourse({ do: 'open', index });
  }

  private drawQuestion(m: CourseMessage): void {
    const prompt = el('p', { className: 'course-prompt', attrs: { id: 'course-prompt' } }, shown(m.prompt));
    this.question.setAttribute('aria-labelledby', 'course-prompt');
    const verdict = this.verdict;
    // An answer disables the choices: the focus one of them had goes to the verdict (not to the page's body).
    const focused = this.question.contains(document.activeElement);
    verdict.textContent = '';
    if (m.problem !== null) {
      replaceChildren(this.question, prompt, el('p', { className: 'course-problem' }, m.problem));
      return;
    }
    if (m.choices === null) {
      replaceChildren(this.question, prompt, el('p', { className: 'muted' }, t('Analyzing the unit’s text…')));
      return;
    }
    const answered = m.answered;
    const choices = m.choices.map((label, i) => {
      const b = button(label, () => this.events.onCourse({ do: 'answer', unitId: m.unitId, choice: i }), 'button secondary course-choice');
      if (answered) {
        b.disabled = true;
        if (i === answered.answer) b.classList.add('model');
        if (i === answered.choice) b.classList.add(answered.right ? 'right' : 'wrong');
        b.setAttribute('aria-pressed', String(i === answered.choice));
      }
      return b;
    });
    replaceChildren(this.question, prompt, el('div', { className: 'actions course-choices' }, ...choices), verdict);
    if (answered) verdict.textContent = answered.said;
    if (answered && focused) verdict.focus();
  }

  private drawHints(m: CourseMessage): void {
    const given = m.hints.slice(0, this.hintsShown);
    const list = el('ol', { className: 'course-hint-list', attrs: { 'aria-live': 'polite' } }, ...given.map((h) => el('li', {}, shown(h))));
    const more =
      this.hintsShown < m.hints.length &&
      button(
        t('Show a hint ({0} of {1})', this.hintsShown + 1, m.hints.length),
        () => {
          this.hintsShown++;
          this.drawHints(m);
          this.hints.querySelector<HTMLButtonElement>('button')?.focus();
          if (!this.hints.querySelector('button')) this.hints.querySelector<HTMLElement>('li:last-child')?.focus();
        },
        'button secondary',
      );
    replaceChildren(this.hints, list, more);
    for (const li of list.querySelectorAll('li')) li.tabIndex = -1;
  }

  private drawOwn(m: CourseMessage): void {
    if (!this.ownShown) {
      replaceChildren(
        this.own,
        button(
          t('Try it with your own text'),
          () => {
            this.ownShown = true;
            this.drawOwn(m);
            this.own.querySelector<HTMLElement>('p')?.focus();
          },
          'button secondary',
        ),
      );
      return;
    }
    const text = el('p', { attrs: { tabindex: '-1' } }, shown(m.tryOwn));
    const steps = el('p', { className: 'muted' }, t('Select a passage of your own in the editor, then analyze it.'));
    replaceChildren(
      this.own,
      text,
      steps,
      el(
        'div',
        { className: 'actions' },
        button(t('Analyze selection'), () => this.events.onAnalyzeSelection()),
      ),
    );
  }

  private drawTerms(terms: readonly CourseTerm[]): void {
    if (terms.length === 0) {
      replaceChildren(this.terms);
      return;
    }
    const definition = el('p', { className: 'course-definition', attrs: { 'aria-live': 'polite', id: 'course-definition' } });
    const define = (term: CourseTerm, b: HTMLButtonElement): void => {
      replaceChildren(definition, el('strong', {}, term.term), ': ', term.definition);
      for (const other of this.terms.querySelectorAll('.course-term')) other.setAttribute('aria-expanded', String(other === b));
    };
    const buttons = terms.map((term) => {
      const b = el(
        'button',
        { className: 'course-term', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'course-definition' } },
        term.term,
      );
      b.addEventListener('click', () => define(term, b));
      b.addEventListener('focus', () => define(term, b));
      return b;
    });
    replaceChildren(this.terms, el('h4', {}, t('Terms')), el('div', { className: 'course-term-list' }, ...buttons), definition);
  }
}
