/**
 * Typed engine errors (engine runtime: plain Node, worker or CLI). Every failure a user can cause
 * (bad text, missing files, corrupt models, unsupported operators) is an EngineError whose message
 * is one clear line; the CLI prints it as is and the RPC layer carries its code across the worker.
 */
import type { ErrorCode, SerializedError } from '../protocol/errors';

export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message };
  }
}

/** Wraps anything thrown into an EngineError without losing an existing code. */
export function asEngineError(error: unknown, fallback: ErrorCode = 'internal'): EngineError {
  if (error instanceof EngineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new EngineError(fallback, message, { cause: error });
}
