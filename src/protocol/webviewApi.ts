/**
 * The messages between the extension host and its webviews (the panel in the editor area and the
 * side view in the activity bar). Pure TypeScript, all runtimes.
 *
 * Both links run over `RpcEndpoint` (postMessage). Everything that crosses is checked before use
 * — on the host (a webview is untrusted content) and in the webview (a stale or malformed message
 * must not break the view): notifications by messageGuards.ts, view requests and replies by
 * viewGuards.ts. Attention matrices travel as typed arrays, which VS Code's webview postMessage
 * carries as binary, never as nested JSON arrays.
 *
 * The webviews never receive whole tensors: an analysis arrives as an AnalysisOverview (shape and
 * the worker's key), and a view asks its host for what it draws with the RPC requests of
 * `WebviewRequests` (= views.ts ViewMethods, named in VIEW_METHODS). The host checks them
 * (`isWebviewRequest`: every field, sizes bounded), serves only keys of analyses it showed that
 * webview, and forwards them to the engine worker; the webview checks each reply against its
 * request (viewGuards.ts). Replies hold Float32Array/Uint8Array/Uint16Array only (never Float16Array,
 * which a webview's postMessage cannot carry).
 */
import type { AnalysisOverview, Candidate, HeadRef, ModelKind } from './analysis';
import type { InsideMessage } from './inside';
import type { SensesMessage, WordOrderMessage } from './reprViews';
import type { CourseAction, CourseMessage } from './courseMessages';
import type { SamplingControls } from './sampling';
import type { ViewChoice } from './viewChoice';
import type { ViewMethods } from './views';
import type { BertAction, BertMessage, ScaleShown } from './bert';

/** Where a token came from in the editor, as 0-based line/character positions. */
export interface SourceRange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

export interface ShownDocument {
  readonly uri: string;
  /** A short label for the document (its file name, or "Untitled-1"). */
  readonly name: string;
  readonly languageId: string;
  readonly version: number;
  /**
   * The document was closed since the analysis: the panel still shows it, says so, and its tokens
   * lead to no editor (a document opened again starts at version 1, with whatever text it has now).
   */
  readonly closed?: boolean;
}

/** One analysis as the webviews show it. */
export interface ShownAnalysis {
  /** Increases with every analysis the host makes; replies name the analysis they refer to. */
  readonly id: number;
  readonly document: ShownDocument;
  /** The analysis without its tensors; `result.attention.key` names them in view requests. */
  readonly result: AnalysisOverview;
  /** `ranges[i]` is where `result.tokens[i]` sits in the document (null for special tokens). */
  readonly ranges: readonly (SourceRange | null)[];
  /**
   * What the views open on: the panel's last choice for this analysis, else the settings' default
   * (viewChoice.ts); hovers and the spotlight read the same choice.
   */
  readonly choice: ViewChoice;
}

export type ModelState = 'idle' | 'loading' | 'ready' | 'error';

export interface ModelStatus {
  /** The model id or folder the next analysis uses. */
  readonly model: string;
  readonly kind: ModelKind | null;
  readonly state: ModelState;
  /** One line for people: "downloading model.onnx 40%", the error message, "4 layers × 4 heads". */
  readonly detail: string;
  /** 0..1 while loading when known. */
  readonly progress: number | null;
  /**
   * The models the engine holds now, by the name analyses carry (`AnalysisResult.model.id`): the
   * panel says whether the analysis it shows came from one still loaded. Absent: not known.
   */
  readonly loaded?: readonly string[];
}

/** A compact summary for the side view (it never receives the matrices). */
export interface AnalysisSummary {
  readonly id: number;
  readonly document: string;
  readonly model: string;
  readonly kind: ModelKind;
  readonly tokens: number;
  readonly analyzed: { readonly start: number; readonly end: number };
  /**
   * The headline predictions: the masked fillers or the next-token candidates, each as the model's
   * token text (a decoded candidate or a vocabulary string; the view makes whitespace visible) and,
   * for a masked filler, the position it fills.
   */
  readonly predictions: readonly { readonly label: string; readonly p: number; readonly position?: number | null }[];
  readonly notices: readonly string[];
  /** The document was closed since the analysis (ShownDocument.closed): the side view says so, as the panel does. */
  readonly closed?: boolean;
}

/** What the attention spotlight lights up (side view): the token under the cursor and what it attends to. */
export interface SpotlightList {
  readonly analysisId: number;
  readonly token: string;
  /** "layer 3, mean of heads". */
  readonly view: string;
  readonly items: readonly { readonly label: string; readonly weight: number }[];
  /** Why `items` is empty, when it is: the panel's cleaning hides the token, or its weights are not numbers (NaN or ∞). */
  readonly empty?: 'hidden' | 'not-numbers';
  /** The legend of the editor's spotlight colours, one label per weight bucket, faintest first. */
  readonly bands: readonly string[];
}

/** The spotlight is on but the cursor is on no analyzed token (side view): why nothing lights up. */
export interface SpotlightOutside {
  readonly kind: 'outside';
  /** The active document's short name. */
  readonly document: string;
  /** Where this version of the document was analyzed ("lines 3–7"), or null when it was not. */
  readonly analyzed: string | null;
}

/** The spotlight's side-view section: a list, why there is none, or nothing (the spotlight is off). */
export type SpotlightMessage = SpotlightList | SpotlightOutside | null;

/** The surprisal heatmap's legend (side view): one label per colour band, least surprising first. */
export interface SurprisalLegend {
  readonly document: string;
  readonly bands: readonly string[];
}

/** A continuation preview (panel): the generated text so far and the analysis of each step. */
export interface PreviewMessage {
  readonly previewId: number;
  /** The analysis the preview continues. */
  readonly originId: number;
  readonly text: string;
  readonly steps: readonly { readonly analysisId: number; readonly token: string; readonly p: number }[];
  readonly done: boolean;
}

/** What the encoder and the decoder predict for the word at the cursor (the comparison). */
export interface ComparisonGuess {
  readonly word: string;
  /** The encoder's fillers with the word masked: whole words when `encoderWhole` (token: the word), else its first token's. */
  readonly encoderFillers: readonly Candidate[];
  readonly encoderWhole: boolean;
  /** How many tokens the encoder split the word into (each masked). */
  readonly encoderPieces: number;
  /**
   * The decoder's view of the word from the text before it: `p` the probability of all its `pieces`
   * tokens in turn (their product), `surprisal` their sum; `rank` and `expected` its first token's.
   */
  readonly decoder: {
    readonly p: number;
    readonly rank: number;
    readonly surprisal: number;
    readonly expected: readonly Candidate[];
    readonly pieces: number;
  } | null;
}

/** The same text analyzed by the encoder and the decoder, for the side-by-side view. */
export interface ComparisonMessage {
  readonly encoder: ShownAnalysis;
  readonly decoder: ShownAnalysis;
  readonly guess: ComparisonGuess | null;
}

/**
 * A head ablation (the Compare tab's ablation mode): the same request without and with heads switched
 * off (`after.result.ablated` names them). Null: no ablation any more (Restore).
 */
export interface AblationMessage {
  readonly before: ShownAnalysis;
  readonly after: ShownAnalysis;
}

/** Host → webview notifications. */
export interface HostToWebview {
  [method: string]: unknown;
  analysis: ShownAnalysis;
  summary: AnalysisSummary | null;
  status: ModelStatus;
  /** The shown analysis's document was closed, or a tab shows it again (ShownDocument.closed). */
  closed: { readonly analysisId: number; readonly closed: boolean };
  /** Select a token in the view (cursor sync); null clears. */
  focus: { readonly analysisId: number; readonly token: number | null };
  spotlight: SpotlightMessage;
  legend: SurprisalLegend | null;
  preview: PreviewMessage;
  comparison: ComparisonMessage;
  /** Bring the Inside tab forward on one of its views (Inspect Query, Key and Value). */
  inside: InsideMessage;
  ablation: AblationMessage | null;
  /** The settling strip's legend (side view): one label per colour band, earliest layers first; null when it is off. */
  settling: SurprisalLegend | null;
  /** Word senses of a word at the cursor (the Representations tab). */
  senses: SensesMessage;
  /** The word-order experiment (the Representations tab). */
  wordOrder: WordOrderMessage;
  /** The course unit the student is at (the Course tab); null: no course open. */
  course: CourseMessage | null;
  /** The BERT tab: the last next-sentence prediction and fine-tuning (bert.ts). */
  bert: BertMessage;
  /** The side view's scale section: the loaded model's parameter count among others (bert.ts). */
  scale: ScaleShown | null;
}

/** Webview → host notifications. */
export interface WebviewToHost {
  [method: string]: unknown;
  /** The webview's script is running and listening; the host replays its state. */
  ready: { readonly view: 'panel' | 'side' };
  /** Reveal a token of an analysis in the editor. */
  reveal: { readonly analysisId: number; readonly token: number };
  /** Run a contributed command (only the ids in WEBVIEW_COMMANDS are honoured). */
  command: { readonly command: WebviewCommand };
  /** What the panel's views show now (a reader's choice), so that hovers and the spotlight show the same. */
  selection: { readonly analysisId: number; readonly choice: ViewChoice };
  /** The panel drew an analysis: how many tokens its strip shows (the host logs it; tests wait for it). */
  rendered: { readonly analysisId: number; readonly tokens: number };
  /** The reader selected a token in the panel (null: none); the host highlights it in the editor. */
  token: { readonly analysisId: number; readonly token: number | null };
  /** Generate a continuation preview of the text an analysis ends with. */
  continue: { readonly analysisId: number; readonly steps: number; readonly greedy: boolean; readonly controls: SamplingControls };
  /** Insert a continuation preview into its document. */
  insertPreview: { readonly previewId: number };
  /** Show one stored analysis (a continuation step, one side of a comparison). */
  showAnalysis: { readonly analysisId: number };
  /** Save a view's export (a webview frame cannot download): the host asks where and writes it. */
  export: ExportFile;
  /** Switch these heads off in an analysis (the ablation view, the attention views); empty heads: ask with a quick pick. */
  ablate: { readonly analysisId: number; readonly heads: readonly HeadRef[] };
  /** Show the unablated analysis of an ablation again. */
  restore: { readonly analysisId: number };
  /** Reveal an occurrence of a word-senses run in the editor. */
  revealOccurrence: { readonly sensesId: number; readonly occurrence: number };
  /** Shuffle the words of a word-order experiment again (the next seed). */
  shuffleAgain: { readonly wordOrderId: number };
  /** What the student does in the Course tab (previous, next, reset, an answer). */
  course: CourseAction;
  /** The BERT tab asks for something (bert.ts): a random B for the same A. */
  bertAction: BertAction;
}

export type ExportMime = 'image/png' | 'image/svg+xml' | 'application/json' | 'text/csv';

/** A file a view exports: bytes for PNG, text (written as UTF-8) for the others. */
export interface ExportFile {
  /** A plain file name (no folders) whose extension matches `mime`. */
  readonly name: string;
  readonly mime: ExportMime;
  readonly data: Uint8Array | string;
}

/** The file extension of each export type (lower case, with the dot). */
export const EXPORT_EXTENSIONS: Readonly<Record<ExportMime, string>> = {
  'image/png': '.png',
  'image/svg+xml': '.svg',
  'application/json': '.json',
  'text/csv': '.csv',
};

/** The largest export the host accepts: bytes of a PNG, characters of a text. */
export const MAX_EXPORT_SIZE = 64 * 1024 * 1024;
export const MAX_EXPORT_NAME = 200;

export const WEBVIEW_COMMANDS = ['showPanel', 'analyzeSelection', 'selectModel', 'showScale'] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

/** The RPC requests a webview may send its host: the view requests of views.ts (VIEW_METHODS), by the same names. */
export type WebviewRequests = ViewMethods;
