/**
 * The caller's side of the engine (engine runtime, used by the extension host, the CLI, the tests
 * and any Node client). Starts the engine lazily on the first request in a child process of its
 * own (`dist/worker.cjs`, IPC with structured clones), so that a hang can be killed and a native
 * crash in onnxruntime stays there. Every request has a deadline: when it passes, the engine is
 * killed, the request fails with `timeout` (the others in flight with `worker-crashed`) and the
 * next request starts a fresh engine. A load's progress events count as signs of life, so a long
 * download is not cut short. Turns RPC error replies back into EngineErrors. A kept analysis whose
 * reply arrives after its request was cancelled (the engine had finished it as the cancel crossed)
 * is released at once: nobody will ever ask for its key.
 *
 *   const client = new EngineClient({ workerPath: path.join(__dirname, 'worker.cjs'), timeoutMs: 120_000 });
 *   const result = await client.request('analyze', { model, request: { text } }, { signal });
 *
 * `isolation: 'thread'` runs the engine in a worker thread of this process instead (no
 * containment of native crashes); the engine benchmark uses it to measure the process boundary.
 */
import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { AnalysisOverview } from '../protocol/analysis';
import type { EngineMethods, EngineNotifications, EngineSettings, LoadProgress } from '../protocol/engineApi';
import { background } from '../protocol/background';
import { MAX_TIMER_MS, RpcEndpoint, RpcError, type Channel, type RequestOptions } from '../protocol/rpc';
import { EngineError } from './errors';
import { engineProcessEnv } from './processEnv';

/** A request's deadline when the client is given none (the `requestTimeoutSeconds` default). */
export const DEFAULT_TIMEOUT_MS = 120_000;

export interface EngineClientOptions {
  readonly workerPath: string;
  readonly execArgv?: readonly string[];
  readonly settings?: EngineSettings;
  /** How long a request may run (ms) without a reply or a progress event; 120 s when absent. */
  readonly timeoutMs?: number;
  /** Where the engine runs: its own process (the default) or a worker thread of this one. */
  readonly isolation?: 'process' | 'thread';
  readonly onProgress?: (event: LoadProgress) => void;
  /** Called after the engine died unexpectedly or was killed after a deadline (not after dispose). */
  readonly onCrash?: (message: string) => void;
  /**
   * Called when a starting engine refuses the settings it is given (it then runs on its defaults);
   * a later configure() rejects with the same error instead.
   */
  readonly onSettingsRefused?: (error: EngineError) => void;
}

type Remote = RpcEndpoint<Record<string, never>, EngineMethods, Record<string, never>, EngineNotifications>;

/** A running engine: its RPC endpoint, how to stop it, and a promise of its end. */
interface Running {
  readonly rpc: Remote;
  readonly pid: number | null;
  readonly exited: Promise<void>;
  stop(): void;
}

export class EngineClient {
  private engine: Running | null = null;
  private settings: EngineSettings;
  private starts = 0;
  /** Re-arms the deadline of each request in flight (a progress event is a sign of life). */
  private readonly deadlines = new Set<() => void>();
  timeoutMs: number;

  constructor(private readonly options: EngineClientOptions) {
    this.settings = options.settings ?? {};
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** How many engines this client has started (a restart after a crash or a deadline counts). */
  get workerStarts(): number {
    return this.starts;
  }

  get running(): boolean {
    return this.engine !== null;
  }

  /** The engine's process id (null when none runs, or when it runs in a thread). */
  get pid(): number | null {
    return this.engine?.pid ?? null;
  }

  async request<K extends keyof EngineMethods & string>(
    method: K,
    params: EngineMethods[K]['params'],
    options: RequestOptions = {},
  ): Promise<EngineMethods[K]['result']> {
    const engine = this.ensure();
    const limit = options.timeoutMs ?? this.timeoutMs;
    const seconds = Math.round(limit / 100) / 10;
    let expired = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const rearm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(
        () => {
          expired = true;
          this.stopAfter(engine, `${method} took longer than ${seconds} s`);
        },
        Math.min(limit, MAX_TIMER_MS),
      );
    };
    rearm();
    this.deadlines.add(rearm);
    try {
      const onLate = method === 'analyzeKept' ? (result: unknown) => this.releaseLate(engine, result as AnalysisOverview) : undefined;
      return await engine.rpc.request(method, params, { ...options, timeoutMs: undefined, onLate });
    } catch (error) {
      if (expired) {
        // The next request must find the stuck engine gone, not merely told to go.
        await engine.exited;
        throw new EngineError('timeout', `${method} took longer than ${seconds} s and was stopped`);
      }
      if (error instanceof RpcError) throw new EngineError(error.code, error.message);
      throw error;
    } finally {
      clearTimeout(timer);
      this.deadlines.delete(rearm);
    }
  }

  /** New settings apply to the running engine (if any) and to every later one. */
  async configure(settings: EngineSettings): Promise<void> {
    this.settings = settings;
    if (this.engine) await this.request('configure', settings);
  }

  /** Stops the engine now, as a crash would; requests in flight fail with `worker-crashed`. */
  async kill(): Promise<void> {
    const engine = this.engine;
    if (!engine) return;
    engine.stop();
    await engine.exited;
  }

  async dispose(): Promise<void> {
    const engine = this.engine;
    this.detach(new EngineError('cancelled', 'the engine was shut down'));
    if (engine) {
      engine.stop();
      await engine.exited;
    }
  }

  /** Releases the tensors a kept analysis holds in the engine when its reply came after a cancel. */
  private releaseLate(engine: Running, overview: AnalysisOverview): void {
    const key = overview?.attention?.key;
    if (this.engine !== engine || !Number.isInteger(key)) return;
    background(engine.rpc.request('release', { key }), () => undefined);
  }

  /** A deadline passed: the engine may be stuck in native code or a regex, so it goes. */
  private stopAfter(engine: Running, reason: string): void {
    if (this.engine !== engine) return;
    const message = `the engine was stopped (${reason}); the next request starts a new one`;
    this.detach(new EngineError('worker-crashed', message));
    engine.stop();
    this.options.onCrash?.(message);
  }

  private ensure(): Running {
    if (this.engine) return this.engine;
    const engine = this.options.isolation === 'thread' ? this.startThread() : this.startProcess();
    this.starts++;
    engine.rpc.onNotification('progress', (event) => {
      for (const rearm of this.deadlines) rearm();
      this.options.onProgress?.(event);
    });
    this.engine = engine;
    return engine;
  }

  private onDeath(engine: Running, reason: string): void {
    if (this.engine !== engine) return;
    const message = `the engine worker stopped (${reason}); the next request starts a new one`;
    this.detach(new EngineError('worker-crashed', message));
    this.options.onCrash?.(message);
  }

  private startProcess(): Running {
    const child = fork(this.options.workerPath, [], {
      serialization: 'advanced',
      execArgv: [...(this.options.execArgv ?? [])],
      // The engine's stdout would mix with a CLI's output; its stderr (onnxruntime's own lines) stays.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // Electron's fork runs Node only with this set (VS Code desktop); plain Node ignores it.
      // The allocator settings of processEnv.ts: no fresh pages for every analysis's tensors.
      env: engineProcessEnv({ ...process.env, ELECTRON_RUN_AS_NODE: '1' }),
    });
    const channel: Channel = {
      post: (message) => {
        if (child.connected) child.send(message);
      },
      listen: (receive) => {
        child.on('message', receive);
        return () => child.off('message', receive);
      },
    };
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const engine: Running = {
      rpc: new RpcEndpoint(channel),
      pid: child.pid ?? null,
      exited,
      stop: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
    child.on('error', (error) => this.onDeath(engine, error.message));
    child.on('exit', (code, signal) => this.onDeath(engine, signal ? `signal ${signal}` : `exit code ${code}`));
    // The engine starts with no settings: the first message gives them (never on a command line).
    // Nobody waits for the answer, so a refusal (numbers out of bounds) is handed to onSettingsRefused,
    // not lost; a configure cut short by the engine's end or by dispose is reported by those.
    engine.rpc.request('configure', this.settings).catch((error: unknown) => {
      if (this.engine === engine && error instanceof RpcError) this.options.onSettingsRefused?.(new EngineError(error.code, error.message));
    });
    return engine;
  }

  private startThread(): Running {
    const worker = new Worker(this.options.workerPath, {
      execArgv: this.options.execArgv ? [...this.options.execArgv] : undefined,
      workerData: { settings: this.settings },
    });
    const channel: Channel = {
      post: (message, transfer) => worker.postMessage(message, transfer as ArrayBuffer[] | undefined),
      listen: (receive) => {
        worker.on('message', receive);
        return () => worker.off('message', receive);
      },
    };
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const engine: Running = { rpc: new RpcEndpoint(channel), pid: null, exited, stop: () => background(worker.terminate(), () => undefined) };
    worker.on('error', (error) => this.onDeath(engine, error.message));
    worker.on('exit', (code) => this.onDeath(engine, `exit code ${code}`));
    return engine;
  }

  private detach(error: Error): void {
    const engine = this.engine;
    this.engine = null;
    if (engine) {
      engine.rpc.rejectAll(error);
      engine.rpc.dispose();
    }
  }
}
