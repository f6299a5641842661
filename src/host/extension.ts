/**
 * The extension's entry point (extension host). `activate` only wires things together: every
 * long-lived object is disposable and registered on the context. Nothing heavy happens here —
 * the engine worker starts on the first analysis, not at activation.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { ComparisonMessage, ModelStatus, PreviewMessage, ShownAnalysis, SourceRange } from '../protocol/webviewApi';
import { Actions, type AutoPick } from './commands/actions';
import { AnalysisStore } from './analyses/analyses';
import { defaultCacheDir } from '../engine/paths';
import { manageModelCache } from './models/cacheCommand';
import { compareModels } from './commands/compare';
import { Continuation, type ContinueArgs } from './commands/continuation';
import { CursorSync } from './editor/cursorSync';
import type { AppliedDecoration } from './editor/editorDecorations';
import type { MaskArgs } from './commands/masking';
import { wirePanelExtras } from './webviews/panelExtras';
import { Spotlight } from './editor/spotlight';
import { SurprisalHeatmap } from './editor/surprisal';
import { AnalysisRunner } from './analyses/analysisRunner';
import { workerAttentionSource } from './analyses/attentionSource';
import { COMMANDS, SIDE_VIEW } from './commands';
import { readConfig, SECTION, trustedGet, type Config } from './config';
import { EngineService } from './models/engineService';
import { AttentionHover } from './editor/hover';
import { ExportSaver, type ExportOutcome } from './webviews/exportFile';
import type { PickerEntry } from './models/modelCatalog';
import { applyModelChoice, modelChoices, selectModel } from './models/modelPicker';
import { AnalysisPanel } from './webviews/panel';
import { SideView } from './webviews/sideView';
import { StatusBar } from './models/statusBar';
import { summarize } from './analyses/summary';
import type { PostedMessage } from './webviews/webviewConnection';

/** What `activate` returns: facts and hooks for scripts and the integration tests (exportTo/saveExport write files; nothing else changes state). */
export interface AttentionLensApi {
  readonly workerRunning: () => boolean;
  readonly workerStarts: () => number;
  readonly status: () => ModelStatus;
  readonly onDidChangeStatus: vscode.Event<ModelStatus>;
  readonly config: () => Config;
  /** Every message the host posts to a webview. */
  readonly onDidPostToWebview: vscode.Event<PostedMessage>;
  /** Handles a notification as if the panel's page had posted it, through the same guards (false when no panel is open). */
  readonly postFromPanel: (method: string, params: unknown) => boolean;
  /** The panel's page reports each analysis it drew. */
  readonly onDidRenderInPanel: vscode.Event<{ readonly analysisId: number; readonly tokens: number }>;
  /** Stops the engine worker now, as a crash would (requests in flight fail). */
  readonly killWorker: () => Promise<void>;
  /** A view request served by the worker, as a webview's would be (tests read kept tensors through it). */
  readonly view: EngineService['view'];
  /** Where models are cached under the current settings, and what Select Model would offer. */
  readonly cacheDir: () => string;
  readonly modelChoices: () => Promise<readonly PickerEntry[]>;
  /** The decorations last applied to the editors of a document: ranges and intensity buckets. */
  readonly decorations: (uri: string) => {
    readonly spotlight: readonly AppliedDecoration[];
    readonly surprisal: readonly AppliedDecoration[];
    readonly highlight: readonly AppliedDecoration[];
  };
  readonly spotlightEnabled: () => boolean;
  /** Fires with a document's uri when the spotlight's decorations there changed. */
  readonly onDidUpdateSpotlight: vscode.Event<string>;
  /** How long the spotlight's last update took on the host (cursor event to decorations set), ms. */
  readonly spotlightUpdateMs: () => number;
  /** Fires when the surprisal heatmap coloured a document version. */
  readonly onDidApplySurprisal: vscode.Event<{ readonly uri: string; readonly version: number; readonly analysisId: number }>;
  /** A stored analysis as the views get it (null when evicted or unknown). */
  readonly analysis: (analysisId: number) => ShownAnalysis | null;
  /** The analysis cache: entries and bytes held. */
  readonly cache: () => { readonly entries: number; readonly bytes: number; readonly has: (analysisId: number) => boolean };
  /** Sends the panel's next exports to `folder` without a save dialog (null: ask again). */
  readonly exportTo: (folder: string | null) => void;
  /** Handles an `export` message as the panel's would be handled (guard, save, notification). */
  readonly saveExport: (message: unknown) => Promise<ExportOutcome>;
  /** Fires when an export was saved, cancelled or refused. */
  readonly onDidExport: vscode.Event<ExportOutcome>;
}

export function activate(context: vscode.ExtensionContext): AttentionLensApi {
  const log = vscode.window.createOutputChannel('Attention Lens', { log: true });
  // Model paths, the cache folder and the hub address count from workspace settings only in a trusted workspace.
  const read = (): Config => {
    const section = vscode.workspace.getConfiguration(SECTION);
    return readConfig(
      trustedGet(
        (key) => section.get(key),
        (key) => section.inspect(key),
        vscode.workspace.isTrusted,
      ),
    );
  };
  let config = read();
  const posted = new vscode.EventEmitter<PostedMessage>();
  const rendered = new vscode.EventEmitter<{ readonly analysisId: number; readonly tokens: number }>();
  const selections = new Map<number, { layer: number; head: number | null }>();
  const engine = new EngineService({ distDir: path.join(context.extensionPath, 'dist'), cacheDir: defaultCacheDir(), log }, config);
  // The worker keeps each analysis's tensors until the store lets the analysis go.
  const store = new AnalysisStore(config.cacheMemoryMB * 1024 * 1024, (entry) => engine.release(entry.shown.result.attention.key));
  const attention = workerAttentionSource(engine);
  const connection = { extensionUri: context.extensionUri, log, onPosted: (m: PostedMessage) => posted.fire(m), views: engine };

  const summaryOf = (): ReturnType<typeof summarize> | null => (store.last ? summarize(store.last, store.last.shown.document.name) : null);
  const side = new SideView({ ...connection, status: () => engine.status, summary: summaryOf });
  let lastPreview: PreviewMessage | null = null;
  let lastComparison: ComparisonMessage | null = null;
  // Created below; the panel's page connects only later, when it opens.
  let continuation: Continuation | null = null;
  let cursorSync: CursorSync | null = null;
  const exporter = new ExportSaver(log);
  const panel: AnalysisPanel = new AnalysisPanel({
    ...connection,
    export: (file) => void exporter.save(file),
    status: () => engine.status,
    initial: () => store.last,
    reveal: (entry, token) => void revealToken(entry.uri, entry.shown.ranges[token]),
    selection: (analysisId, layer, head) => selections.set(analysisId, { layer, head }),
    rendered: (analysisId, tokens) => {
      log.debug(`panel rendered analysis ${analysisId} (${tokens} tokens)`);
      rendered.fire({ analysisId, tokens });
    },
    extras: (connection) =>
      wirePanelExtras(connection, {
        store,
        continuation: continuation!,
        cursorSync: cursorSync!,
        panel: () => panel,
        replay: () => ({ preview: lastPreview, comparison: lastComparison }),
      }),
  });
  const statusBar = new StatusBar(engine.status);
  const runner = new AnalysisRunner(
    engine,
    store,
    () => config,
    (entry) => {
      panel.update(entry);
      side.postSummary(summaryOf());
    },
    log,
  );
  const actions = new Actions(
    runner,
    store,
    panel,
    () => config.analyzeWith,
    () => config.topK,
  );
  const spotlight = new Spotlight({
    store,
    source: attention,
    config: () => config,
    selection: (id) => selections.get(id),
    list: (list) => side.post('spotlight', list),
  });
  const surprisal = new SurprisalHeatmap(
    runner,
    () => config,
    (legend) => side.post('legend', legend),
  );
  continuation = new Continuation(runner, store, (preview, done) => {
    lastPreview = { previewId: preview.id, originId: preview.originId, text: preview.text, steps: preview.steps, done };
    if (!panel.visible) panel.show(store.byId(preview.originId));
    panel.post('preview', lastPreview);
  });
  cursorSync = new CursorSync(store, panel);

  context.subscriptions.push(
    log,
    posted,
    rendered,
    exporter,
    engine,
    panel,
    side,
    statusBar,
    spotlight,
    surprisal,
    cursorSync,
    engine.onDidChangeStatus((status) => {
      statusBar.update(status);
      panel.postStatus(status);
      side.postStatus(status);
    }),
    vscode.window.registerWebviewViewProvider(SIDE_VIEW, side),
    vscode.languages.registerHoverProvider('*', new AttentionHover(store, () => config, { selection: (id) => selections.get(id) }, attention)),
    vscode.commands.registerCommand(COMMANDS.analyzeSelection, () => actions.analyzeSelection()),
    vscode.commands.registerCommand(COMMANDS.maskWord, (args?: MaskArgs) => actions.maskWord(args)),
    vscode.commands.registerCommand(COMMANDS.nextWord, (auto?: AutoPick) => actions.nextWord(auto)),
    vscode.commands.registerCommand(COMMANDS.openToken, (args: unknown) => actions.openToken(args)),
    vscode.commands.registerCommand(COMMANDS.toggleSpotlight, (on?: unknown) => spotlight.toggle(typeof on === 'boolean' ? on : undefined)),
    vscode.commands.registerCommand(COMMANDS.surprisalHeatmap, () => surprisal.show()),
    vscode.commands.registerCommand(COMMANDS.clearSurprisal, () => surprisal.clear()),
    vscode.commands.registerCommand(COMMANDS.continueText, (args?: ContinueArgs) => continuation!.atCursor(args ?? {})),
    vscode.commands.registerCommand(COMMANDS.insertPreview, (args?: { previewId?: unknown }) =>
      Number.isInteger(args?.previewId) ? continuation!.insert(args!.previewId as number) : { ok: false, code: 'bad-input', message: 'no preview id' },
    ),
    vscode.commands.registerCommand(COMMANDS.compareModels, () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return { ok: false, code: 'bad-input', message: 'Open a file to compare the encoder and the decoder on it.' };
      return compareModels(runner, editor, ({ encoder, decoder, guess }) => {
        lastComparison = { encoder: encoder.shown, decoder: decoder.shown, guess };
        panel.show(decoder);
        panel.post('comparison', lastComparison);
      });
    }),
    vscode.commands.registerCommand(COMMANDS.showPanel, () => {
      const editor = vscode.window.activeTextEditor;
      panel.show((editor && store.latestFor(editor.document.uri.toString())) ?? store.last, { preserveFocus: false });
    }),
    vscode.commands.registerCommand(COMMANDS.selectModel, async () => {
      const choice = await selectModel(config, engine.cacheDir);
      if (choice) await applyModelChoice(choice);
    }),
    vscode.commands.registerCommand(COMMANDS.manageModelCache, () => manageModelCache(engine.cacheDir)),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      config = read();
      await engine.updateConfig(config);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration(SECTION)) return;
      config = read();
      store.setBudget(config.cacheMemoryMB * 1024 * 1024);
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
    postFromPanel: (method, params) => panel.fromPage(method, params),
    killWorker: () => engine.killWorker(),
    view: (method, params, signal) => engine.view(method, params, signal),
    cacheDir: () => engine.cacheDir,
    modelChoices: () => modelChoices(config, engine.cacheDir),
    decorations: (uri) => ({ spotlight: spotlight.appliedTo(uri), surprisal: surprisal.appliedTo(uri), highlight: cursorSync!.appliedTo(uri) }),
    spotlightEnabled: () => spotlight.enabled,
    onDidUpdateSpotlight: spotlight.onDidUpdate,
    spotlightUpdateMs: () => spotlight.lastUpdateMs,
    onDidApplySurprisal: surprisal.onDidApply,
    analysis: (id) => store.byId(id)?.shown ?? null,
    cache: () => ({ entries: store.size, bytes: store.bytes, has: (id) => store.byId(id) !== null }),
    exportTo: (folder) => exporter.exportTo(folder),
    saveExport: (message) => exporter.save(message),
    onDidExport: exporter.onDidExport,
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
