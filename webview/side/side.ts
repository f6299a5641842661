/**
 * Entry of the side view (browser, bundled to dist/webview/side.js): a compact view in the
 * activity bar — the model and its state, a summary of the active editor's last analysis (document,
 * token count, headline predictions as small bars, notices), the spotlight's and the surprisal
 * heatmap's sections, and buttons for the panel, an analysis and the model.
 */
import type { AnalysisSummary, ModelStatus } from '../../src/protocol/webviewApi';
import { barList } from '../common/bars';
import { connect } from '../common/connection';
import { button, el, replaceChildren } from '../common/dom';
import { isByteLevel, NOTICE_MAX, TEXT_MAX, tokenLabel, visibleText } from '../common/format';
import { t } from '../common/l10n';
import { afterText } from '../common/nextCaption';
import { SideExtras } from './sideExtras';
import { ScaleSection } from './scaleSection';
import { StatusLine, type ShownModel } from '../common/statusLine';

function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('the page has no #app element');
  const connection = connect('side');
  const status = new StatusLine();
  const summary = el('section', { className: 'summary', attrs: { 'aria-label': t('Last analysis') } });
  const command = (name: 'showPanel' | 'analyzeSelection' | 'selectModel' | 'showScale') => () => connection.rpc.notify('command', { command: name });
  const actions = el(
    'div',
    { className: 'actions' },
    button(t('Open panel'), command('showPanel')),
    button(t('Analyze selection'), command('analyzeSelection'), 'button secondary'),
    button(t('Select model'), command('selectModel'), 'button secondary'),
  );
  const extras = new SideExtras(command('analyzeSelection'));
  const scale = new ScaleSection(command('showScale'));
  replaceChildren(root, el('div', { className: 'side' }, status.element, actions, extras.element, summary, scale.element));
  showSummary(summary, null);
  // Beside a summary of another model's analysis (a Mask Word ran the encoder), the status says that model first (statusLine.ts).
  let last: { status: ModelStatus | null; shown: ShownModel | null } = { status: null, shown: null };
  connection.rpc.onNotification('status', (s) => {
    last = { ...last, status: s };
    status.update(s, last.shown);
  });
  connection.rpc.onNotification('summary', (s) => {
    showSummary(summary, s);
    last = { ...last, shown: s ? { id: s.model, kind: s.kind } : null };
    if (last.status) status.update(last.status, last.shown);
  });
  connection.rpc.onNotification('spotlight', (list) => extras.showSpotlight(list));
  connection.rpc.onNotification('legend', (legend) => extras.showLegend(legend));
  connection.rpc.onNotification('settling', (legend) => extras.showSettling(legend));
  connection.rpc.onNotification('scale', (shown) => scale.show(shown));
  connection.ready();
}

function showSummary(target: HTMLElement, s: AnalysisSummary | null): void {
  if (!s) {
    replaceChildren(target, el('p', { className: 'muted' }, t('No analysis of this file yet. Select text and run Analyze selection.')));
    return;
  }
  // Labels are token texts (decoded or vocabulary strings); show whitespace as the panel does.
  const byteLevel = isByteLevel(s.predictions.map((p) => ({ text: p.label, special: false })));
  const heading = s.kind === 'encoder' ? t('Masked-token fillers') : t('Next token');
  replaceChildren(
    target,
    // A closed document's analysis stays to read; its name says it is closed, as the panel's header does.
    el('h2', { className: 'doc-name' }, s.closed ? t('{0} (closed)', visibleText(s.document, TEXT_MAX)) : visibleText(s.document, TEXT_MAX)),
    el(
      'p',
      { className: 'model-line' },
      s.kind === 'encoder'
        ? t('{0} · encoder · {1} tokens', visibleText(s.model, TEXT_MAX), s.tokens)
        : t('{0} · decoder · {1} tokens', visibleText(s.model, TEXT_MAX), s.tokens),
    ),
    el('h3', {}, heading),
    s.kind === 'decoder' ? afterText() : null,
    s.predictions.length
      ? barList(
          s.predictions.map((p) => ({ label: `${typeof p.position === 'number' ? `#${p.position} ` : ''}${tokenLabel(p.label, byteLevel)}`, p: p.p })),
          heading,
          true,
        )
      : el('p', { className: 'muted' }, t('No predictions.')),
    s.notices.length
      ? el(
          'ul',
          { className: 'notices', attrs: { 'aria-label': t('Notices') } },
          ...s.notices.map((n) => el('li', { className: 'notice' }, visibleText(n, NOTICE_MAX))),
        )
      : null,
  );
}

start();
