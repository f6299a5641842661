/**
 * What `activate` returns (extension host): the facts and hooks the integration tests and scripts
 * read, built from the objects `activate` wired. A hook here changes nothing for users until a
 * caller asks for it.
 */
import type * as vscode from 'vscode';
import type { ModelStatus, ShownAnalysis } from '../protocol/webviewApi';
import type { Locale } from '../protocol/locale';
import type { ViewChoice } from '../protocol/viewChoice';
import type { AnalysisStore, StoredAnalysis } from './analyses/analyses';
import type { AnalysisRunner } from './analyses/analysisRunner';
import type { BertCommands } from './bert/bertCommands';
import type { Config } from './config';
import type { CourseRunner } from './course/courseRunner';
import type { CursorSync } from './editor/cursorSync';
import { onWillEditDocument } from './editor/documentEdits';
import type { AppliedDecoration } from './editor/editorDecorations';
import type { SettlingStrip } from './editor/settling';
import type { Spotlight } from './editor/spotlight';
import type { SurprisalHeatmap } from './editor/surprisal';
import { currentLocale } from './l10n';
import type { Localization } from './localization';
import type { EngineService } from './models/engineService';
import type { PickerEntry } from './models/modelCatalog';
import { modelChoices } from './models/modelPicker';
import type { Notifier, ShownNotice } from './notify';
import type { ExportOutcome, ExportSaver } from './webviews/exportFile';
import type { AnalysisPanel } from './webviews/panel';
import type { PanelContent } from './webviews/panelContent';
import type { PostedMessage } from './webviews/webviewConnection';

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
  /**
   * While on, every engine request that runs a model waits at its start in the worker until turned off
   * (or cancelled); configure, release, unload, hold and ping answer at once (engineApi.ts says which).
   * A test kills the worker while a request surely runs; how many wait now (`on` absent: only asks).
   * Off unless a test turns it on, and off in every new worker.
   */
  readonly holdEngineRequests: (on?: boolean) => Promise<number>;
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
  /** The titles of the status-bar progresses analyses and searches have shown so far, oldest first. */
  readonly statusBarProgresses: () => readonly string[];
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

/** The objects `activate` wired that the test API reads. */
export interface TestApiParts {
  readonly context: vscode.ExtensionContext;
  readonly engine: EngineService;
  readonly config: () => Config;
  readonly posted: vscode.EventEmitter<PostedMessage>;
  readonly rendered: vscode.EventEmitter<{ readonly analysisId: number; readonly tokens: number }>;
  readonly panel: AnalysisPanel;
  readonly content: PanelContent;
  readonly store: AnalysisStore;
  readonly spotlight: Spotlight;
  readonly surprisal: SurprisalHeatmap;
  readonly cursorSync: CursorSync;
  readonly settling: SettlingStrip;
  readonly exporter: ExportSaver;
  readonly notifier: Notifier;
  readonly runner: AnalysisRunner;
  readonly localization: Localization;
  readonly course: CourseRunner;
  readonly bert: BertCommands;
}

export function testApi(parts: TestApiParts): AttentionLensApi {
  const { context, engine, config, posted, rendered, panel, content, store, spotlight, surprisal, cursorSync, settling } = parts;
  const { exporter, notifier, runner, localization, course, bert } = parts;
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
    holdEngineRequests: (on) => engine.holdRequests(on),
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
    statusBarProgresses: () => [...runner.progress.barsShown],
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
