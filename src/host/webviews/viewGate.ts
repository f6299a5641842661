/**
 * The host's gate for a webview's view requests (extension host, free of `vscode` so that it is
 * unit-tested in Node): a webview may only ask about the analyses this host showed it (their
 * worker keys); the rest is forwarded to the backend (the EngineService, i.e. the engine worker).
 * The shape of every request was already checked by `isWebviewRequest` in the RPC layer. A page
 * (compromised or buggy) cannot grow the host without bound: at most MAX_IN_FLIGHT of its requests
 * run at once (the rest fail at once), and it is let ask about the MAX_KEYS analyses shown last.
 */
import type { ViewMethod, ViewMethods } from '../../protocol/views';
import { LocalizedError } from '../analyses/failure';
import { t } from '../l10n';

/** Who serves the view requests: the EngineService (the worker keeps the tensors). */
export interface ViewBackend {
  view<K extends ViewMethod>(method: K, params: ViewMethods[K]['params'], signal?: AbortSignal): Promise<ViewMethods[K]['result']>;
}

/** View requests of one webview served at once; the page's own views need a handful. */
export const MAX_IN_FLIGHT = 32;
/** Keys a webview may name: the analyses shown to it last (the host's store holds fewer). */
export const MAX_KEYS = 256;

export class ViewGate {
  /** Keys shown, least recently shown first. */
  private readonly keys = new Set<number>();
  private inFlight = 0;

  constructor(
    private readonly view: string,
    private readonly backend: ViewBackend | undefined,
  ) {}

  /** The webview was shown the analysis whose tensors the worker keeps under `key`. */
  shown(key: number): void {
    this.keys.delete(key);
    this.keys.add(key);
    for (const old of this.keys) {
      if (this.keys.size <= MAX_KEYS) break;
      this.keys.delete(old);
    }
  }

  async serve<K extends ViewMethod>(method: K, params: ViewMethods[K]['params'], signal?: AbortSignal): Promise<ViewMethods[K]['result']> {
    if (!this.keys.has(params.key)) throw new LocalizedError('bad-input', t('the {0} view was not shown an analysis with key {1}', this.view, params.key));
    if (!this.backend) throw new LocalizedError('analysis-gone', t('this analysis is no longer in memory; analyze again'));
    if (this.inFlight >= MAX_IN_FLIGHT) throw new LocalizedError('bad-input', t('the {0} view has {1} requests in flight already', this.view, MAX_IN_FLIGHT));
    this.inFlight++;
    try {
      return await this.backend.view(method, params, signal);
    } finally {
      this.inFlight--;
    }
  }
}
