/**
 * Which execution device onnxruntime-node can use here (engine runtime; the host asks too).
 * onnxruntime-node ships the CPU provider only; its install script fetches the CUDA provider
 * libraries into bin/napi-v6/linux/x64 when installed with ONNXRUNTIME_NODE_INSTALL=cuda12
 * (Linux x64 and Windows x64), so their presence there is what "CUDA is available" means.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EngineError } from './errors';

const PROVIDER: Partial<Record<string, string>> = {
  'linux/x64': 'libonnxruntime_providers_cuda.so',
  'win32/x64': 'onnxruntime_providers_cuda.dll',
};

/** The CUDA provider library onnxruntime-node would load, or null on a platform without one. */
export function cudaProviderPath(): string | null {
  const name = PROVIDER[`${process.platform}/${process.arch}`];
  if (!name) return null;
  try {
    const root = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
    return path.join(root, 'bin', 'napi-v6', process.platform, process.arch, name);
  } catch {
    return null;
  }
}

export function cudaAvailable(): boolean {
  const file = cudaProviderPath();
  return file !== null && existsSync(file);
}

const CUDA_HELP =
  'onnxruntime-node has no CUDA provider here; on Linux x64 or Windows x64 with CUDA 12 and cuDNN 9, reinstall it with ONNXRUNTIME_NODE_INSTALL=cuda12 (see the README), or set attentionLens.device to cpu';

/** Throws a clear error when `cuda` is asked for but cannot work. */
export function checkDevice(device: 'cpu' | 'cuda'): void {
  if (device === 'cuda' && !cudaAvailable()) {
    const file = cudaProviderPath();
    throw new EngineError('bad-input', `${CUDA_HELP}${file ? ` (looked for ${file})` : ` (${process.platform}/${process.arch} has no CUDA build)`}`);
  }
}
