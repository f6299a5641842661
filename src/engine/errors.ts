/**
 * Typed engine errors (engine runtime: plain Node, worker or CLI). Every failure a user can cause
 * (bad text, missing files, corrupt models, unsupported operators) is an EngineError whose message
 * is one clear line; the CLI prints it as is and the RPC layer carries its code across the worker.
 *
 * The message is neutralised here, in the constructor (control and bidi characters escaped, links
 * broken, length cut): errors embed config.json fields, op and node names, tokenizer types and
 * server text, and every engine failure — the CLI's line, the worker's reply, the host's rebuilt
 * error, anything wrapped by asEngineError — passes through this one place before it leaves.
 */
import type { ErrorCode, SerializedError } from '../protocol/errors';
import { neutralise } from '../protocol/neutralise';

/** An engine message's longest form (it names paths; the sinks cut shorter where they must). */
const MESSAGE_MAX = 1000;

export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(neutralise(message, MESSAGE_MAX), options);
    this.name = 'EngineError';
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message };
  }
}

/** Wraps anything thrown into an EngineError without losing an existing code. */
/** Throws `cancelled` when `signal` has been aborted: long work checks it between its steps. */
export function checkCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new EngineError('cancelled', `${what} cancelled`);
}

export function asEngineError(error: unknown, fallback: ErrorCode = 'internal'): EngineError {
  if (error instanceof EngineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new EngineError(fallback, message, { cause: error });
}
