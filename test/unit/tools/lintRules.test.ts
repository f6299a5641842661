// The import rules of eslint.config.js, held to what the README's Layout table says (Node, node:test):
// each case lints one line of source as if it sat at a path in the repository (ESLint's lintText with a
// file path, the API behind `eslint --stdin --stdin-filename`) and checks which imports are reported.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { ROOT } from '../../support/paths';

let eslint: ESLint;

/** The restricted-import messages ESLint reports for `source` placed at `file` (relative to the repository). */
async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = [x];\n`, { filePath: `${ROOT}/${file}` });
  assert.ok(result, `ESLint linted ${file}`);
  assert.deepEqual(
    result.messages.filter((m) => m.ruleId !== 'no-restricted-imports'),
    [],
    `only import rules fire for ${file}: ${source}`,
  );
  return result.messages.map((m) => m.message);
}

async function assertReported(file: string, source: string, expected: RegExp): Promise<void> {
  const messages = await restricted(file, source);
  assert.ok(
    messages.some((m) => expected.test(m)),
    `${file}: ${source} is reported with ${expected}, got ${JSON.stringify(messages)}`,
  );
}

async function assertAllowed(file: string, source: string): Promise<void> {
  assert.deepEqual(await restricted(file, source), [], `${file}: ${source} is allowed`);
}

before(() => {
  eslint = new ESLint({ cwd: ROOT });
});

describe('the host imports from the engine only its client and its file-only modules', () => {
  for (const name of ['workerClient', 'errors', 'modelCache', 'modelSource', 'device', 'paths']) {
    it(`allows engine/${name}, from the host root and from a feature folder`, async () => {
      await assertAllowed('src/host/extension.ts', `import { x } from '../engine/${name}';`);
      await assertAllowed('src/host/models/engineService.ts', `import { x } from '../../engine/${name}';`);
      await assertAllowed('src/host/models/engineService.ts', `import type { x } from '../../engine/${name}';`);
    });
  }

  const onlyClient = /the host imports from the engine only workerClient, errors, modelCache, modelSource, device, paths/;
  for (const module of ['engine', 'analyze', 'model', 'worker', 'onnx/patch', 'views/viewServer', 'views/viewMath']) {
    it(`reports engine/${module}, types included`, async () => {
      await assertReported('src/host/editor/hover.ts', `import { x } from '../../engine/${module}';`, onlyClient);
      await assertReported('src/host/extension.ts', `import type { x } from '../engine/${module}';`, onlyClient);
    });
  }

  it('reports onnxruntime and transformers.js', async () => {
    const runtime = /the model runtime loads in the engine worker, never in the extension host/;
    for (const pkg of ['onnxruntime-node', 'onnxruntime-common', 'onnxruntime-web', '@huggingface/transformers']) {
      await assertReported('src/host/models/engineService.ts', `import * as x from '${pkg}';`, runtime);
    }
  });

  it('leaves the host its own modules whose names start with "engine"', async () => {
    await assertAllowed('src/host/extension.ts', `import { x } from './models/engineService';`);
  });

  it('reports webview code', async () => {
    await assertReported('src/host/webviews/panel.ts', `import { x } from '../../../webview/panel/panel';`, /through src\/protocol messages only/);
  });
});

describe('the engine, its onnx and views folders included, never imports vscode, the host or the webview', () => {
  for (const file of ['src/engine/engine.ts', 'src/engine/onnx/patch.ts', 'src/engine/views/viewServer.ts', 'src/cli/main.ts']) {
    it(file, async () => {
      const up = '../'.repeat(file.split('/').length - 1);
      await assertReported(file, `import * as x from 'vscode';`, /only the extension host may import vscode/);
      await assertReported(file, `import { x } from '${up}src/host/config';`, /the engine never imports host code/);
      await assertReported(file, `import { x } from '${up}webview/common/dom';`, /the engine never imports webview code/);
      await assertAllowed(file, `import { x } from '${up}src/protocol/rpc';`);
    });
  }
});

describe('the webview and the protocol', () => {
  it('the webview imports only src/protocol', async () => {
    await assertReported('webview/views/matrixView.ts', `import { x } from '../../src/engine/views/viewMath';`, /the webview imports only src\/protocol/);
    await assertReported('webview/views/matrixView.ts', `import * as x from 'node:fs';`, /webview code runs in a browser/);
    await assertAllowed('webview/views/matrixView.ts', `import { x } from '../../src/protocol/views';`);
  });

  it('the protocol imports nothing from the other layers', async () => {
    await assertReported('src/protocol/views.ts', `import { x } from '../engine/errors';`, /protocol imports nothing from the other layers/);
    await assertReported('src/protocol/views.ts', `import * as x from 'node:fs';`, /no Node built-ins/);
    await assertAllowed('src/protocol/views.ts', `import { x } from './rpc';`);
  });
});
