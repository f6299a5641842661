/**
 * The hover over analyzed words (extension host): a thin adapter that finds the analysis of this
 * document version covering the position, asks the AttentionSource (the engine worker) for the
 * token's row under the view choice the panel shows for that analysis, and formats it with
 * `hoverMarkdown` (pure, unit-tested).
 */
import * as vscode from 'vscode';
import { asEngineError } from '../../engine/errors';
import type { AnalysisStore, StoredAnalysis } from '../analyses/analyses';
import type { AttentionSource, ChoiceSource } from '../analyses/attentionSource';
import { COMMANDS } from '../commands';
import { MAX_WORD } from '../commands/masking';
import { isReadOnly } from './documentEdits';
import { hoverMarkdown, type HoverInput } from './hoverText';

export class AttentionHover implements vscode.HoverProvider {
  constructor(
    private readonly store: AnalysisStore,
    private readonly choices: ChoiceSource,
    private readonly source: AttentionSource,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, cancel?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const hit = this.store.at(document.uri.toString(), document.version, document.offsetAt(position));
    if (!hit) return undefined;
    const choice = this.choices.choiceFor(hit.entry);
    const controller = new AbortController();
    const sub = cancel?.onCancellationRequested(() => controller.abort());
    let row: HoverInput['row'] = 'gone';
    try {
      row = (await this.source.row(hit.entry, choice, hit.token, controller.signal)) ?? 'hidden';
    } catch (error) {
      const e = asEngineError(error);
      if (e.code === 'cancelled') return undefined;
      // The worker no longer holds the tensors (dropped, or it restarted): the hover says so.
      if (e.code !== 'analysis-gone' && e.code !== 'worker-crashed') throw e;
    } finally {
      sub?.dispose();
    }
    const text = (start: number, end: number): string => document.getText(new vscode.Range(document.positionAt(start), document.positionAt(end)));
    const editable = !isReadOnly(document) && !tooLongToMask(document, hit.entry, hit.token);
    const markdown = new vscode.MarkdownString(hoverMarkdown({ entry: hit.entry, token: hit.token, choice, row, editable }, text));
    markdown.isTrusted = { enabledCommands: [COMMANDS.openToken, COMMANDS.maskWord] };
    // The token's source range, as the panel reveals it (a line end cut between CR and LF taken whole).
    const r = hit.entry.shown.ranges[hit.token];
    return new vscode.Hover(markdown, r ? new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter) : undefined);
  }
}

/**
 * Whether Mask Word would refuse the hovered token's word: the editor's word where the link masks (the
 * token's last character) runs past MAX_WORD characters (a base64 blob, a hash), which is no word.
 */
function tooLongToMask(document: vscode.TextDocument, entry: StoredAnalysis, token: number): boolean {
  const end = entry.shown.result.tokens[token]?.end;
  if (end === null || end === undefined) return false;
  const word = document.getWordRangeAtPosition(document.positionAt(entry.base + end - 1));
  return word !== undefined && [...document.getText(word)].length > MAX_WORD;
}
