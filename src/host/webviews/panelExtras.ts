/**
 * The panel page's messages for the editor-first features (extension host): a token selected in
 * the panel (cursor sync), "continue" and "insert" for the continuation preview, and "show" for
 * one stored analysis (a preview step, one side of a comparison). Every message was checked by
 * the protocol's guards before it gets here; ids are looked up, never trusted.
 */
import type { ComparisonMessage, PreviewMessage } from '../../protocol/webviewApi';
import type { AnalysisStore } from '../analyses/analyses';
import type { Continuation } from '../commands/continuation';
import type { CursorSync } from '../editor/cursorSync';
import type { AnalysisPanel } from './panel';
import type { WebviewConnection } from './webviewConnection';

export interface PanelExtrasHost {
  readonly store: AnalysisStore;
  readonly continuation: Continuation;
  readonly cursorSync: CursorSync;
  readonly panel: () => AnalysisPanel;
  /** The last preview and comparison, posted again when the page (re)starts. */
  readonly replay: () => { readonly preview: PreviewMessage | null; readonly comparison: ComparisonMessage | null };
}

export function wirePanelExtras(connection: WebviewConnection, host: PanelExtrasHost): void {
  connection.on('ready', () => {
    const { preview, comparison } = host.replay();
    if (comparison) connection.post('comparison', comparison);
    if (preview) connection.post('preview', preview);
  });
  connection.on('token', ({ analysisId, token }) => {
    const entry = host.store.byId(analysisId);
    if (entry && (token === null || token < entry.shown.result.tokens.length)) host.cursorSync.panelSelected(entry, token);
  });
  connection.on('continue', ({ analysisId, steps, greedy, controls }) => {
    const origin = host.continuation.origin(analysisId);
    if (origin) void host.continuation.from(origin, { steps, greedy, ...controls });
  });
  connection.on('insertPreview', ({ previewId }) => void host.continuation.insert(previewId));
  connection.on('showAnalysis', ({ analysisId }) => {
    const entry = host.store.byId(analysisId);
    if (entry) host.panel().update(entry);
  });
}
