/**
 * Encoder beside decoder (extension host): the same text analyzed by the configured encoder and
 * decoder (the embedded tiny-bert-es-en and tiny-gpt-es-en by default), shown side by side in the
 * panel — bidirectional and causal attention for the same layer/head index — with what each
 * predicts for the word at the cursor: the encoder's fillers with that word masked (a third run,
 * so that the attention shown stays that of the unmasked text) and the decoder's probability,
 * rank and expectations for it.
 */
import type * as vscode from 'vscode';
import type { Candidate } from '../../protocol/analysis';
import type { ComparisonGuess } from '../../protocol/webviewApi';
import type { StoredAnalysis } from '../analyses/analyses';
import type { AnalysisRunner, RunOutcome } from '../analyses/analysisRunner';
import { scopeAround } from '../analyses/textScope';
import { inBackground } from '../background';

export interface Comparison {
  readonly encoder: StoredAnalysis;
  readonly decoder: StoredAnalysis;
  readonly guess: ComparisonGuess | null;
}

export type CompareOutcome = RunOutcome & { readonly encoderId?: number; readonly decoderId?: number; readonly guess?: ComparisonGuess | null };

export async function compareModels(runner: AnalysisRunner, editor: vscode.TextEditor, show: (c: Comparison) => void): Promise<CompareOutcome> {
  const { document, selection } = editor;
  let start = document.offsetAt(selection.start);
  let end = document.offsetAt(selection.end);
  if (start === end) ({ start, end } = scopeAround(document.getText(), start, document.languageId));
  const cursor = document.offsetAt(selection.active);
  try {
    const encoder = await runner.run(document, start, end, { kind: 'encoder', focus: cursor, reuse: true });
    const decoder = await runner.run(document, start, end, { kind: 'decoder', focus: cursor, reuse: true });
    const guess = await cursorGuess(runner, document, start, end, cursor, decoder);
    show({ encoder, decoder, guess });
    return { ok: true, analysisId: decoder.shown.id, encoderId: encoder.shown.id, decoderId: decoder.shown.id, guess };
  } catch (error) {
    return runner.failed(error, () => inBackground(compareModels(runner, editor, show)));
  }
}

async function cursorGuess(
  runner: AnalysisRunner,
  document: vscode.TextDocument,
  start: number,
  end: number,
  cursor: number,
  decoder: StoredAnalysis,
): Promise<ComparisonGuess | null> {
  const wordRange = document.getWordRangeAtPosition(document.positionAt(cursor));
  if (!wordRange) return null;
  const ws = document.offsetAt(wordRange.start);
  const we = document.offsetAt(wordRange.end);
  if (ws < start || we > end) return null;
  const masked = await runner.run(document, start, end, { kind: 'encoder', maskChars: [{ start: ws, end: we }], focus: ws });
  const first = masked.shown.result.tokens.findIndex((t) => t.masked);
  const fillers: readonly Candidate[] = masked.shown.result.predictions.masked.find((m) => m.position === first)?.top ?? [];
  const { tokens, predictions } = decoder.shown.result;
  // The decoder's first token of the word (a byte-level token may start with the space before it).
  const position = tokens.findIndex((t) => t.start !== null && t.end !== null && decoder.base + t.end > ws && decoder.base + t.start < we);
  const surprise = predictions.perToken.find((p) => p.position === position);
  return {
    word: document.getText(wordRange),
    encoderFillers: fillers,
    decoder: surprise ? { p: surprise.p, rank: surprise.rank, surprisal: surprise.surprisal, expected: surprise.top } : null,
  };
}
