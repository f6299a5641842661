/**
 * The host's gate for a webview's view requests (extension host, free of `vscode` so that it is
 * unit-tested in Node): a webview may only ask about the analyses this host showed it (their
 * worker keys); the rest is forwarded to the backend (the EngineService, i.e. the engine worker).
 * The shape of every request was already checked by `isWebviewRequest` in the RPC layer.
 */
import type { ViewMethod, ViewMethods } from '../../protocol/views';
import { LocalizedError } from '../analyses/failure';
import { t } from '../l10n';

/** Who serves the view requests: the EngineService (the worker keeps the tensors). */
export interface ViewBackend {
  view<K extends ViewMethod>(method: K, params: ViewMethods[K]['params'], signal?: AbortSignal): Promise<ViewMethods[K]['result']>;
}

export class ViewGate {
  private readonly keys = new Set<number>();

  constructor(
    private readonly view: string,
    private readonly backend: ViewBackend | undefined,
  ) {}

  /** The webview was shown the analysis whose tensors the worker keeps under `key`. */
  shown(key: number): void {
    this.keys.add(key);
  }

  async serve<K extends ViewMethod>(method: K, params: ViewMethods[K]['params'], signal?: AbortSignal): Promise<ViewMethods[K]['result']> {
    if (!this.keys.has(params.key)) throw new LocalizedError('bad-input', t('the {0} view was not shown an analysis with key {1}', this.view, params.key));
    if (!this.backend) throw new LocalizedError('analysis-gone', t('this analysis is no longer in memory; analyze again'));
    return this.backend.view(method, params, signal);
  }
}
