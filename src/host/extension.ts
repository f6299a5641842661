/**
 * The extension's entry point (extension host). `activate` only wires things together: every
 * long-lived object is disposable and registered on the context, built in an order where each
 * gets what it needs at construction. The settings live in `Settings`, what the panel shows in
 * `PanelContent`. Nothing heavy happens here — the engine worker starts on the first analysis.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { ModelStatus, ShownAnalysis, SourceRange } from '../protocol/webviewApi';
import { Actions, plainArgs, type AutoPick, type WindowArgs } from './commands/actions';
import { AnalysisStore, type StoredAnalysis } from './analyses/analyses';
import { defaultCacheDir } from '../engine/paths';
import { manageModelCache } from './models/cacheCommand';
import { compareModels } from './commands/compare';
import { Continuation, type ContinueArgs } from './commands/continuation';
import { CursorSync } from './editor/cursorSync';
import { columnFor } from './editor/editorColumn';
import type { AppliedDecoration } from './editor/editorDecorations';
import type { MaskArgs } from './commands/masking';
import { Spotlight } from './editor/spotlight';
import { SurprisalHeatmap } from './editor/surprisal';
import { AnalysisRunner } from './analyses/analysisRunner';
import { documentName } from './analyses/documentName';
import { workerAttentionSource } from './analyses/attentionSource';
import { COMMANDS, SIDE_VIEW } from './commands';
import type { Config } from './config';
import { EngineService } from './models/engineService';
import { AttentionHover } from './editor/hover';
import { ExportSaver, type ExportOutcome } from './webviews/exportFile';
import type { PickerEntry } from './models/modelCatalog';
import { applyModelChoice, modelChoices, selectModel } from './models/modelPicker';
import { watchModels } from './models/modelChanges';
import { AnalysisPanel } from './webviews/panel';
import { PanelContent } from './webviews/panelContent';
import { WordLessons } from './repr/wordLessons';
import { Notifier, neutralLog, type ShownNotice } from './notify';
import { currentLocale, onDidChangeLocale, t } from './l10n';
import { Localization } from './localization';
import type { Locale } from '../protocol/locale';
import type { ViewChoice } from '../protocol/viewChoice';
import { Settings } from './settings';
import { invalidSettingMessage } from './settingsNotice';
import { SideView } from './webviews/sideView';
import { StatusBar } from './models/statusBar';
import { summarize } from './analyses/summary';
import type { PostedMessage } from './webviews/webviewConnection';
import { inBackground } from './background';
import { CourseRunner } from './course/courseRunner';
import { builtInPackFolder } from './course/coursePack';
import { registerCourse } from './course/courseCommands';
import { inspectQkv } from './inside/inspect';
import { Ablation, registerAblation } from './inside/ablation';
import { SettlingStrip } from './editor/settling';
import { BertCommands, registerBert } from './bert/bertCommands';
import { DefaultsNotice } from './analyses/defaultsNotice';
import { movedTo, onDidDropDocument, watchDocumentMoves, watchDocumentTabs } from './editor/documentTabs';
import { onWillEditDocument } from './editor/documentEdits';

/**
 * What `activate` returns: facts and hooks for scripts and the integration tests (exportTo/saveExport
 * write files; nothing else changes state). Only other extensions reach it, and they already run
 * with the user's rights in this process: the hooks give them nothing more (saveExport goes through
 * the webview's guard — a plain file name of the four export types — and exportTo only skips the
 * save dialog). Commands' `pick` arguments, which `command:` links can carry too, choose only a whole
 * index within the model's own list (candidatePick.ts pickIndex): no more than a click in it.
 */
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
    readonly settling: readonly AppliedDecoration[];
    /** The view columns of the editors that show the spotlight's decorations. */
    readonly spotlightColumns: readonly (vscode.ViewColumn | undefined)[];
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
  /** The id of the last analysis made anywhere (null: none yet); ids only grow, so a later analysis has a larger one. */
  readonly lastAnalysisId: () => number | null;
  /** The analysis cache: entries and bytes held. */
  readonly cache: () => { readonly entries: number; readonly bytes: number; readonly has: (analysisId: number) => boolean };
  /** Sends the panel's next exports to `folder` without a save dialog (null: ask again). */
  readonly exportTo: (folder: string | null) => void;
  /** Handles an `export` message as the panel's would be handled (guard, save, notification). */
  readonly saveExport: (message: unknown) => Promise<ExportOutcome>;
  /** Fires when an export was saved, cancelled or refused. */
  readonly onDidExport: vscode.Event<ExportOutcome>;
  /** Fires with every notification the extension shows (one per failure). */
  readonly onDidNotify: vscode.Event<ShownNotice>;
  /** Cancels the analyses running now, as their progress notification's Cancel would; how many there were. */
  readonly cancelAnalyses: () => number;
  /** How many notifications offering an analysis' or a search's Cancel have been shown so far; `afterMs`: later runs offer it that soon. */
  readonly cancelOffers: (afterMs?: number) => number;
  /** How many model loads have shown their notification (with its Cancel) so far. */
  readonly modelLoads: () => number;
  /** Chooses an action of an open notification, as a click would (false: closed, or no such action). */
  readonly chooseInNotification: (id: number, action: string) => boolean;
  /** The language the extension speaks now (the `attentionLens.language` setting, resolved). */
  readonly locale: () => Locale;
  /** Marks every localized string ⟦…⟧ from now on (the pseudo-locale tests), or stops; the webviews render again. */
  readonly pseudoLocale: (on: boolean) => void;
  /** The guided course (tests open its units and read their computed questions). */
  readonly course: CourseRunner;
  /** What the panel's views show for an analysis (its view choice). */
  readonly panelChoice: (entry: StoredAnalysis) => ViewChoice;
  /** Fires when the settling strip coloured a document version. */
  readonly onDidApplySettling: vscode.Event<{ readonly uri: string; readonly version: number; readonly analysisId: number }>;
  /** The BERT lessons' commands (tests read what the panel was given and the lines' labels). */
  readonly bert: BertCommands;
  /** The folder the extension's log channel writes its file in (tests read what was logged). */
  readonly logUri: vscode.Uri;
  /** Runs `hook` just before each edit of a model's text (Mask Word, Next Word, Insert) is applied (null: none). */
  readonly beforeEdit: (hook: ((document: vscode.TextDocument) => void) | null) => void;
}

export function activate(context: vscode.ExtensionContext): AttentionLensApi {
  const log = neutralLog(vscode.window.createOutputChannel('Attention Lens', { log: true }));
  const notifier = new Notifier();
  // A value settings.json gives that the extension cannot use: said once, with the file that holds it.
  const settings = new Settings((problem) => {
    const open = problem.scope === 'workspace' ? 'workbench.action.openWorkspaceSettingsFile' : 'workbench.action.openSettingsJson';
    const reveal = { revealSetting: { key: `attentionLens.${problem.key}` } };
    inBackground(
      notifier.warning(invalidSettingMessage(problem, problem.scope), { [t('Open Settings')]: () => void vscode.commands.executeCommand(open, reveal) }),
    );
  });
  const config = (): Config => settings.current;
  // Before anything says a word: every t() from here on speaks the chosen language.
  const localization = new Localization(path.join(context.extensionPath, 'l10n'), log);
  localization.update(config().language);
  settings.reportInvalid();
  const posted = new vscode.EventEmitter<PostedMessage>();
  const rendered = new vscode.EventEmitter<{ readonly analysisId: number; readonly tokens: number }>();
  const engine = new EngineService(
    { distDir: path.join(context.extensionPath, 'dist'), cacheDir: defaultCacheDir(), log, warn: (message) => inBackground(notifier.warning(message)) },
    config(),
  );
  // The worker keeps each analysis's tensors until the store lets the analysis go.
  const store = new AnalysisStore(config().cacheMemoryMB * 1024 * 1024, (entry) => engine.release(entry.shown.result.attention.key));
  const attention = workerAttentionSource(engine);
  const connection = { extensionUri: context.extensionUri, log, onPosted: (m: PostedMessage) => posted.fire(m), views: engine };
  // A closed document's analysis says so in the side view too, as the panel says it (content.isClosed).
  const summaryOf = (entry: typeof store.last): ReturnType<typeof summarize> | null =>
    entry ? { ...summarize(entry, entry.shown.document.name), ...(content.isClosed(entry) ? { closed: true } : {}) } : null;
  // The side view's sections follow the active editor: its last analysis, or none.
  const activeUri = (): string | null => vscode.window.activeTextEditor?.document.uri.toString() ?? null;
  const activeSummary = (): ReturnType<typeof summaryOf> => {
    const uri = activeUri();
    return summaryOf(uri ? store.latestFor(uri) : store.last);
  };
  const side = new SideView({ ...connection, status: () => engine.status, summary: activeSummary });
  const panel = new AnalysisPanel(connection);
  const content = new PanelContent(panel, store, {
    status: () => engine.status,
    reveal: (entry, token) => inBackground(revealToken(entry.uri, entry.shown.ranges[token], panel.viewColumn)),
    viewSettings: config,
  });
  const exporter = new ExportSaver(log);
  const statusBar = new StatusBar(engine.status);
  const runner = new AnalysisRunner(engine, store, config, log, notifier);
  const actions = new Actions(runner, store, content, config);
  const spotlight = new Spotlight({ store, source: attention, choices: content, config, list: (list) => side.post('spotlight', list) });
  const surprisal = new SurprisalHeatmap(runner, config, (legend) => side.post('legend', legend));
  const continuation = new Continuation(runner, store, (preview) => content.showPreview(preview));
  const cursorSync = new CursorSync(store, content);
  const settling = new SettlingStrip(runner, store, config, (legend) => side.post('settling', legend));
  // A default layer or head the model lacks is clamped by the views: said once per model and value.
  const defaultsNotice = new DefaultsNotice();
  const tellUnfitDefaults = (entry: typeof store.last): void => {
    const message = entry && defaultsNotice.check(config(), entry.shown.result.model);
    if (message) inBackground(notifier.info(message));
  };
  const bert = new BertCommands(runner, panel, (scale) => side.post('scale', scale));
  const lessons = new WordLessons({ panel, runner, config });
  const course = new CourseRunner({
    runner,
    engine,
    content,
    state: context.globalState,
    glossaryFile: path.join(context.extensionPath, 'l10n', 'glossary.json'),
    builtIn: () => builtInPackFolder(context.extensionPath, currentLocale().language),
    language: () => currentLocale().language,
    panelColumn: () => panel.viewColumn,
    lessons,
  });

  context.subscriptions.push(
    log,
    notifier,
    settings,
    posted,
    rendered,
    exporter,
    engine,
    panel,
    content,
    side,
    statusBar,
    spotlight,
    surprisal,
    cursorSync,
    settling,
    settings.onDidChange((changed) => {
      localization.update(changed.language);
      store.setBudget(changed.cacheMemoryMB * 1024 * 1024);
      // The default view (defaultLayer, headAggregation, defaultHead) and how many tokens light up
      // (spotlightTokens) count at once for what is analyzed, not at the next analysis or cursor move.
      content.defaultsChanged();
      tellUnfitDefaults(content.current ?? store.last);
      spotlight.refresh();
      inBackground(engine.updateConfig(changed));
    }),
    // Host strings read t() when they are made; the webviews render again by themselves.
    // The model's status line between runs is made again in the new language (its change updates the status bar and the views).
    onDidChangeLocale(() => {
      statusBar.update(engine.status);
      engine.relocalize();
    }),
    engine.onDidChangeStatus((status) => {
      statusBar.update(status);
      panel.post('status', status);
      side.postStatus(status);
    }),
    // A continuation's steps (`<uri>#continuation-n`) belong to the document they continue.
    store.onDidAdd((entry) => {
      tellUnfitDefaults(entry);
      const uri = activeUri();
      if (!uri || entry.uri === uri || entry.uri.startsWith(`${uri}#`)) side.postSummary(summaryOf(entry));
    }),
    // The page's messages that are not about what it shows.
    panel.on('rendered', ({ analysisId, tokens }) => {
      log.debug(`panel rendered analysis ${analysisId} (${tokens} tokens)`);
      rendered.fire({ analysisId, tokens });
    }),
    panel.on('export', (file) => inBackground(exporter.save(file))),
    panel.on('continue', (request) => inBackground(continuation.fromPanel(request))),
    panel.on('insertPreview', ({ previewId }) => inBackground(continuation.insert(previewId))),
    // The panel follows the active editor's latest analysis and the heatmap's new colours.
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      content.follow(editor ? store.latestFor(editor.document.uri.toString()) : null);
      if (editor) side.postSummary(activeSummary());
    }),
    surprisal.onDidApply(({ analysisId }) => content.follow(store.byId(analysisId))),
    // The spotlight shows what the panel shows: another layer or head there lights up anew at once.
    content.onDidChangeChoice(() => spotlight.refresh()),
    vscode.window.registerWebviewViewProvider(SIDE_VIEW, side),
    vscode.languages.registerHoverProvider('*', new AttentionHover(store, content, attention)),
    // Menus pass the editor's Uri as the first argument: only plain objects count as arguments.
    vscode.commands.registerCommand(COMMANDS.analyzeSelection, (args?: unknown) => actions.analyzeSelection(plainArgs<WindowArgs>(args))),
    vscode.commands.registerCommand(COMMANDS.analyzeFromLine, (args?: unknown) => actions.analyzeFromLine(plainArgs<{ line?: unknown }>(args)?.line)),
    vscode.commands.registerCommand(COMMANDS.maskWord, (args?: unknown) => actions.maskWord(plainArgs<MaskArgs>(args))),
    vscode.commands.registerCommand(COMMANDS.nextWord, (auto?: unknown) => actions.nextWord(plainArgs<AutoPick>(auto))),
    vscode.commands.registerCommand(COMMANDS.openToken, (args: unknown) => actions.openToken(args)),
    vscode.commands.registerCommand(COMMANDS.toggleSpotlight, (on?: unknown) => spotlight.toggle(typeof on === 'boolean' ? on : undefined)),
    vscode.commands.registerCommand(COMMANDS.surprisalHeatmap, () => surprisal.show()),
    vscode.commands.registerCommand(COMMANDS.clearSurprisal, () => surprisal.clear()),
    vscode.commands.registerCommand(COMMANDS.continueText, (args?: ContinueArgs) => continuation.atCursor(args ?? {})),
    vscode.commands.registerCommand(COMMANDS.insertPreview, (args?: { previewId?: unknown }) => {
      const id = args?.previewId;
      return typeof id === 'number' && Number.isInteger(id) ? continuation.insert(id) : { ok: false, code: 'bad-input', message: t('no preview id') };
    }),
    vscode.commands.registerCommand(COMMANDS.compareModels, () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        const message = t('Open a file to compare the encoder and the decoder on it.');
        inBackground(notifier.info(message));
        return { ok: false, code: 'bad-input', message };
      }
      return compareModels(runner, editor, ({ encoder, decoder, guess }) => content.showComparison(encoder, decoder, guess));
    }),
    vscode.commands.registerCommand(COMMANDS.showPanel, () => {
      const editor = vscode.window.activeTextEditor;
      content.show((editor && store.latestFor(editor.document.uri.toString())) ?? store.last, { reveal: true, preserveFocus: false });
    }),
    vscode.commands.registerCommand(COMMANDS.selectModel, async () => {
      const choice = await selectModel(config(), engine.cacheDir);
      if (choice) await applyModelChoice(choice);
    }),
    vscode.commands.registerCommand(COMMANDS.manageModelCache, () => manageModelCache(engine.cacheDir)),
    vscode.commands.registerCommand(COMMANDS.inspectQkv, () => inspectQkv(store, content, (message) => inBackground(notifier.info(message)))),
    ...registerCourse(course, panel, notifier),
    ...registerAblation(new Ablation(runner, store, content), panel),
    settling.onDidApply(({ analysisId }) => content.follow(store.byId(analysisId))),
    // What the previous model showed outside its analyses goes with it.
    watchModels(config, settings.onDidChange, (kind) => [side, surprisal, settling].forEach((shown) => shown.modelChanged(kind))),
    vscode.commands.registerCommand(COMMANDS.toggleSettling, () => settling.toggle(activeUri() ?? undefined)),
    lessons,
    ...registerBert(bert),
    // The panel says when the analysed document's last tab closes (its analyses keep their version until the document goes).
    watchDocumentTabs(
      (uri) => {
        content.documentClosed(uri, false);
        side.postSummary(activeSummary());
      },
      (uri) => {
        content.documentShown(uri);
        side.postSummary(activeSummary());
      },
    ),
    watchDocumentMoves(),
    onDidDropDocument((document) => {
      // Under a new name with the same text (renamed, saved as), its analyses follow it, the panel's too.
      // Opened again, a document restarts at version 1: its old analyses and previews must not match it.
      const [uri, moved] = [document.uri.toString(), movedTo(document)];
      if (moved) store.rename(uri, moved.version, { uri: moved.to.uri.toString(), name: documentName(moved.to), version: moved.to.version });
      else if (document.isUntitled) store.forget(uri);
      else store.close(uri);
      content.documentClosed(uri, true, moved && moved.to.uri.toString());
      side.postSummary(activeSummary());
      continuation.forget(uri, moved);
    }),
  );
  log.info('activated');

  return {
    workerRunning: () => engine.workerRunning,
    workerStarts: () => engine.workerStarts,
    status: () => engine.status,
    onDidChangeStatus: engine.onDidChangeStatus,
    config,
    onDidPostToWebview: posted.event,
    postFromPanel: (method, params) => panel.fromPage(method, params),
    onDidRenderInPanel: rendered.event,
    killWorker: () => engine.killWorker(),
    view: (method, params, signal) => engine.view(method, params, signal),
    cacheDir: () => engine.cacheDir,
    modelChoices: () => modelChoices(config(), engine.cacheDir),
    decorations: (uri) => ({
      spotlight: spotlight.appliedTo(uri),
      surprisal: surprisal.appliedTo(uri),
      highlight: cursorSync.appliedTo(uri),
      settling: settling.appliedTo(uri),
      spotlightColumns: spotlight.columnsOf(uri),
    }),
    spotlightEnabled: () => spotlight.enabled,
    onDidUpdateSpotlight: spotlight.onDidUpdate,
    spotlightUpdateMs: () => spotlight.lastUpdateMs,
    onDidApplySurprisal: surprisal.onDidApply,
    analysis: (id) => store.byId(id)?.shown ?? null,
    lastAnalysisId: () => store.last?.shown.id ?? null,
    cache: () => ({ entries: store.size, bytes: store.bytes, has: (id) => store.byId(id) !== null }),
    exportTo: (folder) => exporter.exportTo(folder),
    saveExport: (message) => exporter.save(message),
    onDidExport: exporter.onDidExport,
    onDidNotify: notifier.onDidShow,
    chooseInNotification: (id, action) => notifier.choose(id, action),
    cancelAnalyses: () => runner.progress.cancelAll(),
    cancelOffers: (afterMs) => ((runner.progress.offerAfterMs = afterMs ?? runner.progress.offerAfterMs), runner.progress.offered),
    modelLoads: () => engine.loadsShown,
    locale: currentLocale,
    pseudoLocale: (on) => localization.pseudo(on, config().language),
    course,
    panelChoice: (entry) => content.choiceFor(entry),
    onDidApplySettling: settling.onDidApply,
    bert,
    logUri: context.logUri,
    beforeEdit: onWillEditDocument,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

async function revealToken(uri: string, range: SourceRange | null, panelColumn: vscode.ViewColumn | undefined): Promise<void> {
  if (!range) return;
  const target = vscode.Uri.parse(uri);
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
  const document = visible?.document ?? (await vscode.workspace.openTextDocument(target));
  const editor = await vscode.window.showTextDocument(document, { viewColumn: columnFor(document, panelColumn), preserveFocus: false });
  const selection = new vscode.Selection(range.startLine, range.startCharacter, range.endLine, range.endCharacter);
  editor.selection = selection;
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
