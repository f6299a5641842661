/**
 * The caller's side of the engine worker (engine runtime, used by the extension host, the tests
 * and any Node client). Starts the worker lazily on the first request, turns RPC error replies
 * back into EngineErrors, detects a crashed or killed worker (every request in flight fails with
 * `worker-crashed`), and starts a fresh worker on the next request.
 *
 *   const client = new EngineClient({ workerPath: path.join(__dirname, 'worker.cjs') });
 *   const result = await client.request('analyze', { model, request: { text } }, { signal });
 */
import { Worker } from 'node:worker_threads';
import type { EngineMethods, EngineNotifications, EngineSettings, LoadProgress } from '../protocol/engineApi';
import { RpcEndpoint, RpcError, type Channel, type RequestOptions } from '../protocol/rpc';
import { EngineError } from './errors';

export interface EngineClientOptions {
  readonly workerPath: string;
  readonly execArgv?: readonly string[];
  readonly settings?: EngineSettings;
  readonly onProgress?: (event: LoadProgress) => void;
  /** Called after the worker died unexpectedly (not after dispose/restart). */
  readonly onCrash?: (message: string) => void;
}

type Remote = RpcEndpoint<Record<string, never>, EngineMethods, Record<string, never>, EngineNotifications>;

export class EngineClient {
  private worker: Worker | null = null;
  private rpc: Remote | null = null;
  private settings: EngineSettings;
  private starts = 0;

  constructor(private readonly options: EngineClientOptions) {
    this.settings = options.settings ?? {};
  }

  /** How many workers this client has started (a restart after a crash counts). */
  get workerStarts(): number {
    return this.starts;
  }

  get running(): boolean {
    return this.worker !== null;
  }

  async request<K extends keyof EngineMethods & string>(
    method: K,
    params: EngineMethods[K]['params'],
    options: RequestOptions = {},
  ): Promise<EngineMethods[K]['result']> {
    const rpc = this.ensure();
    try {
      return await rpc.request(method, params, options);
    } catch (error) {
      if (error instanceof RpcError) throw new EngineError(error.code, error.message);
      throw error;
    }
  }

  /** New settings apply to the running worker (if any) and to every later one. */
  async configure(settings: EngineSettings): Promise<void> {
    this.settings = settings;
    if (this.rpc) await this.request('configure', settings);
  }

  /** Stops the worker now; requests in flight fail with `worker-crashed`. */
  async kill(): Promise<void> {
    const worker = this.worker;
    if (worker) await worker.terminate();
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.detach(new EngineError('cancelled', 'the engine was shut down'));
    if (worker) await worker.terminate();
  }

  private ensure(): Remote {
    if (this.rpc) return this.rpc;
    const worker = new Worker(this.options.workerPath, {
      execArgv: this.options.execArgv ? [...this.options.execArgv] : undefined,
      workerData: { settings: this.settings },
    });
    this.starts++;
    const channel: Channel = {
      post: (message, transfer) => worker.postMessage(message, transfer as ArrayBuffer[] | undefined),
      listen: (receive) => {
        worker.on('message', receive);
        return () => worker.off('message', receive);
      },
    };
    const rpc: Remote = new RpcEndpoint(channel);
    rpc.onNotification('progress', (event) => this.options.onProgress?.(event));
    const onDeath = (reason: string): void => {
      if (this.worker !== worker) return;
      const message = `the engine worker stopped (${reason}); the next request starts a new one`;
      this.detach(new EngineError('worker-crashed', message));
      this.options.onCrash?.(message);
    };
    worker.on('error', (error) => onDeath(error.message));
    worker.on('exit', (code) => onDeath(`exit code ${code}`));
    this.worker = worker;
    this.rpc = rpc;
    return rpc;
  }

  private detach(error: Error): void {
    const rpc = this.rpc;
    this.worker = null;
    this.rpc = null;
    if (rpc) {
      rpc.rejectAll(error);
      rpc.dispose();
    }
  }
}
