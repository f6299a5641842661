/**
 * The hover over analyzed words (extension host): a thin adapter that finds the analysis of this
 * document version covering the position and formats it with `hoverMarkdown` (pure, unit-tested).
 */
import * as vscode from 'vscode';
import type { HeadChoice } from '../protocol/attentionMath';
import type { AnalysisStore } from './analyses';
import { COMMANDS } from './commands';
import type { Config } from './config';
import { hoverMarkdown } from './hoverText';

export interface HoverChoice {
  /** The layer/head the panel shows for an analysis, when someone chose one there. */
  selection(analysisId: number): { layer: number; head: number | null } | undefined;
}

export class AttentionHover implements vscode.HoverProvider {
  constructor(private readonly store: AnalysisStore, private readonly config: () => Config, private readonly choice: HoverChoice) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const hit = this.store.at(document.uri.toString(), document.version, document.offsetAt(position));
    if (!hit) return undefined;
    const config = this.config();
    const chosen = this.choice.selection(hit.entry.shown.id);
    const layer = chosen?.layer ?? config.defaultLayer;
    const heads: HeadChoice = chosen ? (chosen.head ?? 'mean') : config.headAggregation === 'head' ? config.defaultHead : config.headAggregation;
    const text = (start: number, end: number): string => document.getText(new vscode.Range(document.positionAt(start), document.positionAt(end)));
    const markdown = new vscode.MarkdownString(hoverMarkdown({ entry: hit.entry, token: hit.token, layer, heads: clampHead(heads, hit.entry.shown.result.attention.heads) }, text));
    markdown.isTrusted = { enabledCommands: [COMMANDS.openToken, COMMANDS.maskWord] };
    const t = hit.entry.shown.result.tokens[hit.token];
    const range = new vscode.Range(document.positionAt(hit.entry.base + t.start!), document.positionAt(hit.entry.base + t.end!));
    return new vscode.Hover(markdown, range);
  }
}

function clampHead(heads: HeadChoice, count: number): HeadChoice {
  return typeof heads === 'number' ? Math.min(heads, count - 1) : heads;
}
