/**
 * Where the panel's views get their numbers (browser): requests to the host (which forwards them
 * to the engine worker, keeper of the full tensors), one lane per view so that a newer request of
 * the same view cancels the older one and wins even if the older reply arrives later. Every reply
 * is checked against its request (viewGuards.ts) before a view sees it; a malformed or stale reply is dropped and
 * counted, never thrown at the reader. An error answer (the analysis was evicted, the worker
 * died) goes to the one reporter of the page (the panel's header says each cause once), and a view
 * that answers again is taken off it.
 */
import type { LensData } from '../../src/protocol/analysis';
import { isLensReply, isQkvWindowReply, type LensRequest, type QkvWindowReply, type QkvWindowRequest } from '../../src/protocol/inside';
import { RpcError, type RequestOptions } from '../../src/protocol/rpc';
import { isLinksReply, isMatrixReply, isRowReply, isThumbnailsReply, type KnownShape } from '../../src/protocol/viewGuards';
import type {
  LinksReply,
  LinksRequest,
  MatrixReply,
  MatrixRequest,
  RowReply,
  RowRequest,
  ThumbnailsReply,
  ThumbnailsRequest,
  ViewMethod,
  ViewMethods,
} from '../../src/protocol/views';

/** The one thing a view source needs of the host link. */
export type Requester = <K extends ViewMethod>(method: K, params: ViewMethods[K]['params'], options: RequestOptions) => Promise<unknown>;

export type Outcome<T> =
  | { readonly kind: 'ok'; readonly reply: T }
  /** The host answered with an error (`message`: why, for people; already reported). */
  | { readonly kind: 'error'; readonly message: string }
  /** Superseded by a newer request of the same view, or malformed: keep what is shown. */
  | { readonly kind: 'dropped' };

const DROPPED = { kind: 'dropped' } as const;
const TIMEOUT_MS = 30_000;

/** Replies dropped as malformed in this page (tests read it from `<body data-rejected-replies>`). */
let rejected = 0;

/** Hears which view failed and why (null: the view answers again). */
export type FailureReporter = (view: string, cause: string | null) => void;

export class ViewSource {
  private readonly latest = new Map<string, number>();
  private ticket = 0;

  /** `lanes` prefixes the RPC lanes, so that views of another source (a comparison side) never cancel these. */
  constructor(
    private readonly request: Requester,
    private readonly shape: KnownShape,
    private readonly lanes = '',
    private readonly report: FailureReporter = () => undefined,
  ) {}

  matrix(view: string, params: MatrixRequest): Promise<Outcome<MatrixReply>> {
    return this.ask(view, 'matrix', params, (v) => isMatrixReply(v, params));
  }

  thumbnails(view: string, params: ThumbnailsRequest): Promise<Outcome<ThumbnailsReply>> {
    return this.ask(view, 'thumbnails', params, (v) => isThumbnailsReply(v, params, this.shape));
  }

  links(view: string, params: LinksRequest): Promise<Outcome<LinksReply>> {
    return this.ask(view, 'links', params, (v) => isLinksReply(v, params));
  }

  row(view: string, params: RowRequest): Promise<Outcome<RowReply>> {
    return this.ask(view, 'row', params, (v) => isRowReply(v, params));
  }

  qkvWindow(view: string, params: QkvWindowRequest): Promise<Outcome<QkvWindowReply>> {
    return this.ask(view, 'qkvWindow', params, (v) => isQkvWindowReply(v, params));
  }

  lens(view: string, params: LensRequest): Promise<Outcome<LensData>> {
    return this.ask(view, 'lens', params, (v) => isLensReply(v, params));
  }

  private async ask<K extends ViewMethod, T>(view: string, method: K, params: ViewMethods[K]['params'], valid: (v: unknown) => v is T): Promise<Outcome<T>> {
    const ticket = ++this.ticket;
    this.latest.set(view, ticket);
    const current = (): boolean => this.latest.get(view) === ticket;
    let reply: unknown;
    try {
      reply = await this.request(method, params, { lane: `view:${this.lanes}${view}`, timeoutMs: TIMEOUT_MS });
    } catch (error) {
      if (!current() || (error instanceof RpcError && error.code === 'cancelled')) return DROPPED;
      const message = error instanceof Error ? error.message : String(error);
      this.report(`${this.lanes}${view}`, message);
      return { kind: 'error', message };
    }
    if (!current()) return DROPPED;
    // The protocol's guard of this very request's reply: shape, types, and the window asked for.
    if (!valid(reply)) {
      rejected++;
      document.body.dataset.rejectedReplies = String(rejected);
      console.warn(`Attention Lens: ignored a malformed ${method} reply`);
      return DROPPED;
    }
    this.report(`${this.lanes}${view}`, null);
    return { kind: 'ok', reply };
  }
}
