/**
 * The extension's entry point (extension host). `activate` only wires things together: every
 * long-lived object is disposable and registered on the context, built in an order where each
 * gets what it needs at construction. The settings live in `Settings`, what the panel shows in
 * `PanelContent`. Nothing heavy happens here — the engine worker starts on the first analysis.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { SourceRange } from '../protocol/webviewApi';
import { Actions, plainArgs, type AutoPick, type WindowArgs } from './commands/actions';
import { AnalysisStore } from './analyses/analyses';
import { defaultCacheDir } from '../engine/paths';
import { manageModelCache } from './models/cacheCommand';
import { compareModels } from './commands/compare';
import { Continuation, type ContinueArgs } from './commands/continuation';
import { CursorSync } from './editor/cursorSync';
import { columnFor } from './editor/editorColumn';
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
import { ExportSaver } from './webviews/exportFile';
import { applyModelChoice, selectModel } from './models/modelPicker';
import { watchModels } from './models/modelChanges';
import { KindNotice } from './models/kindNotice';
import { modelLabel } from './models/selectedModel';
import { AnalysisPanel } from './webviews/panel';
import { PanelContent } from './webviews/panelContent';
import { WordLessons } from './repr/wordLessons';
import { Notifier, neutralLog } from './notify';
import { currentLocale, onDidChangeLocale, t } from './l10n';
import { Localization } from './localization';
import { Settings } from './settings';
import { invalidSettingMessage, untrustedMessage } from './settingsNotice';
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
import { movedTo, onDidDropDocument, tabDocuments, watchDocumentMoves, watchDocumentTabs } from './editor/documentTabs';
import { testApi, type AttentionLensApi } from './testApi';

export type { AttentionLensApi } from './testApi';

export function activate(context: vscode.ExtensionContext): AttentionLensApi {
  const log = neutralLog(vscode.window.createOutputChannel('Attention Lens', { log: true }));
  const notifier = new Notifier();
  // A value settings.json gives that the extension cannot use: said once, with the file that holds it.
  const settings = new Settings(
    (problem) => {
      const open = problem.scope === 'workspace' ? 'workbench.action.openWorkspaceSettingsFile' : 'workbench.action.openSettingsJson';
      const reveal = { revealSetting: { key: `attentionLens.${problem.key}` } };
      inBackground(
        notifier.warning(invalidSettingMessage(problem, problem.scope), { [t('Open Settings')]: () => void vscode.commands.executeCommand(open, reveal) }),
      );
    },
    // Workspace values Restricted Mode does not apply: said, with the way to trust the workspace.
    (ignored) =>
      inBackground(
        notifier.info(untrustedMessage(ignored), { [t('Manage Workspace Trust')]: () => void vscode.commands.executeCommand('workbench.trust.manage') }),
      ),
  );
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
  // A model setting that names a model of the other kind: said at its first analysis, once.
  const kindNotice = new KindNotice();
  const tellWrongKind = (entry: NonNullable<typeof store.last>): void => {
    const slot = entry.options?.kind;
    const { id, kind } = entry.shown.result.model;
    const message = slot && kindNotice.check(slot, { id: modelLabel(id), kind });
    if (message) inBackground(notifier.warning(message, { [t('Select Model')]: () => void vscode.commands.executeCommand(COMMANDS.selectModel) }));
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
    bert,
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
      tellWrongKind(entry);
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
      if (moved)
        store.rename(uri, moved.version, {
          uri: moved.to.uri.toString(),
          name: documentName(moved.to, tabDocuments()),
          version: moved.to.version,
        });
      else if (document.isUntitled) store.forget(uri);
      else store.close(uri);
      content.documentClosed(uri, true, moved && moved.to.uri.toString());
      side.postSummary(activeSummary());
      continuation.forget(uri, moved);
    }),
  );
  log.info('activated');

  return testApi({
    context,
    engine,
    config,
    posted,
    rendered,
    panel,
    content,
    store,
    spotlight,
    surprisal,
    cursorSync,
    settling,
    exporter,
    notifier,
    runner,
    localization,
    course,
    bert,
  });
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
