// Downloads from a misbehaving local stand-in for the hub: cancelled, cut mid-file, corrupt,
// without ONNX weights, of an unsupported architecture; the cache listing and deletion; weights of
// another precision; layer subsets.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cudaAvailable, cudaProviderPath } from '../../../src/engine/device';
import { Engine } from '../../../src/engine/engine';
import { EngineError } from '../../../src/engine/errors';
import { deleteCachedModel, listCachedModels } from '../../../src/engine/modelCache';
import { isCached } from '../../../src/engine/modelSource';
import type { LoadProgress } from '../../../src/protocol/engineApi';
import { HubServer } from '../../support/hubServer';
import { fixture, scratch } from '../../support/paths';
import { filesUnder } from '../../support/cacheFiles';

const TEMPLATE = '{model}/resolve/{revision}/';

function isError(code: string, pattern: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof EngineError, String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  };
}

describe('downloads that go wrong', () => {
  const hub = new HubServer();
  let host = '';
  const engine = (cacheDir: string, extra: Partial<ConstructorParameters<typeof Engine>[0]> = {}): Engine =>
    new Engine({ cacheDir, allowRemote: true, remoteHost: host, remotePathTemplate: TEMPLATE, ...extra });

  before(async () => {
    // A repository with PyTorch weights only: config and tokenizer, no onnx/ folder.
    const noOnnx = path.join(scratch(), 'no-onnx');
    mkdirSync(noOnnx);
    for (const f of ['config.json', 'tokenizer.json']) cpSync(path.join(fixture('tiny-bert'), f), path.join(noOnnx, f));
    const t5 = path.join(scratch(), 't5');
    cpSync(fixture('tiny-bert'), t5, { recursive: true });
    writeFileSync(path.join(t5, 'config.json'), JSON.stringify({ model_type: 't5', architectures: ['T5ForConditionalGeneration'] }));
    const garbage = path.join(scratch(), 'garbage');
    cpSync(fixture('tiny-bert'), garbage, { recursive: true });
    writeFileSync(path.join(garbage, 'onnx', 'model.onnx'), Buffer.alloc(5000, 7));
    const fp16 = path.join(scratch(), 'fp16');
    cpSync(fixture('tiny-bert'), fp16, { recursive: true });
    cpSync(path.join(fp16, 'onnx', 'model.onnx'), path.join(fp16, 'onnx', 'model_fp16.onnx'));
    for (const name of ['tiny-bert', 'tiny-gpt2']) {
      for (const alias of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) hub.repo(`${alias}/${name}`, fixture(name));
    }
    // A transformers.js v2 style decoder: only onnx/decoder_model_merged.onnx.
    const legacy = path.join(scratch(), 'legacy');
    cpSync(fixture('tiny-gpt2'), legacy, { recursive: true });
    renameSync(path.join(legacy, 'onnx', 'model.onnx'), path.join(legacy, 'onnx', 'decoder_model_merged.onnx'));
    hub.repo('org/legacy', legacy);
    hub.repo('org/t5', t5).repo('org/garbage', garbage).repo('org/fp16', fp16);
    hub.repo('org/no-onnx', noOnnx);
    host = await hub.start();
  });
  after(() => hub.stop());

  it('a cancelled download leaves nothing a later load trusts, and resumes with the missing files only', async () => {
    const cacheDir = scratch();
    hub.rule('a/tiny-bert/onnx/model.onnx', { chunk: 8192, delayMs: 15 });
    const controller = new AbortController();
    const events: LoadProgress[] = [];
    const first = engine(cacheDir);
    await assert.rejects(
      first.load(
        'a/tiny-bert',
        (e) => {
          events.push(e);
          if (e.status === 'progress' && e.file === 'onnx/model.onnx' && e.loaded > 20000) controller.abort();
        },
        controller.signal,
      ),
      isError('cancelled', /a\/tiny-bert\/onnx\/model\.onnx cancelled/),
    );
    const folder = path.join(cacheDir, 'hub', 'a', 'tiny-bert');
    assert.deepEqual(filesUnder(folder), ['config.json', 'tokenizer.json'], 'no partial weights, no marker');
    assert.equal(await isCached(cacheDir, 'a/tiny-bert'), false);
    // Offline, the half-done folder is not a model.
    const before = hub.requests.length;
    await assert.rejects(
      engine(cacheDir, { allowRemote: false }).load('a/tiny-bert'),
      isError('model-files-missing', /not cached and remote downloads are disabled/),
    );
    assert.equal(hub.requests.length, before);
    // Online again, only what is missing is fetched.
    hub.rule('a/tiny-bert/onnx/model.onnx', {});
    const again = engine(cacheDir);
    const loaded = await again.load('a/tiny-bert');
    assert.equal(loaded.facts.kind, 'encoder');
    assert.equal(hub.count('a/tiny-bert/resolve/main/config.json'), 1);
    assert.equal(hub.count('a/tiny-bert/resolve/main/onnx/model.onnx'), 2);
    assert.equal(await isCached(cacheDir, 'a/tiny-bert'), true);
    await again.dispose();
    await first.dispose();
  });

  it('a connection cut mid-file is retried; when retries run out the error is network and nothing is kept', async () => {
    hub.rule('b/tiny-bert/onnx/model.onnx', { cut: 1 });
    const cacheDir = scratch();
    const auto = engine(cacheDir, {});
    const model = await auto.load('b/tiny-bert', undefined, undefined);
    assert.equal(model.facts.id, 'b/tiny-bert');
    assert.equal(hub.count('b/tiny-bert/resolve/main/onnx/model.onnx'), 2, 'one cut, one retry');
    await auto.dispose();

    hub.rule('c/tiny-bert/onnx/model.onnx', { cut: 5 });
    const other = scratch();
    const started = Date.now();
    await assert.rejects(engine(other).load('c/tiny-bert'), isError('network', /c\/tiny-bert\/onnx\/model\.onnx failed/));
    assert.equal(hub.count('c/tiny-bert/resolve/main/onnx/model.onnx'), 3, 'three attempts by default');
    assert.ok(Date.now() - started >= 1500 - 50, 'backs off 0.5 s then 1 s');
    assert.deepEqual(filesUnder(path.join(other, 'hub', 'c', 'tiny-bert')), ['config.json', 'tokenizer.json']);
    // The user's Retry: the server is well again.
    hub.rule('c/tiny-bert/onnx/model.onnx', {});
    const retry = engine(other);
    assert.equal((await retry.load('c/tiny-bert')).facts.kind, 'encoder');
    await retry.dispose();
  });

  it('a file whose bytes do not match the hub hash is refused and not kept; hashes that match pass', async () => {
    const cacheDir = scratch();
    hub.rule('d/tiny-bert/onnx/model.onnx', { lfs: true, corrupt: true });
    await assert.rejects(engine(cacheDir).load('d/tiny-bert'), isError('model-corrupt', /d\/tiny-bert\/onnx\/model\.onnx is corrupt \(SHA-256/));
    assert.deepEqual(filesUnder(path.join(cacheDir, 'hub', 'd', 'tiny-bert')), ['config.json', 'tokenizer.json']);
    assert.ok(
      hub.requests.some((r) => r.startsWith('/blobs/')),
      'the redirect was followed',
    );
    hub.rule('d/tiny-bert/onnx/model.onnx', { lfs: true });
    const good = engine(cacheDir);
    assert.equal((await good.load('d/tiny-bert')).facts.kind, 'encoder');
    await good.dispose();
  });

  it('weights that do not parse are a clear error, and the download is discarded', async () => {
    const cacheDir = scratch();
    await assert.rejects(engine(cacheDir).load('org/garbage'), isError('model-corrupt', /org\/garbage.*discarded/));
    assert.equal(existsSync(path.join(cacheDir, 'hub', 'org', 'garbage')), false);
    assert.equal(await isCached(cacheDir, 'org/garbage'), false);
  });

  it('names a repository without ONNX weights, and refuses an unsupported architecture before fetching weights', async () => {
    await assert.rejects(
      engine(scratch()).load('org/no-onnx'),
      isError('model-files-missing', /org\/no-onnx has no ONNX weights \(onnx\/model\.onnx\).*optimum-cli export onnx/),
    );
    await assert.rejects(engine(scratch()).load('org/t5'), isError('unsupported-architecture', /unsupported architecture "t5"/));
    assert.equal(hub.count('org/t5/resolve/main/onnx/model.onnx'), 0, 'the weights were never asked for');
    assert.equal(hub.count('org/t5/resolve/main/tokenizer.json'), 0);
  });

  it('loads the precision asked for, and says when a repository has none of it', async () => {
    const cacheDir = scratch();
    const fp16 = engine(cacheDir, { weights: 'fp16' });
    const model = await fp16.load('org/fp16');
    assert.equal(model.facts.weights, 'fp16');
    assert.equal(hub.count('org/fp16/resolve/main/onnx/model_fp16.onnx'), 1);
    assert.equal(hub.count('org/fp16/resolve/main/onnx/model.onnx'), 0, 'fp32 weights are not fetched');
    const manifest = JSON.parse(readFileSync(path.join(model.patched.folder, 'lens.json'), 'utf8')) as { modelFile: string };
    assert.equal(manifest.modelFile, 'onnx/model_fp16.onnx');
    await fp16.dispose();
    const legacy = engine(scratch());
    const merged = await legacy.load('org/legacy');
    assert.equal(merged.facts.kind, 'decoder');
    assert.equal(hub.count('org/legacy/resolve/main/onnx/decoder_model_merged.onnx'), 1, 'the merged decoder is the fallback');
    await legacy.dispose();
    // tiny-gpt2 has fp32 and fp16 weights, no q8: refused, or the nearest precision when falling back is allowed.
    await assert.rejects(
      engine(scratch(), { weights: 'q8' }).load('e/tiny-gpt2'),
      isError('model-files-missing', /has no q8 weights \(onnx\/model_quantized\.onnx\)/),
    );
    const allowed = engine(scratch(), { weights: 'q8', weightsFallback: true });
    const fallback = await allowed.load('g/tiny-gpt2');
    assert.equal(fallback.facts.weights, 'fp16');
    assert.match(fallback.patched.notices.join(' '), /has no q8 weights; ran onnx\/model_fp16\.onnx \(fp16\) instead/);
    assert.equal(hub.count('g/tiny-gpt2/resolve/main/onnx/model.onnx'), 0, 'only the file that runs is fetched');
    await allowed.dispose();
  });

  it('lists the cache with sizes and deletes a model with its patched graphs', async () => {
    const cacheDir = scratch();
    const e = engine(cacheDir);
    await e.load('f/tiny-bert');
    await e.load('f/tiny-gpt2');
    // A local folder's patched graph is listed under the folder (tiny-bert's own bytes would share
    // the hub copy's content-addressed entry).
    await e.load(fixture('tiny-bert-mha'));
    hub.rule('g/tiny-bert/onnx/model.onnx', { cut: 9 });
    await assert.rejects(engine(cacheDir, { allowRemote: true }).load('g/tiny-bert'));
    await e.dispose();
    const listed = await listCachedModels(cacheDir);
    assert.deepEqual(
      listed.map((m) => [m.id, m.source, m.complete]),
      [
        ['f/tiny-bert', 'hub', true],
        ['f/tiny-gpt2', 'hub', true],
        ['g/tiny-bert', 'hub', false],
        [fixture('tiny-bert-mha'), 'local', true],
      ],
    );
    const bert = listed[0];
    const onDisk = readFileSync(fixture('tiny-bert') + '/onnx/model.onnx').length;
    assert.ok(bert.bytes > onDisk + bert.patchedBytes - 1 && bert.patchedBytes > onDisk / 2, `${bert.bytes} ${bert.patchedBytes}`);
    assert.deepEqual(bert.weights, ['fp32']);
    assert.equal(bert.patched.length, 1);
    await deleteCachedModel(cacheDir, bert);
    assert.equal(existsSync(bert.folder as string), false);
    assert.equal(existsSync(bert.patched[0]), false);
    const after = await listCachedModels(cacheDir);
    assert.deepEqual(
      after.map((m) => m.id),
      ['f/tiny-gpt2', 'g/tiny-bert', fixture('tiny-bert-mha')],
    );
    await deleteCachedModel(cacheDir, after[2]);
    assert.deepEqual(
      (await listCachedModels(cacheDir)).map((m) => m.id),
      ['f/tiny-gpt2', 'g/tiny-bert'],
    );
    assert.ok(existsSync(fixture('tiny-bert-mha') + '/onnx/model.onnx'), 'a local folder itself is never deleted');
  });
});

describe('a local folder in the Optimum layout', () => {
  it('loads with extra files beside it, and names what is missing', async () => {
    const folder = path.join(scratch(), 'beto-like');
    cpSync(fixture('tiny-bert'), folder, { recursive: true });
    writeFileSync(path.join(folder, 'onnx', 'model_quantized.onnx'), 'not used unless q8 is chosen');
    writeFileSync(path.join(folder, 'vocab.txt'), '[PAD]\n');
    // As optimum-cli export onnx --task fill-mask writes it: model.onnx beside config.json.
    const exported = path.join(scratch(), 'optimum-export');
    cpSync(fixture('tiny-bert'), exported, { recursive: true });
    renameSync(path.join(exported, 'onnx', 'model.onnx'), path.join(exported, 'model.onnx'));
    const fromExport = new Engine({ cacheDir: scratch() });
    assert.equal((await fromExport.analyze(exported, { text: 'el río [MASK]' })).model.kind, 'encoder');
    await fromExport.dispose();
    const e = new Engine({ cacheDir: scratch() });
    const result = await e.analyze(folder, { text: 'el río [MASK] era alto' });
    assert.equal(result.model.kind, 'encoder');
    assert.equal(result.model.weights, 'fp32');
    await e.dispose();
    const broken = path.join(scratch(), 'broken');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'config.json'), '{}');
    await assert.rejects(new Engine({ cacheDir: scratch() }).load(broken), isError('model-files-missing', /missing tokenizer\.json, onnx\/model\.onnx/));
  });
});

describe('layer subsets', () => {
  it('analyses only the layers asked for, identical to the same layers of a full run', async () => {
    const e = new Engine({ cacheDir: scratch() });
    const text = 'the river bank was steep and the water was cold';
    const full = await e.analyze(fixture('tiny-bert'), { text, scores: true });
    const last = full.attention.layers - 1;
    assert.ok(last >= 1);
    const some = await e.analyze(fixture('tiny-bert'), { text, scores: true, layers: [last, 0] });
    const { tokens } = await e.measure(fixture('tiny-bert'), { text });
    assert.equal(tokens, full.tokens.length);
    const one = await e.analyze(fixture('tiny-bert'), { text, scores: true, layers: [last] });
    assert.equal(some.attention.layerIds, undefined, 'every layer asked for: a full result');
    assert.deepEqual(some.attention.probs, full.attention.probs);
    assert.deepEqual(one.attention.layerIds, [last]);
    assert.equal(one.attention.layers, 1);
    assert.deepEqual(one.attention.probs[0], full.attention.probs[last]);
    assert.deepEqual(one.attention.scores?.[0], full.attention.scores?.[last]);
    assert.equal(full.attention.layerIds, undefined);
    assert.ok(one.notices.some((n) => n.startsWith(`attention of layers ${last} only`)));
    await assert.rejects(e.analyze(fixture('tiny-bert'), { text, layers: [99] }), isError('bad-input', /layer 99 is outside/));
    await e.dispose();
  });
});

describe('the cuda device', () => {
  it('says how to install the CUDA provider when it is missing, or finds it beside the binding', async () => {
    const file = cudaProviderPath();
    if (file && existsSync(file)) {
      assert.equal(cudaAvailable(), true);
      return;
    }
    assert.equal(cudaAvailable(), false);
    await assert.rejects(
      new Engine({ cacheDir: scratch(), device: 'cuda' }).load(fixture('tiny-bert')),
      isError('bad-input', /no CUDA provider.*ONNXRUNTIME_NODE_INSTALL=cuda12/),
    );
  });
});
