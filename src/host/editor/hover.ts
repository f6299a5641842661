/**
 * The hover over analyzed words (extension host): a thin adapter that finds the analysis of this
 * document version covering the position, asks the AttentionSource (the engine worker) for the
 * token's attention row, and formats it with `hoverMarkdown` (pure, unit-tested).
 */
import * as vscode from 'vscode';
import type { HeadChoice } from '../../protocol/attentionMath';
import { asEngineError } from '../../engine/errors';
import type { AnalysisStore } from '../analyses/analyses';
import type { AttentionSource } from '../analyses/attentionSource';
import { COMMANDS } from '../commands';
import type { Config } from '../config';
import { hoverMarkdown, resolveLayer } from './hoverText';

export interface HoverChoice {
  /** The layer/head the panel shows for an analysis, when someone chose one there. */
  selection(analysisId: number): { layer: number; head: number | null } | undefined;
}

export class AttentionHover implements vscode.HoverProvider {
  constructor(
    private readonly store: AnalysisStore,
    private readonly config: () => Config,
    private readonly choice: HoverChoice,
    private readonly source: AttentionSource,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, cancel?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const hit = this.store.at(document.uri.toString(), document.version, document.offsetAt(position));
    if (!hit) return undefined;
    const config = this.config();
    const chosen = this.choice.selection(hit.entry.shown.id);
    const shape = hit.entry.shown.result.attention;
    const layer = resolveLayer(chosen?.layer ?? config.defaultLayer, shape.layers);
    const heads = clampHead(chosen ? (chosen.head ?? 'mean') : config.headAggregation === 'head' ? config.defaultHead : config.headAggregation, shape.heads);
    const controller = new AbortController();
    const sub = cancel?.onCancellationRequested(() => controller.abort());
    let row: Float64Array | null = null;
    try {
      row = await this.source.row(hit.entry, layer, heads, hit.token, controller.signal);
    } catch (error) {
      const e = asEngineError(error);
      if (e.code === 'cancelled') return undefined;
      // The worker no longer holds the tensors (dropped, or it restarted): the hover says so.
      if (e.code !== 'analysis-gone' && e.code !== 'worker-crashed') throw e;
    } finally {
      sub?.dispose();
    }
    const text = (start: number, end: number): string => document.getText(new vscode.Range(document.positionAt(start), document.positionAt(end)));
    const markdown = new vscode.MarkdownString(hoverMarkdown({ entry: hit.entry, token: hit.token, layer, heads, row }, text));
    markdown.isTrusted = { enabledCommands: [COMMANDS.openToken, COMMANDS.maskWord] };
    const t = hit.entry.shown.result.tokens[hit.token];
    const range = new vscode.Range(document.positionAt(hit.entry.base + t.start!), document.positionAt(hit.entry.base + t.end!));
    return new vscode.Hover(markdown, range);
  }
}

function clampHead(heads: HeadChoice, count: number): HeadChoice {
  return typeof heads === 'number' ? Math.min(heads, count - 1) : heads;
}
