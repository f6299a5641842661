/**
 * Entry of the side view (browser, bundled to dist/webview/side.js): a compact view in the
 * activity bar — the model and its state, a summary of the last analysis (document, token count,
 * headline predictions as small bars, notices) and buttons for the panel, an analysis and the model.
 */
import type { AnalysisSummary } from '../../src/protocol/webviewApi';
import { barList } from '../common/bars';
import { connect } from '../common/connection';
import { button, el, replaceChildren } from '../common/dom';
import { isByteLevel, tokenLabel } from '../common/format';
import { SideExtras } from './sideExtras';
import { StatusLine } from '../common/statusLine';

function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('the page has no #app element');
  const connection = connect('side');
  const status = new StatusLine();
  const summary = el('section', { className: 'summary', attrs: { 'aria-label': 'Last analysis' } });
  const command = (name: 'showPanel' | 'analyzeSelection' | 'selectModel') => () => connection.rpc.notify('command', { command: name });
  const actions = el(
    'div',
    { className: 'actions' },
    button('Open panel', command('showPanel')),
    button('Analyze selection', command('analyzeSelection'), 'button secondary'),
    button('Select model', command('selectModel'), 'button secondary'),
  );
  const extras = new SideExtras();
  replaceChildren(root, el('div', { className: 'side' }, status.element, actions, extras.element, summary));
  showSummary(summary, null);
  connection.rpc.onNotification('status', (s) => status.update(s));
  connection.rpc.onNotification('summary', (s) => showSummary(summary, s));
  connection.rpc.onNotification('spotlight', (list) => extras.showSpotlight(list));
  connection.rpc.onNotification('legend', (legend) => extras.showLegend(legend));
  connection.ready();
}

function showSummary(target: HTMLElement, s: AnalysisSummary | null): void {
  if (!s) {
    replaceChildren(target, el('p', { className: 'muted' }, 'No analysis yet. Select text and run Analyze selection.'));
    return;
  }
  // Labels are token texts (decoded or vocabulary strings); show whitespace as the panel does.
  const byteLevel = isByteLevel(s.predictions.map((p) => ({ text: p.label, special: false })));
  const heading = s.kind === 'encoder' ? 'Masked-token fillers' : 'Next token';
  replaceChildren(
    target,
    el('h2', { className: 'doc-name' }, s.document),
    el('p', { className: 'model-line' }, `${s.model} · ${s.kind} · ${s.tokens} tokens`),
    el('h3', {}, heading),
    s.predictions.length
      ? barList(
          s.predictions.map((p) => ({ label: `${typeof p.position === 'number' ? `#${p.position} ` : ''}${tokenLabel(p.label, byteLevel)}`, p: p.p })),
          heading,
          true,
        )
      : el('p', { className: 'muted' }, 'No predictions.'),
    s.notices.length
      ? el('ul', { className: 'notices', attrs: { 'aria-label': 'Notices' } }, ...s.notices.map((n) => el('li', { className: 'notice' }, n)))
      : null,
  );
}

start();
