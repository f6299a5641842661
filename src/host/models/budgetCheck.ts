/**
 * The memory budget's check before an analysis (extension host): above `memoryBudgetMB`, a modal
 * question whether to analyse fewer layers or a shorter window (budgetChoice.ts words it); the
 * engine counts the tokens (the model is loaded by then), so the estimate is exact.
 *
 *   request = await withinBudget(client, ref, request, facts.get(ref), config.memoryBudgetMB);
 */
import * as vscode from 'vscode';
import type { AnalyzeRequest, ModelFacts } from '../../protocol/analysis';
import type { EngineClient } from '../../engine/workerClient';
import { neutralise } from '../../protocol/neutralise';
import { budgetQuestion } from '../analyses/budgetChoice';
import { LocalizedError } from '../analyses/failure';
import { t } from '../l10n';

/** `request`, or the smaller one a person chose; throws 'cancelled' when they chose none. `facts`: what the loaded model said of itself. */
export async function withinBudget(
  client: EngineClient,
  ref: string,
  request: AnalyzeRequest,
  facts: ModelFacts | undefined,
  budgetMB: number,
): Promise<AnalyzeRequest> {
  if (budgetMB <= 0 || request.layers) return request;
  // No analysis is longer than the model's positions or maxTokens: when even that fits, the exact
  // count (a second tokenization in the worker) is not needed.
  const longest = facts ? Math.min(facts.maxPositions, request.maxTokens ?? facts.maxPositions) : 0;
  if (facts && !budgetQuestion(request, facts, longest, budgetMB)) return request;
  const { tokens, model } = await client.request('measure', { model: ref, request });
  const question = budgetQuestion(request, model, tokens, budgetMB);
  if (!question) return request;
  const chosen = await vscode.window.showWarningMessage(neutralise(t('Attention Lens: {0}', question.message)), { modal: true }, ...question.offers.map((o) => o.label));
  const offer = question.offers.find((o) => o.label === chosen);
  if (!offer) throw new LocalizedError('cancelled', t('the analysis was cancelled (memory budget)'));
  return offer.request;
}
