/**
 * The panel's compact header (browser): the document and the facts of the analysis shown (model,
 * kind, layers × heads, tokens — all of that one analysis), the engine's status line (labelled
 * "Engine": its model may be another, and its last run another text), the analysis's notices, and
 * one alert line per failure — however many views a failure reaches (an analysis evicted from the
 * worker fails the matrix, the heads and the model view alike), it is said once.
 */
import type { ModelStatus, ShownAnalysis, ShownDocument } from '../../src/protocol/webviewApi';
import { el, replaceChildren } from '../common/dom';
import { NOTICE_MAX, TEXT_MAX, visibleText } from '../common/format';
import { t } from '../common/l10n';
import { kindName, StatusLine, type ShownModel } from '../common/statusLine';

export class PanelHeader {
  readonly element: HTMLElement;
  private readonly docName = el('h1', { className: 'doc-name' }, t('Attention Lens'));
  private readonly facts = el('p', { className: 'model-line' });
  private readonly status = new StatusLine(t('Engine'));
  private readonly notices = el('ul', { className: 'notices', attrs: { 'aria-label': t('Notices') } });
  private readonly alert = el('div', { className: 'panel-alert', attrs: { role: 'alert' } });
  /** Said while the analysis's document is closed: the analysis stays, its tokens lead nowhere. */
  private readonly closed = el('p', { className: 'doc-closed', attrs: { role: 'status' } });
  /** The failing views and why, by view (a view that answers again is taken off). */
  private readonly failures = new Map<string, string>();

  constructor() {
    this.element = el(
      'header',
      { className: 'panel-header' },
      // Said once per analysis shown (its document and facts are written anew with each): a screen reader hears that it came.
      el('div', { className: 'header-line', attrs: { 'aria-live': 'polite' } }, this.docName, this.facts),
      this.closed,
      this.status.element,
      this.notices,
      this.alert,
    );
    this.alert.hidden = true;
    this.closed.hidden = true;
  }

  private lastStatus: ModelStatus | null = null;
  private shownModel: ShownModel | null = null;

  setStatus(status: ModelStatus): void {
    this.lastStatus = status;
    this.status.update(status, this.shownModel);
  }

  /** The header of an analysis: its document, its facts and notices; earlier failures are gone with it. */
  show(shown: ShownAnalysis): void {
    const { result } = shown;
    const { layers, heads } = result.attention;
    this.showDocument(shown.document);
    this.shownModel = { id: result.model.id, kind: result.model.kind };
    if (this.lastStatus) this.status.update(this.lastStatus, this.shownModel);
    this.facts.textContent = t(
      '{0} · {1} · {2} layers × {3} heads · {4} tokens',
      visibleText(result.model.id, TEXT_MAX),
      kindName(result.model.kind),
      layers,
      heads,
      result.tokens.length,
    );
    replaceChildren(this.notices, ...result.notices.map((n) => el('li', { className: 'notice' }, visibleText(n, NOTICE_MAX))));
    this.failures.clear();
    this.drawAlert();
  }

  /** The document's name, and whether it is closed (then the analysis is only to read). */
  showDocument(document: ShownDocument): void {
    // A file or model name is the user's or a stranger's text: a U+202E in it would reorder the line (visibleText).
    const name = visibleText(document.name, TEXT_MAX);
    this.docName.textContent = document.closed ? t('{0} (closed)', name) : name;
    this.closed.textContent = document.closed
      ? t(
          'The document was closed: this analysis stays here to read, but its tokens no longer lead to the editor. Open the document and analyze it again to follow it.',
        )
      : '';
    this.closed.hidden = !document.closed;
  }

  /** `view` failed because of `cause` (null: it answers again). The same cause from several views is one line. */
  report(view: string, cause: string | null): void {
    if (cause === null) this.failures.delete(view);
    else this.failures.set(view, cause);
    this.drawAlert();
  }

  private drawAlert(): void {
    const causes = [...new Set(this.failures.values())];
    replaceChildren(this.alert, ...causes.map((cause) => el('p', { className: 'alert-line' }, t('Could not load the views: {0}', cause))));
    this.alert.hidden = causes.length === 0;
  }
}
