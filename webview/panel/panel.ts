/**
 * Entry of the panel webview (browser, bundled to dist/webview/panel.js): connects to the host,
 * shows what the host sends, and reports the reader's choices back (reveal a token, the view
 * choice, commands). The place in an analysis — the view choice, the selected token, the tabs, each
 * tab's scroll — is saved with setState, so that a panel that was hidden (and so discarded) reopens
 * where it was when the host replays the analysis. An analysis already shown (the same id) is not
 * shown again.
 */
import type { ComparisonMessage, ShownAnalysis } from '../../src/protocol/webviewApi';
import { connect } from '../common/connection';
import { openingState, parsePanelState, type PanelState } from './panelState';
import { PanelView } from './panelView';

function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('the page has no #app element');
  const connection = connect('panel');
  let state: PanelState | null = parsePanelState(connection.getState());
  let shown: ShownAnalysis | null = null;

  const save = (change: Partial<PanelState>): void => {
    if (!state) return;
    state = { ...state, ...change };
    connection.setState(state);
  };

  const view = new PanelView(root, (method, params, options) => connection.rpc.request(method, params, options), {
    onReveal: (token) => shown && connection.rpc.notify('reveal', { analysisId: shown.id, token }),
    onSelection: (choice) => {
      if (!shown) return;
      save({ choice, chosen: true });
      connection.rpc.notify('selection', { analysisId: shown.id, choice });
    },
    onToken: (token) => {
      save({ token });
      if (shown) connection.rpc.notify('token', { analysisId: shown.id, token });
    },
    onCommand: (command) => connection.rpc.notify('command', { command }),
    // A webview cannot save files: the host saves the bytes where the reader says.
    onExport: (file) => connection.rpc.notify('export', file),
    onPlace: (place) => save(place),
    onContinue: (analysisId, steps, greedy, controls) => connection.rpc.notify('continue', { analysisId, steps, greedy, controls }),
    onInsert: (previewId) => connection.rpc.notify('insertPreview', { previewId }),
    onShowStep: (analysisId) => connection.rpc.notify('showAnalysis', { analysisId }),
    onRestore: (analysisId) => connection.rpc.notify('restore', { analysisId }),
    onAblate: (analysisId, heads) => connection.rpc.notify('ablate', { analysisId, heads }),
    onRevealOccurrence: (sensesId, occurrence) => connection.rpc.notify('revealOccurrence', { sensesId, occurrence }),
    onShuffleAgain: (wordOrderId) => connection.rpc.notify('shuffleAgain', { wordOrderId }),
    onCourse: (action) => connection.rpc.notify('course', action),
    onRandomB: () => connection.rpc.notify('bertAction', { action: 'randomB' }),
  });
  // Replayed after the panel was hidden, a message already brought forward leaves the reader's tab alone.
  // A course unit's own run (`background`) is drawn without taking the reader away from the unit.
  const repr = (id: string, background: boolean | undefined, show: (quiet: boolean) => void): void => {
    show(background === true || state?.repr === id);
    save({ repr: id });
  };
  connection.rpc.onNotification('senses', (senses) => repr(`senses/${senses.id}`, senses.background, (quiet) => view.showRepr({ senses }, quiet)));
  connection.rpc.onNotification('wordOrder', (wordOrder) =>
    repr(`wordOrder/${wordOrder.id}`, wordOrder.background, (quiet) => view.showRepr({ wordOrder }, quiet)),
  );
  connection.rpc.onNotification('course', (course) => view.showCourse(course));

  connection.rpc.onNotification('preview', (preview) => view.setPreview(preview));
  connection.rpc.onNotification('comparison', (comparison: ComparisonMessage) => {
    const id = `${comparison.encoder.id}/${comparison.decoder.id}`;
    // Replayed after the panel was hidden, a comparison already seen leaves the reader's tab alone.
    view.showComparison(comparison, state?.comparison === id);
    save({ comparison: id });
  });
  connection.rpc.onNotification('ablation', (ablation) => {
    const id = ablation && `${ablation.before.id}/${ablation.after.id}`;
    // Replayed after the panel was hidden, an ablation already seen leaves the reader's tab alone.
    view.showAblation(ablation, id !== null && state?.ablation === id);
    if (id) save({ ablation: id });
  });
  connection.rpc.onNotification('bert', (message) => {
    view.showBert(message, state?.bert === message.id);
    save({ bert: message.id });
  });
  connection.rpc.onNotification('status', (status) => view.setStatus(status));
  connection.rpc.onNotification('analysis', (analysis) => {
    if (shown?.id === analysis.id) {
      // The host posts what it shows once; the same analysis again comes only with another choice (the
      // settings' default view changed, and the reader had chosen none): the host owns the choice.
      if (!state || JSON.stringify(state.choice) === JSON.stringify(analysis.choice)) return;
      shown = analysis;
      save({ choice: analysis.choice, chosen: false });
      view.show(analysis, state, true);
      connection.rpc.notify('rendered', { analysisId: analysis.id, tokens: view.tokenCount });
      return;
    }
    shown = analysis;
    const { attention, tokens } = analysis.result;
    const same = state?.analysisId === analysis.id;
    const at = openingState(state, { id: analysis.id, choice: analysis.choice, shape: attention, tokens: tokens.length });
    state = at;
    connection.setState(at);
    view.show(analysis, at, same);
    connection.rpc.notify('rendered', { analysisId: analysis.id, tokens: view.tokenCount });
  });
  connection.rpc.onNotification('closed', ({ analysisId, closed }) => {
    if (!shown || shown.id !== analysisId) return;
    shown = { ...shown, document: { ...shown.document, closed } };
    view.documentClosed(shown);
  });
  connection.rpc.onNotification('focus', ({ analysisId, token }) => {
    // A focus for an older analysis is stale: the cursor moved in a document we no longer show.
    if (shown && analysisId === shown.id) view.focusToken(token);
  });
  connection.rpc.onNotification('inside', ({ analysisId, view: inside }) => {
    if (shown && analysisId === shown.id) view.showInside(inside);
  });
  connection.ready();
}

start();
