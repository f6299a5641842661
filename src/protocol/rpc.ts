/**
 * One small typed RPC endpoint for both links: host ↔ engine worker (worker_threads) and
 * host ↔ webview (postMessage). Pure TypeScript, all runtimes.
 *
 * Requests carry ids and string method names (readable in logs); a handler that throws answers
 * with an error reply, so a caller never hangs; callers may cancel (AbortSignal → cancel message →
 * the handler's signal), set a timeout, or name a `lane` so that a newer request in the same lane
 * cancels the older one (latest wins, for hovers and re-renders). Notifications flow either way.
 * Typed-array buffers named in `transfer` move instead of being copied.
 *
 *   const rpc = new RpcEndpoint<WorkerMethods, {}, {}, WorkerNotifications>(channel);
 *   const result = await rpc.request('analyze', params, { signal, timeoutMs: 60_000 });
 */
import { isErrorCode, type ErrorCode, type SerializedError } from './errors';
import { background } from './background';

export interface Channel {
  post(message: RpcMessage, transfer?: readonly ArrayBuffer[]): void;
  /** Registers the receiver; returns a function that unregisters it. */
  listen(receive: (message: unknown) => void): () => void;
}

export type MethodMap = Record<string, { params: unknown; result: unknown }>;
export type NotificationMap = Record<string, unknown>;

export type RpcMessage =
  | { readonly rpc: 'request'; readonly id: number; readonly method: string; readonly params: unknown }
  | { readonly rpc: 'result'; readonly id: number; readonly result: unknown }
  | { readonly rpc: 'error'; readonly id: number; readonly error: SerializedError }
  | { readonly rpc: 'cancel'; readonly id: number }
  | { readonly rpc: 'notify'; readonly method: string; readonly params: unknown };

export class RpcError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export interface HandlerContext {
  readonly signal: AbortSignal;
}

/** A handler's result with the buffers to transfer alongside it. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly buffers: readonly ArrayBuffer[],
  ) {}
}

export type Handler<M extends MethodMap, K extends keyof M> = (
  params: M[K]['params'],
  context: HandlerContext,
) => Promise<M[K]['result'] | Transfer<M[K]['result']>> | M[K]['result'] | Transfer<M[K]['result']>;

export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly lane?: string;
  readonly transfer?: readonly ArrayBuffer[];
  /**
   * Called with a result that arrives after this request was cancelled or timed out (the other
   * side had finished before the cancel reached it): to release what such a result holds there.
   */
  readonly onLate?: (result: unknown) => void;
}

/** How many cancelled requests' late results are still awaited (the oldest are forgotten first). */
const LATE_KEPT = 64;

/** The longest delay a timer holds (2^31 − 1 ms, about 24.8 days): a longer one fires at once (Node and browsers set it to 1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  cleanup(): void;
}

export function isRpcMessage(value: unknown): value is RpcMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.rpc) {
    case 'request':
      return Number.isInteger(m.id) && typeof m.method === 'string';
    case 'result':
    case 'cancel':
      return Number.isInteger(m.id);
    case 'error': {
      const e = m.error as Record<string, unknown> | null;
      return Number.isInteger(m.id) && typeof e === 'object' && e !== null && isErrorCode(e.code) && typeof e.message === 'string';
    }
    case 'notify':
      return typeof m.method === 'string';
    default:
      return false;
  }
}

function serialize(error: unknown): SerializedError {
  const e = error as { code?: unknown; message?: unknown };
  const code = isErrorCode(e?.code) ? e.code : 'internal';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return { code, message };
}

/**
 * Local: methods this side serves. Remote: methods the other side serves.
 * LocalN / RemoteN: notifications this side sends / receives.
 */
export class RpcEndpoint<
  Local extends MethodMap,
  Remote extends MethodMap,
  LocalN extends NotificationMap = NotificationMap,
  RemoteN extends NotificationMap = NotificationMap,
> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly running = new Map<number, AbortController>();
  private readonly lanes = new Map<string, AbortController>();
  private readonly handlers = new Map<string, Handler<Local, keyof Local>>();
  private readonly listeners = new Map<string, Set<(params: unknown) => void>>();
  /** Cancelled requests whose result, if it still comes, goes to `onLate`. */
  private readonly late = new Map<number, (result: unknown) => void>();
  private readonly stop: () => void;

  /**
   * `onInvalid` sees every message that is not a well-formed RPC message, or whose request or
   * notification params `accept` refuses (a refused request also gets a `bad-input` error reply).
   */
  constructor(
    private readonly channel: Channel,
    private readonly onInvalid?: (message: unknown) => void,
    private readonly accept?: (method: string, params: unknown) => boolean,
  ) {
    this.stop = channel.listen((message) => this.receive(message));
  }

  handle<K extends keyof Local & string>(method: K, handler: Handler<Local, K>): void {
    this.handlers.set(method, handler as unknown as Handler<Local, keyof Local>);
  }

  onNotification<K extends keyof RemoteN & string>(method: K, listener: (params: RemoteN[K]) => void): () => void {
    let set = this.listeners.get(method);
    if (!set) this.listeners.set(method, (set = new Set()));
    const l = listener as (params: unknown) => void;
    set.add(l);
    return () => set?.delete(l);
  }

  notify<K extends keyof LocalN & string>(method: K, params: LocalN[K]): void {
    this.channel.post({ rpc: 'notify', method, params });
  }

  request<K extends keyof Remote & string>(method: K, params: Remote[K]['params'], options: RequestOptions = {}): Promise<Remote[K]['result']> {
    const id = this.nextId++;
    const controller = new AbortController();
    if (options.lane) {
      this.lanes.get(options.lane)?.abort();
      this.lanes.set(options.lane, controller);
    }
    return new Promise<Remote[K]['result']>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new RpcError('cancelled', `${method} cancelled`));
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const awaitLate = (): void => {
        if (!options.onLate) return;
        this.late.set(id, options.onLate);
        for (const old of this.late.keys()) if (this.late.size > LATE_KEPT) this.late.delete(old);
      };
      const onAbort = (): void => {
        if (!this.pending.has(id)) return;
        this.channel.post({ rpc: 'cancel', id });
        awaitLate();
        this.settle(id, new RpcError('cancelled', `${method} cancelled`));
      };
      options.signal?.addEventListener('abort', onAbort);
      controller.signal.addEventListener('abort', onAbort);
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(
          () => {
            if (!this.pending.has(id)) return;
            this.channel.post({ rpc: 'cancel', id });
            awaitLate();
            this.settle(id, new RpcError('timeout', `${method} took longer than ${options.timeoutMs} ms`));
          },
          Math.min(options.timeoutMs, MAX_TIMER_MS),
        );
      }
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        cleanup: () => {
          if (timer) clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          controller.signal.removeEventListener('abort', onAbort);
          if (options.lane && this.lanes.get(options.lane) === controller) this.lanes.delete(options.lane);
        },
      });
      this.channel.post({ rpc: 'request', id, method, params }, options.transfer);
    });
  }

  /** Fails every request in flight (e.g. the worker died). */
  rejectAll(error: Error): void {
    for (const id of [...this.pending.keys()]) this.settle(id, error);
    this.late.clear();
  }

  get inFlight(): number {
    return this.pending.size;
  }

  dispose(): void {
    this.stop();
    this.rejectAll(new RpcError('cancelled', 'connection closed'));
    for (const c of this.running.values()) c.abort();
  }

  private settle(id: number, error: Error | null, value?: unknown): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.cleanup();
    if (error) entry.reject(error);
    else entry.resolve(value);
  }

  private receive(message: unknown): void {
    if (!isRpcMessage(message)) {
      this.onInvalid?.(message);
      return;
    }
    if ((message.rpc === 'notify' || message.rpc === 'request') && this.accept && !this.accept(message.method, message.params)) {
      this.onInvalid?.(message);
      if (message.rpc === 'request')
        this.channel.post({ rpc: 'error', id: message.id, error: { code: 'bad-input', message: `malformed ${message.method} request` } });
      return;
    }
    switch (message.rpc) {
      case 'result': {
        const late = this.late.get(message.id);
        this.late.delete(message.id);
        if (late && !this.pending.has(message.id)) late(message.result);
        else this.settle(message.id, null, message.result);
        break;
      }
      case 'error':
        this.late.delete(message.id);
        this.settle(message.id, new RpcError(message.error.code, message.error.message));
        break;
      case 'cancel':
        this.running.get(message.id)?.abort();
        break;
      case 'notify':
        for (const l of this.listeners.get(message.method) ?? []) l(message.params);
        break;
      case 'request':
        // A reply that could not be posted (e.g. a value that does not clone) fails the request instead.
        background(this.serve(message.id, message.method, message.params), (error) =>
          this.channel.post({ rpc: 'error', id: message.id, error: serialize(error) }),
        );
        break;
    }
  }

  private async serve(id: number, method: string, params: unknown): Promise<void> {
    const handler = this.handlers.get(method);
    if (!handler) {
      this.channel.post({ rpc: 'error', id, error: { code: 'bad-input', message: `unknown method ${method}` } });
      return;
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      const out = await handler(params as never, { signal: controller.signal });
      if (controller.signal.aborted) return;
      if (out instanceof Transfer) this.channel.post({ rpc: 'result', id, result: out.value }, out.buffers);
      else this.channel.post({ rpc: 'result', id, result: out });
    } catch (error) {
      if (!controller.signal.aborted) this.channel.post({ rpc: 'error', id, error: serialize(error) });
    } finally {
      this.running.delete(id);
    }
  }
}
