/**
 * The engine's settings under the extension's settings (extension host, free of `vscode` so that
 * it is unit-tested in Node): one EngineSettings (protocol/engineApi.ts) for the worker.
 */
import os from 'node:os';
import type { EngineSettings } from '../../protocol/engineApi';
import { MAX_THREADS } from '../../protocol/engineParams';
import { cudaAvailable } from '../../engine/device';
import { folderOf, withoutCredentials } from '../../engine/modelSource';
import type { EngineError } from '../../engine/errors';
import { isWebAddress, type Config } from '../config';
import { spelled } from '../settingsNotice';
import { t } from '../l10n';

/** The model cache's folder: the setting's (`~` read as the home folder), else `fallback`. */
export function cacheFolder(config: Pick<Config, 'cacheDir'>, fallback: string): string {
  const chosen = config.cacheDir.trim();
  return chosen ? folderOf(chosen) : fallback;
}

export function engineSettings(config: Config, cacheDir: string): EngineSettings {
  return {
    cacheDir: cacheFolder(config, cacheDir),
    // `cuda` is passed on as asked, so that the engine says clearly when it cannot work.
    device: config.device === 'cuda' || (config.device === 'auto' && cudaAvailable()) ? 'cuda' : 'cpu',
    allowRemote: config.allowRemoteModels,
    remoteHost: config.hubEndpoint.trim() || process.env.HF_ENDPOINT || undefined,
    weights: config.modelPrecision,
    weightsFallback: config.weightsFallback,
    // Leave a core to the editor itself (and stay within what the engine accepts).
    threads: Math.min(MAX_THREADS, Math.max(1, os.availableParallelism() - 1)),
    // One budget: the worker keeps what the host's analysis cache may hold.
    keepBytes: config.cacheMemoryMB * 1024 * 1024,
  };
}

/**
 * What a person is told when HF_ENDPOINT (`address`) is what downloads would use and is not an
 * http(s) address, else null: said when the engine starts, as attentionLens.hubEndpoint is when set,
 * rather than by a failed download minutes later. Never with a password the address holds.
 */
export function hubEnvironmentProblem(config: Pick<Config, 'hubEndpoint' | 'allowRemoteModels'>, address: string | undefined): string | null {
  if (!config.allowRemoteModels || config.hubEndpoint.trim() || !address || isWebAddress(address.trim())) return null;
  return t(
    'HF_ENDPOINT is {0}, which downloads cannot use: it takes an http:// or https:// address. Downloads fail until you change it, or set attentionLens.hubEndpoint.',
    spelled(withoutCredentials(address.trim())),
  );
}

/**
 * What a person is told when the engine refuses its settings (`error`: the engine's line, which names
 * each value refused): as it starts, it runs on its defaults; later, it keeps the settings it had.
 */
export function refusedSettingsMessage(error: EngineError, starting: boolean): string {
  return starting
    ? t('The engine refused its settings and runs on its defaults: {0}', error.message)
    : t('The engine refused the new settings and keeps the ones it had: {0}', error.message);
}
