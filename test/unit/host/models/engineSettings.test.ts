// The worker's settings under the extension's (host/models/engineSettings.ts): one memory budget
// (the analysis cache's cacheMemoryMB is what the worker keeps) and the weights setting by its name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConfig } from '../../../../src/host/config';
import { engineSettings } from '../../../../src/host/models/engineSettings';

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
    assert.equal(engineSettings(config({ device: 'cuda' }), '/cache').device, 'cuda', 'asked for, so that the engine says when it cannot');
  });
});
