/**
 * Encoder beside decoder (extension host): the same text analyzed by the configured encoder and
 * decoder (the embedded tiny-bert-es-en and tiny-gpt-es-en by default), shown side by side in the
 * panel — bidirectional and causal attention for the same layer/head index — with what each
 * predicts for the word at the cursor: the encoder's fillers with that word masked (a third run,
 * so that the attention shown stays that of the unmasked text, then its whole-word fillers) and the
 * decoder's probability of the whole word, with its first token's rank and expectations (compareGuess.ts).
 */
import type * as vscode from 'vscode';
import type { Candidate } from '../../protocol/analysis';
import type { ComparisonGuess } from '../../protocol/webviewApi';
import type { StoredAnalysis } from '../analyses/analyses';
import type { AnalysisRunner, RunOutcome } from '../analyses/analysisRunner';
import type { Asked } from '../analyses/freshness';
import { blockAround, wordContext } from '../analyses/textScope';
import { selectionsNotice } from '../analyses/windowChoice';
import { inBackground } from '../background';
import { t } from '../l10n';
import { decoderWordGuess, encoderWordGuess } from './compareGuess';
import { wordAround } from '../../protocol/wordChars';

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
  if (start === end) ({ start, end } = blockAround(document.getText(), start, document.languageId, document));
  // An empty line (the one after a file's last line end, say) has no block around it: say so, as Analyze Selection does.
  if (start >= end) {
    const message = t('The cursor is on an empty line: put it on some text, or select the text to compare.');
    inBackground(runner.notifier.info(message));
    return { ok: false, code: 'bad-input', message };
  }
  const cursor = document.offsetAt(selection.active);
  // Each run checks its own span; these check the whole command: a model changed while the other
  // one ran would show one model's analysis beside the other's guess.
  const fresh = { encoder: runner.asked('encoder', document), decoder: runner.asked('decoder', document) };
  // Each run ends at once when either model changes (the decoder may load for a minute after the encoder ran).
  const both: Asked = () => {
    fresh.encoder();
    fresh.decoder();
  };
  // Asked now: a command asked after it, answered first, keeps the panel (latestWins.ts).
  const turn = runner.ask();
  try {
    const encoder = await runner.run(document, start, end, { kind: 'encoder', focus: cursor, reuse: true }, { fresh: both, turn });
    const decoder = await runner.run(document, start, end, { kind: 'decoder', focus: cursor, reuse: true }, { fresh: both, turn });
    const guess = await cursorGuess(runner, both, document, start, end, cursor, decoder);
    both();
    if (runner.answer(decoder, turn)) show({ encoder, decoder, guess });
    // Multi-cursor: only the primary selection was compared; the others were left out without a word.
    const count = editor.selections.length;
    if (count > 1) inBackground(runner.notifier.info(selectionsNotice(count, selection.start.line + 1, 'compare', t)));
    return { ok: true, analysisId: decoder.shown.id, encoderId: encoder.shown.id, decoderId: decoder.shown.id, guess };
  } catch (error) {
    return runner.failed(error, () => inBackground(compareModels(runner, editor, show)));
  }
}

async function cursorGuess(
  runner: AnalysisRunner,
  fresh: Asked,
  document: vscode.TextDocument,
  start: number,
  end: number,
  cursor: number,
  decoder: StoredAnalysis,
): Promise<ComparisonGuess | null> {
  const around = wordAround(document.getText(), cursor);
  if (!around) return null;
  const { start: ws, end: we } = around;
  if (ws < start || we > end) return null;
  const maskChars = [{ start: ws, end: we }];
  // The encoder fills the word reading what Mask Word reads (in code, the block around the statement), and at least the compared text.
  const block = wordContext(document.getText(), ws, document.languageId, document);
  const [from, to] = [Math.min(start, block.start), Math.max(end, block.end)];
  // Read for its fillers only: a probe, never the document's latest analysis (the panel, hovers and the spotlight stay on the comparison's).
  const masked = await runner.probe(document, from, to, { kind: 'encoder', maskChars, focus: ws }, { fresh });
  const pieces = masked.tokens.filter((t) => t.masked).length;
  const first = masked.tokens.findIndex((t) => t.masked);
  const firstFillers: readonly Candidate[] = masked.predictions.masked.find((m) => m.position === first)?.top ?? [];
  // Whole words for the masked word, as Mask Word offers them: a split word's first piece's fillers are not words.
  const fills = pieces > 0 ? await runner.fillWords(fresh, document, from, to, { kind: 'encoder', maskChars, focus: ws }, [0]) : [];
  const { tokens, predictions } = decoder.shown.result;
  return {
    word: document.getText().slice(ws, we),
    ...encoderWordGuess(fills[0], firstFillers, pieces),
    decoder: decoderWordGuess(tokens, predictions.perToken, decoder.base, ws, we),
  };
}
