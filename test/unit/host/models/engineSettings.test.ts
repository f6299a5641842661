// The worker's settings under the extension's (host/models/engineSettings.ts): one memory budget
// (the analysis cache's cacheMemoryMB is what the worker keeps) and the weights setting by its name;
// whatever a person writes in settings.json, the worker's configure accepts them; and what a person
// is told when it refuses them all the same.
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { describe, it, mock } from 'node:test';
import { EngineError } from '../../../../src/engine/errors';
import { readConfig } from '../../../../src/host/config';
import { engineSettings, refusedSettingsMessage } from '../../../../src/host/models/engineSettings';
import { engineNumbersProblem } from '../../../../src/protocol/engineParams';

const config = (values: Record<string, unknown>) => readConfig((key) => values[key]);

describe('engine settings', () => {
  it('keeps in the worker what the analysis cache may hold (cacheMemoryMB)', () => {
    assert.equal(engineSettings(config({}), '/cache').keepBytes, 256 * 1024 * 1024, 'the default 256 MB');
    assert.equal(engineSettings(config({ cacheMemoryMB: 64 }), '/cache').keepBytes, 64 * 1024 * 1024);
  });

  it('passes the weights setting, the cache folder and the device', () => {
    const settings = engineSettings(config({ modelPrecision: 'q8', cacheDir: ' /mine ', device: 'cpu' }), '/cache');
    assert.equal(settings.weights, 'q8');
    assert.equal(settings.cacheDir, '/mine');
    assert.equal(settings.device, 'cpu');
    assert.equal(engineSettings(config({}), '/cache').cacheDir, '/cache');
    assert.equal(engineSettings(config({ cacheDir: '~/models' }), '/cache').cacheDir, path.join(os.homedir(), 'models'), '~ is the home folder');
    assert.equal(engineSettings(config({ cacheDir: 'models' }), '/cache').cacheDir, '/cache', 'a relative folder is not used');
    assert.equal(engineSettings(config({ device: 'cuda' }), '/cache').device, 'cuda', 'asked for, so that the engine says when it cannot');
  });

  it('are accepted by the worker’s configure whatever settings.json holds, on any number of cores', () => {
    // cacheMemoryMB out of package.json's bounds reads as its default (readConfig), so keepBytes stays whole.
    for (const cacheMemoryMB of [Number.NaN, -5, 0, 2.5, 1e12, '64', null, 8, 8192])
      assert.equal(engineNumbersProblem('configure', engineSettings(config({ cacheMemoryMB }), '/cache')), null, `cacheMemoryMB ${String(cacheMemoryMB)}`);
    for (const cores of [1, 2, 1025, 4096]) {
      const cpus = mock.method(os, 'availableParallelism', () => cores);
      try {
        const settings = engineSettings(config({}), '/cache');
        assert.equal(engineNumbersProblem('configure', settings), null, `${cores} cores: threads ${settings.threads}`);
        assert.equal(settings.threads, Math.min(1024, Math.max(1, cores - 1)));
      } finally {
        cpus.mock.restore();
      }
    }
  });

  it('a refusal says whether the engine runs on its defaults (as it starts) or keeps its settings, with the engine’s line naming each value', () => {
    const line = 'configure: threads must be a whole number from 1 to 1024, got 4095; keepBytes must be a whole number ≥ 0, got NaN';
    const error = new EngineError('bad-input', line);
    assert.equal(refusedSettingsMessage(error, true), `The engine refused its settings and runs on its defaults: ${line}`);
    assert.equal(refusedSettingsMessage(error, false), `The engine refused the new settings and keeps the ones it had: ${line}`);
  });
});
