/**
 * What a download left behind, and how it failed (tests of the model source: unit, hostile).
 *
 *   filesUnder(cacheDir)            // ['models--a--b/config.json', …], relative, sorted
 *   await engineFailure(resolve())  // the EngineError it threw (any other outcome fails the test)
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../../src/engine/errors';

/** Every file under `dir` (relative paths, sorted); none when it does not exist. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The EngineError `promise` rejects with; anything else (a success, another error) fails the test. */
export async function engineFailure(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EngineError, String(error));
    return error;
  }
  throw new Error('expected a failure');
}
