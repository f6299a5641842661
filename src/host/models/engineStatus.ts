/**
 * Pieces of the engine service (engineService.ts; extension host) that need none of its state: what
 * each kind's setting names now, how long a failure stays in the status bar, the idle status's
 * detail, and the check that ends a request cancelled while its model loaded.
 */
import type * as vscode from 'vscode';
import type { ModelKind } from '../../protocol/analysis';
import { EngineError } from '../../engine/errors';
import type { Config } from '../config';
import { t } from '../l10n';
import { modelRef } from './selectedModel';

/** How long a failure keeps the status bar red before it returns to the model in use (ms). */
export const ERROR_SHOWN_MS = 8000;
/** What each kind resolves to now (trust and the workspace's folders count as much as the settings). */
export const selectedRefs = (config: Config): Readonly<Record<ModelKind, string>> => ({ encoder: modelRef(config, 'encoder'), decoder: modelRef(config, 'decoder') });

/**
 * After a model load, what was cancelled while it waited ends here, as cancelled: nothing is asked
 * of the engine. (A listener added to a cancelled token still runs, but only after the request went.)
 */
export function loadedFor(token: vscode.CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new EngineError('cancelled', 'cancelled while its model loaded');
}

/** The idle status's detail: which analyses load the model (a course unit or Mask Word of the other kind does not). */
export function nextLoads(kind: ModelKind): string {
  return kind === 'encoder' ? t('the next encoder analysis loads it') : t('the next decoder analysis loads it');
}
