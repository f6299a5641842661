/**
 * The extension's entry point (extension host). `activate` only wires things together: every
 * long-lived object is disposable and registered on the context. Nothing heavy happens here —
 * the engine worker starts on the first analysis, not at activation.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { ModelStatus, SourceRange } from '../protocol/webviewApi';
import { Actions, type AutoPick } from './actions';
import { AnalysisStore } from './analyses';
import { AnalysisRunner } from './analysisRunner';
import { workerAttentionSource } from './attentionSource';
import { COMMANDS, SIDE_VIEW } from './commands';
import { readConfig, SECTION, type Config } from './config';
import { EngineService } from './engineService';
import { AttentionHover } from './hover';
import { applyModelChoice, selectModel } from './modelPicker';
import { AnalysisPanel } from './panel';
import { SideView } from './sideView';
import { StatusBar } from './statusBar';
import { summarize } from './summary';
import type { PostedMessage } from './webviewConnection';

/** What `activate` returns: facts for scripts and the integration tests, no way to change state. */
export interface AttentionLensApi {
  readonly workerRunning: () => boolean;
  readonly workerStarts: () => number;
  readonly status: () => ModelStatus;
  readonly onDidChangeStatus: vscode.Event<ModelStatus>;
  readonly config: () => Config;
  /** Every message the host posts to a webview. */
  readonly onDidPostToWebview: vscode.Event<PostedMessage>;
  /** The panel's page reports each analysis it drew. */
  readonly onDidRenderInPanel: vscode.Event<{ readonly analysisId: number; readonly tokens: number }>;
  /** Stops the engine worker now, as a crash would (requests in flight fail). */
  readonly killWorker: () => Promise<void>;
}

export function activate(context: vscode.ExtensionContext): AttentionLensApi {
  const log = vscode.window.createOutputChannel('Attention Lens', { log: true });
  const read = (): Config => readConfig((key) => vscode.workspace.getConfiguration(SECTION).get(key));
  let config = read();
  const posted = new vscode.EventEmitter<PostedMessage>();
  const rendered = new vscode.EventEmitter<{ readonly analysisId: number; readonly tokens: number }>();
  const selections = new Map<number, { layer: number; head: number | null }>();
  const engine = new EngineService({ distDir: path.join(context.extensionPath, 'dist'), cacheDir: path.join(context.globalStorageUri.fsPath, 'models'), log }, config);
  // The worker keeps each analysis's tensors until the store lets the analysis go.
  const store = new AnalysisStore((entry) => engine.release(entry.shown.result.attention.key));
  const attention = workerAttentionSource(engine);
  const connection = { extensionUri: context.extensionUri, log, onPosted: (m: PostedMessage) => posted.fire(m), views: engine };

  const summaryOf = (): ReturnType<typeof summarize> | null => (store.last ? summarize(store.last, store.last.shown.document.name) : null);
  const side = new SideView({ ...connection, status: () => engine.status, summary: summaryOf });
  const panel = new AnalysisPanel({
    ...connection,
    status: () => engine.status,
    initial: () => store.last,
    reveal: (entry, token) => void revealToken(entry.uri, entry.shown.ranges[token]),
    selection: (analysisId, layer, head) => selections.set(analysisId, { layer, head }),
    rendered: (analysisId, tokens) => {
      log.debug(`panel rendered analysis ${analysisId} (${tokens} tokens)`);
      rendered.fire({ analysisId, tokens });
    },
  });
  const statusBar = new StatusBar(engine.status);
  const runner = new AnalysisRunner(engine, store, () => config, (entry) => {
    panel.update(entry);
    side.postSummary(summaryOf());
  }, log);
  const actions = new Actions(runner, store, panel, () => config.analyzeWith);

  context.subscriptions.push(
    log,
    posted,
    rendered,
    engine,
    panel,
    side,
    statusBar,
    engine.onDidChangeStatus((status) => {
      statusBar.update(status);
      panel.postStatus(status);
      side.postStatus(status);
    }),
    vscode.window.registerWebviewViewProvider(SIDE_VIEW, side),
    vscode.languages.registerHoverProvider('*', new AttentionHover(store, () => config, { selection: (id) => selections.get(id) }, attention)),
    vscode.commands.registerCommand(COMMANDS.analyzeSelection, () => actions.analyzeSelection()),
    vscode.commands.registerCommand(COMMANDS.maskWord, (auto?: AutoPick) => actions.maskWord(auto)),
    vscode.commands.registerCommand(COMMANDS.nextWord, (auto?: AutoPick) => actions.nextWord(auto)),
    vscode.commands.registerCommand(COMMANDS.openToken, (args: unknown) => actions.openToken(args)),
    vscode.commands.registerCommand(COMMANDS.showPanel, () => {
      const editor = vscode.window.activeTextEditor;
      panel.show((editor && store.latestFor(editor.document.uri.toString())) ?? store.last, { preserveFocus: false });
    }),
    vscode.commands.registerCommand(COMMANDS.selectModel, async () => {
      const choice = await selectModel(config);
      if (choice) await applyModelChoice(choice);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration(SECTION)) return;
      config = read();
      await engine.updateConfig(config);
    }),
    // The panel follows the active editor's latest analysis.
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      const entry = editor && store.latestFor(editor.document.uri.toString());
      if (entry && entry !== panel.current) panel.update(entry);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.isUntitled) store.forget(document.uri.toString());
    }),
  );
  log.info('activated');

  return {
    workerRunning: () => engine.workerRunning,
    workerStarts: () => engine.workerStarts,
    status: () => engine.status,
    onDidChangeStatus: engine.onDidChangeStatus,
    config: () => config,
    onDidPostToWebview: posted.event,
    onDidRenderInPanel: rendered.event,
    killWorker: () => engine.killWorker(),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

async function revealToken(uri: string, range: SourceRange | null): Promise<void> {
  if (!range) return;
  const target = vscode.Uri.parse(uri);
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
  const document = visible?.document ?? (await vscode.workspace.openTextDocument(target));
  const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn, preserveFocus: false });
  const selection = new vscode.Selection(range.startLine, range.startCharacter, range.endLine, range.endCharacter);
  editor.selection = selection;
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
