// CUDA probe (build-time tool, Node): what the engine does with device "cuda" on this machine.
//   npx tsx tools/bench/cudaProbe.ts [model folder]
// Prints whether onnxruntime-node's CUDA provider library sits beside its binding, what a bare
// onnxruntime session with the CUDA execution provider answers, and what `Engine.analyze` answers
// with device "cuda" (a result with timings, or the engine's error). The last line is one JSON object.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { Engine } from '../../src/engine/engine';
import { EMBEDDED_DECODER, embeddedModel } from '../../src/engine/paths';

const require = createRequire(import.meta.url);

async function main(): Promise<void> {
  const folder = process.argv[2] ?? embeddedModel(EMBEDDED_DECODER);
  const bindingDir = path.join(path.dirname(require.resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch);
  const files = existsSync(bindingDir) ? readdirSync(bindingDir) : [];
  const providerLib = files.includes('libonnxruntime_providers_cuda.so');
  console.log(`binding folder ${bindingDir}: ${files.join(', ') || '(missing)'}`);

  let bare: string;
  try {
    const session = await ort.InferenceSession.create(path.join(folder, 'onnx', 'model.onnx'), { executionProviders: ['cuda'] });
    bare = `session created (inputs ${session.inputNames.join(', ')})`;
    await session.release();
  } catch (error) {
    bare = `error: ${(error as Error).message.split('\n')[0]}`;
  }
  console.log(`bare onnxruntime session with the CUDA provider: ${bare}`);

  let engine: string;
  const cuda = new Engine({ device: 'cuda' });
  try {
    const started = performance.now();
    const result = await cuda.analyze(folder, { text: 'function add(a, b) {\n  return a + b;\n}\n' });
    engine = `analyzed ${result.tokens.length} tokens in ${(performance.now() - started).toFixed(1)} ms (run ${result.timings.runMs.toFixed(1)} ms)`;
  } catch (error) {
    engine = `error: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    await cuda.dispose();
  }
  console.log(`Engine.analyze with device "cuda": ${engine}`);
  console.log(JSON.stringify({ providerLib, bare, engine }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
