/**
 * What to offer when an analysis would exceed the memory budget (pure; extension host and unit
 * tests): the estimate comes from protocol/budget.ts; the offers are "the last N layers" (the
 * engine fetches only those attention outputs) and "a window of M tokens" (maxTokens around the
 * cursor), each the largest that fits, and "run anyway".
 */
import type { AnalyzeRequest, ModelFacts } from '../../protocol/analysis';
import { t } from '../l10n';
import { fitBudget, formatMegabytes } from './budget';

export interface BudgetOffer {
  readonly label: string;
  readonly request: AnalyzeRequest;
}

export interface BudgetQuestion {
  readonly message: string;
  readonly offers: readonly BudgetOffer[];
}

/**
 * What the estimate assumes where a model does not say (heads 0 or absent in its config and a
 * graph that does not state them, no vocabulary size): as many as the largest models have, so that
 * an unknown never lets an analysis past the budget.
 */
export const UNKNOWN_HEADS = 64;
export const UNKNOWN_VOCABULARY = 256_000;

const known = (n: number, otherwise: number): number => (Number.isInteger(n) && n > 0 ? n : otherwise);

/** Null when the analysis fits the budget (or the budget is off). */
export function budgetQuestion(request: AnalyzeRequest, facts: ModelFacts, tokens: number, budgetMB: number): BudgetQuestion | null {
  if (budgetMB <= 0) return null;
  const shape = {
    tokens,
    layers: facts.layers,
    heads: known(facts.heads, UNKNOWN_HEADS),
    vocabSize: known(facts.vocabSize, UNKNOWN_VOCABULARY),
    precision: 'float16' as const,
    scores: request.scores === true,
  };
  const fit = fitBudget(shape, budgetMB * 1e6);
  if (!fit.over) return null;
  const offers: BudgetOffer[] = [];
  if (fit.layers >= 1) {
    const layers = Array.from({ length: fit.layers }, (_, i) => facts.layers - fit.layers + i);
    offers.push({ label: fit.layers === 1 ? t('Only the last layer') : t('Only the last {0} layers', fit.layers), request: { ...request, layers } });
  }
  if (fit.tokens >= 8) offers.push({ label: t('A window of {0} tokens', fit.tokens), request: { ...request, maxTokens: fit.tokens } });
  offers.push({ label: t('Run anyway'), request });
  return {
    message: t(
      'Analysing {0} tokens with {1} ({2} layers × {3} heads) needs about {4} for attention and logits, over the {5} budget (setting attentionLens.memoryBudgetMB).',
      tokens,
      facts.id,
      facts.layers,
      shape.heads,
      formatMegabytes(fit.bytes),
      formatMegabytes(budgetMB * 1e6),
    ),
    offers,
  };
}
