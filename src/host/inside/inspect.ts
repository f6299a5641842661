/**
 * Inspect Query, Key and Value (extension host): opens the panel's Inside tab on the Q/K/V
 * inspector for the analysis under the cursor, its token as the query (else the active document's
 * latest analysis, else the last one). The panel's content keeps the request until its page is
 * ready (panelContent.ts).
 */
import * as vscode from 'vscode';
import type { RunOutcome } from '../analyses/analysisRunner';
import type { AnalysisStore } from '../analyses/analyses';
import { t } from '../l10n';
import type { PanelContent } from '../webviews/panelContent';

export function inspectQkv(store: AnalysisStore, content: PanelContent, info: (message: string) => void): RunOutcome {
  const editor = vscode.window.activeTextEditor;
  const document = editor?.document;
  const hit = editor && document ? store.at(document.uri.toString(), document.version, document.offsetAt(editor.selection.active)) : null;
  const entry = hit?.entry ?? (document ? store.latestFor(document.uri.toString()) : null) ?? store.last;
  if (!entry) {
    const message = t('Analyze some text first: the inspector shows one of its heads.');
    info(message);
    return { ok: false, code: 'bad-input', message };
  }
  content.inspect(entry, hit?.token ?? null, 'qkv');
  return { ok: true, analysisId: entry.shown.id };
}
