/**
 * The BERT lessons' commands (extension host): next-sentence prediction on the sentence at the
 * cursor (or the selection) and the next one, a second selection or a typed B, with "try a random
 * B" from the panel; labelling lines; fine-tuning a head on the labelled lines and labelling the
 * others; the model's position encoding; its scale (side view). What they find is posted to the
 * panel's BERT tab (`bert`), and posted again whenever the panel's page (re)starts. Each command
 * answers an outcome object (what the integration tests read).
 */
import * as vscode from 'vscode';
import { MAX_SENTENCE, type BertMessage, type FineTuneShown, type NspShown, type ScaleShown } from '../../protocol/bert';
import { asEngineError } from '../../engine/errors';
import { modelLabel } from '../models/selectedModel';
import type { AnalysisPanel } from '../webviews/panel';
import type { AnalysisRunner } from '../analyses/analysisRunner';
import { documentName } from '../analyses/documentName';
import { tabDocuments } from '../editor/documentTabs';
import type { Asked } from '../analyses/freshness';
import { formatWholePercent, t } from '../l10n';
import { inBackground } from '../background';
import { COMMANDS } from '../commands';
import { neutralLabel } from '../../protocol/neutralise';
import { LineLabels, MAX_LABELLED } from './lineLabels';
import { randomOther, sentenceAfter, sentenceAt, sentencesOf } from './sentences';
import { nextSessionId } from '../sessionIds';

export type BertOutcome =
  | {
      readonly ok: true;
      readonly isNext?: number;
      readonly unsupported?: string;
      readonly accuracy?: number;
      readonly predicted?: number;
      readonly labelled?: number;
    }
  | { readonly ok: false; readonly code: string; readonly message: string };

export interface NspArgs {
  readonly a?: unknown;
  readonly b?: unknown;
}
export interface LabelArgs {
  readonly label?: unknown;
  readonly lines?: unknown;
}
export interface FineTuneArgs {
  readonly folds?: unknown;
}
export interface PositionsArgs {
  /** The decoder's positions instead of the encoder's. */
  readonly kind?: unknown;
}

/** Positions of the quick first paint; the rest follow. */
const FIRST_POSITIONS = 128;

const cut = (s: string): string => s.slice(0, MAX_SENTENCE);
const fail = (code: string, message: string): BertOutcome => ({ ok: false, code, message });
/** Lines the head labels after fine-tuning, at most. */
const MAX_PREDICTED = 2000;

export class BertCommands implements vscode.Disposable {
  private message: BertMessage = { id: 0, nsp: null, fineTune: null, positions: null };
  /** The last pair's A and its document (for "try a random B"). */
  private lastPair: { readonly uri: string; readonly a: string; readonly next: string | null } | null = null;
  readonly labels = new LineLabels();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    /** Runs the lessons' engine requests under the one rule for a changed model (`asked`), and says their failures. */
    private readonly runner: AnalysisRunner,
    private readonly panel: AnalysisPanel,
    /** Posts the scale section to the side view (replayed there when its page starts). */
    private readonly postScale: (scale: ScaleShown) => void,
  ) {
    this.subscriptions = [
      this.labels,
      panel.on('ready', () => this.post()),
      panel.on('bertAction', () => inBackground(this.randomB(this.runner.asked('encoder')))),
    ];
  }

  /** Next-sentence prediction: A and B from the arguments, else from the active editor (or typed). */
  async nextSentence(args: NspArgs = {}): Promise<BertOutcome> {
    const fresh = this.runner.asked('encoder');
    let a = typeof args.a === 'string' ? args.a : null;
    let b = typeof args.b === 'string' ? args.b : null;
    let uri: string | null = null;
    let next: string | null = null;
    const editor = vscode.window.activeTextEditor;
    if (a === null) {
      if (!editor) return this.tell(fail('bad-input', t('Open a file and put the cursor on a sentence to predict the next sentence.')));
      ({ a, b, next } = this.pairIn(editor, b));
      uri = editor.document.uri.toString();
    }
    if (b === null || b.trim() === '') {
      b = (await vscode.window.showInputBox({ prompt: t('Sentence B (what might follow sentence A)'), ignoreFocusOut: true })) ?? null;
      if (b === null || b.trim() === '') return fail('cancelled', t('no sentence B'));
    }
    if (a.trim() === '') return this.tell(fail('bad-input', t('Sentence A is empty: put the cursor on a sentence or select one.')));
    if (uri) this.lastPair = { uri, a, next };
    return this.run(cut(a), cut(b), fresh, () => inBackground(this.nextSentence(args)));
  }

  /** Labels the lines of the selections (or the given lines) with a label picked or typed; "remove" unlabels. */
  async labelLine(args: LabelArgs = {}): Promise<BertOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.tell(fail('bad-input', t('Open a file to label its lines.')));
    const uri = editor.document.uri.toString();
    const lines = Array.isArray(args.lines)
      ? args.lines.filter((l): l is number => Number.isInteger(l) && l >= 0 && l < editor.document.lineCount)
      : [...new Set(editor.selections.flatMap((s) => range(s.start.line, s.end.line > s.start.line && s.end.character === 0 ? s.end.line - 1 : s.end.line)))];
    let label = typeof args.label === 'string' ? args.label : undefined;
    if (label === undefined) {
      const NEW = t('New label…');
      const REMOVE = t('Remove the label');
      const names = this.labels.names(uri);
      const shown = names.map((n) => neutralLabel(n, 80));
      const items = [...shown, NEW, ...(lines.some((l) => this.labels.of(uri).has(l)) ? [REMOVE] : [])];
      const picked = await vscode.window.showQuickPick(items, { placeHolder: t('Label for the line (fine-tuning)') });
      if (picked === undefined) return fail('cancelled', t('no label'));
      if (picked === REMOVE) label = '';
      else if (picked === NEW) label = (await vscode.window.showInputBox({ prompt: t('A new label, such as "positive" or "question"') }))?.trim();
      else label = names[shown.indexOf(picked)] ?? picked;
      if (label === undefined) return fail('cancelled', t('no label'));
    }
    label = label.trim().slice(0, 80);
    const usable = lines.filter((l) => label === '' || !editor.document.lineAt(l).isEmptyOrWhitespace);
    if (usable.length === 0) return this.tell(fail('bad-input', t('Put the cursor on a line with text to label it.')));
    if (!this.labels.set(uri, usable, label === '' ? null : label))
      return this.tell(fail('bad-input', t('A document holds at most {0} labelled lines.', MAX_LABELLED)));
    return { ok: true, labelled: this.labels.of(uri).size };
  }

  /** Trains a head on the labelled lines of the active document; shows the figures and labels the other lines. */
  async fineTune(args: FineTuneArgs = {}): Promise<BertOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.tell(fail('bad-input', t('Open a file with labelled lines to fine-tune on them.')));
    const document = editor.document;
    const uri = document.uri.toString();
    const labelled = [...this.labels.of(uri)].filter(([line]) => line < document.lineCount && !document.lineAt(line).isEmptyOrWhitespace);
    if (new Set(labelled.map(([, label]) => label)).size < 2 || labelled.length < 4)
      return this.tell(
        fail('bad-input', t('Label at least four lines with at least two different labels first (Attention Lens: Label Line for Fine-Tuning).')),
      );
    const others: number[] = [];
    for (let line = 0; line < document.lineCount && others.length < MAX_PREDICTED; line++)
      if (!this.labels.of(uri).has(line) && !document.lineAt(line).isEmptyOrWhitespace) others.push(line);
    const folds = Number.isInteger(args.folds) ? (args.folds as number) : Math.min(5, labelled.length);
    const version = document.version;
    // The model only: a document edited meanwhile keeps the figures, and no line gets a prediction (below).
    const fresh = this.runner.asked('encoder');
    try {
      const result = await this.runner.words(fresh, 'fineTune', 'encoder', {
        request: {
          examples: labelled.map(([line, label]) => ({ label, text: document.lineAt(line).text })),
          folds,
          predict: others.map((line) => document.lineAt(line).text),
        },
      });
      const { predictions, ...rest } = result;
      // Edited while the classifier trained: `others` are line numbers of the old text, so no line gets a prediction.
      const current = document.version === version;
      if (current)
        this.labels.predict(uri, new Map(others.map((line, i) => [line, `${predictions[i].label} (${formatWholePercent(predictions[i].probability)})`])));
      else
        inBackground(
          this.runner.notifier.info(
            t('The text changed while the classifier trained: no line was labelled. Run Attention Lens: Fine-Tune on Labelled Lines again to label them.'),
          ),
        );
      const predicted = current ? others.length : 0;
      this.message = { ...this.message, fineTune: { document: documentName(document, tabDocuments()), result: rest, predicted } };
      this.show();
      return { ok: true, accuracy: result.accuracy, predicted };
    } catch (error) {
      return this.runner.failed(error, () => inBackground(this.fineTune(args)));
    }
  }

  /** A classifier trained elsewhere (the course's fine-tuning unit) in the BERT tab, as this command's own are shown. */
  showFineTuned(shown: FineTuneShown): void {
    this.message = { ...this.message, fineTune: shown };
    this.show();
  }

  /**
   * The loaded model's position encoding in the BERT tab: the first positions at once (a quick first
   * paint), then the whole table (up to 512 positions).
   */
  async showPositions(args: PositionsArgs = {}): Promise<BertOutcome & { count?: number; kind?: string }> {
    const kind = args.kind === 'decoder' ? 'decoder' : 'encoder';
    const fresh = this.runner.asked(kind);
    try {
      const first = await this.runner.words(fresh, 'positions', kind, { count: FIRST_POSITIONS });
      const partial = first.kind === 'learned';
      this.message = { ...this.message, positions: { model: modelLabel(first.model), positions: first, partial } };
      this.show();
      if (!partial) return { ok: true, count: first.count, kind: first.kind };
      const all = await this.runner.words(fresh, 'positions', kind, {});
      this.message = { ...this.message, positions: { model: modelLabel(all.model), positions: all, partial: false } };
      this.post();
      return { ok: true, count: all.count, kind: all.kind };
    } catch (error) {
      return this.runner.failed(error, () => inBackground(this.showPositions(args)));
    }
  }

  /** The model's exact parameter count and its attention's memory, in the side view. */
  async showScale(args: PositionsArgs = {}): Promise<BertOutcome & { parameters?: number }> {
    const kind = args.kind === 'decoder' ? 'decoder' : 'encoder';
    const fresh = this.runner.asked(kind);
    try {
      const scale = await this.runner.words(fresh, 'scale', kind, {});
      // The model as people name it (the panel's header does so): an embedded model's folder path is its base name.
      this.postScale({ kind, scale: { ...scale, model: modelLabel(scale.model) } });
      return { ok: true, parameters: scale.parameters };
    } catch (error) {
      return this.runner.failed(error, () => inBackground(this.showScale(args)));
    }
  }

  /** What the panel was last given (tests). */
  get shown(): BertMessage {
    return this.message;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  /** A from the selection or the sentence at the cursor; B from a second selection, `b`, or the next sentence. */
  private pairIn(editor: vscode.TextEditor, b: string | null): { a: string; b: string | null; next: string | null } {
    const { document } = editor;
    const text = document.getText();
    const chosen = editor.selections.filter((s) => !s.isEmpty).sort((x, y) => x.start.compareTo(y.start));
    const spans = sentencesOf(text);
    let aEnd: number;
    let a: string;
    if (chosen.length > 0) {
      a = document.getText(chosen[0]).trim();
      aEnd = document.offsetAt(chosen[0].end);
      if (b === null && chosen.length > 1) b = document.getText(chosen[1]).trim();
    } else {
      const at = sentenceAt(spans, document.offsetAt(editor.selection.active));
      if (at < 0) return { a: '', b, next: null };
      a = text.slice(spans[at].start, spans[at].end);
      aEnd = spans[at].end;
    }
    const after = sentenceAfter(spans, aEnd);
    const next = after ? text.slice(after.start, after.end) : null;
    return { a, b: b ?? next, next };
  }

  private async randomB(fresh: Asked): Promise<BertOutcome> {
    const pair = this.lastPair;
    const document = pair && vscode.workspace.textDocuments.find((d) => d.uri.toString() === pair.uri);
    if (!pair || !document) return this.tell(fail('bad-input', t('Run Attention Lens: Predict Next Sentence (BERT) on a document first.')));
    const text = document.getText();
    const other = randomOther(text, sentencesOf(text), pair.a, pair.next, Math.random());
    if (!other) return this.tell(fail('bad-input', t('The document has no other sentence to try as B.')));
    return this.run(cut(pair.a), cut(text.slice(other.start, other.end)), fresh, () => inBackground(this.randomB(this.runner.asked('encoder'))));
  }

  private async run(a: string, b: string, fresh: Asked, retry: () => void): Promise<BertOutcome> {
    let nsp: NspShown;
    let outcome: BertOutcome;
    try {
      const { runMs: _runMs, ...result } = await this.runner.words(fresh, 'nsp', 'encoder', { request: { a, b } });
      nsp = { a, b, result };
      outcome = { ok: true, isNext: result.isNext };
    } catch (error) {
      const e = asEngineError(error);
      if (e.code !== 'unsupported-architecture') return this.runner.failed(e, retry);
      // A model without the head gets a clear message in the tab, never a guess.
      const unsupported = t(
        'This model has no next-sentence head: next-sentence prediction needs a BERT exported with its pre-training heads (the embedded encoder has one; most hub BERTs and BETO do not).',
      );
      nsp = { a, b, unsupported };
      outcome = { ok: true, unsupported };
    }
    this.message = { ...this.message, nsp };
    this.show();
    return outcome;
  }

  /** A command's result: a new id, so that the panel brings the tab forward (once: a replay keeps the id). */
  private show(): void {
    this.message = { ...this.message, id: nextSessionId() };
    this.panel.reveal(true);
    this.post();
  }

  private post(): void {
    if (this.message.nsp || this.message.fineTune || this.message.positions) this.panel.post('bert', this.message);
  }

  private tell(outcome: BertOutcome): BertOutcome {
    if (!outcome.ok && outcome.code !== 'cancelled') inBackground(this.runner.notifier.warning(outcome.message));
    return outcome;
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** The commands' registrations (extension.ts spreads them into the context's subscriptions). */
export function registerBert(bert: BertCommands): vscode.Disposable[] {
  const args = <T>(value: unknown): T => (typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) ? (value as T) : ({} as T));
  return [
    bert,
    vscode.commands.registerCommand(COMMANDS.nextSentence, (a?: unknown) => bert.nextSentence(args<NspArgs>(a))),
    vscode.commands.registerCommand(COMMANDS.labelLine, (a?: unknown) => bert.labelLine(args<LabelArgs>(a))),
    vscode.commands.registerCommand(COMMANDS.fineTune, (a?: unknown) => bert.fineTune(args<FineTuneArgs>(a))),
    vscode.commands.registerCommand(COMMANDS.showPositions, (a?: unknown) => bert.showPositions(args<PositionsArgs>(a))),
    vscode.commands.registerCommand(COMMANDS.showScale, (a?: unknown) => bert.showScale(args<PositionsArgs>(a))),
  ];
}
