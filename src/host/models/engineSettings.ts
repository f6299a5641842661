/**
 * The engine's settings under the extension's settings (extension host, free of `vscode` so that
 * it is unit-tested in Node): one EngineSettings (protocol/engineApi.ts) for the worker.
 */
import os from 'node:os';
import type { EngineSettings } from '../../protocol/engineApi';
import { cudaAvailable } from '../../engine/device';
import type { Config } from '../config';

export function engineSettings(config: Config, cacheDir: string): EngineSettings {
  return {
    cacheDir: config.cacheDir.trim() || cacheDir,
    // `cuda` is passed on as asked, so that the engine says clearly when it cannot work.
    device: config.device === 'cuda' || (config.device === 'auto' && cudaAvailable()) ? 'cuda' : 'cpu',
    allowRemote: config.allowRemoteModels,
    remoteHost: config.hubEndpoint.trim() || process.env.HF_ENDPOINT || undefined,
    weights: config.modelPrecision,
    // Leave a core to the editor itself.
    threads: Math.max(1, os.availableParallelism() - 1),
    // One budget: the worker keeps what the host's analysis cache may hold.
    keepBytes: config.cacheMemoryMB * 1024 * 1024,
  };
}
