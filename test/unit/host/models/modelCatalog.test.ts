// The host's pure model choices: what Select Model offers online and offline, the memory-budget
// offers, and workspace trust for settings that name files or addresses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { budgetQuestion } from '../../../../src/host/analyses/budgetChoice';
import { readConfig, RESTRICTED, trustedGet } from '../../../../src/host/config';
import { PRESETS, pickerEntries, type CatalogInput } from '../../../../src/host/models/modelCatalog';
import type { ModelFacts } from '../../../../src/protocol/analysis';
import { estimateAnalysisBytes } from '../../../../src/host/analyses/budget';

const base: CatalogInput = {
  allowRemote: true,
  cached: [],
  weights: 'fp32',
  embedded: { encoder: 'tiny-bert-es-en', decoder: 'tiny-gpt-es-en' },
  current: { encoder: '', decoder: 'Xenova/gpt2' },
};

describe('Select Model entries', () => {
  it('online: embedded, every preset with its kind and download size, a hub id and a folder', () => {
    const entries = pickerEntries(base);
    assert.deepEqual(entries.map((e) => e.action), ['embedded', 'embedded', ...PRESETS.map(() => 'preset'), 'hub-id', 'folder']);
    const bert = entries.find((e) => e.value === 'Xenova/bert-base-uncased');
    assert.equal(bert?.kind, 'encoder');
    assert.match(bert?.description ?? '', /^encoder · needs a download: 438 MB \(fp32\)$/);
    assert.equal(bert?.download, true);
    assert.deepEqual(
      entries.filter((e) => e.download).map((e) => e.action),
      [...PRESETS.map(() => 'preset'), 'hub-id'],
      'every preset not in the cache, and a hub id, need a download; nothing else does',
    );
    assert.ok(entries.filter((e) => e.action === 'embedded').every((e) => /no download/.test(e.description)));
    assert.match(entries.find((e) => e.value === 'Xenova/gpt2')?.detail ?? '', /in use as the decoder/);
    assert.match(entries.find((e) => e.label === 'tiny-bert-es-en')?.detail ?? '', /in use as the encoder/);
    const fp16 = pickerEntries({ ...base, weights: 'fp16' });
    assert.match(fp16.find((e) => e.value === 'Xenova/distilgpt2')?.description ?? '', /no fp16 weights/);
  });

  it('offline: only embedded and cached models and a local folder, and an entry that says downloads are off', () => {
    const cached = [
      { id: 'Xenova/distilbert-base-uncased', kind: 'encoder' as const, bytes: 340e6, weights: ['fp32' as const] },
      { id: 'someone/own-model', kind: null, bytes: 12e6, weights: [] },
    ];
    const entries = pickerEntries({ ...base, allowRemote: false, cached });
    assert.deepEqual(entries.map((e) => [e.action, e.value]), [
      ['embedded', ''],
      ['embedded', ''],
      ['preset', 'Xenova/distilbert-base-uncased'],
      ['cached', 'someone/own-model'],
      ['folder', ''],
      ['allow-remote', ''],
    ]);
    assert.match(entries[2].description, /cached \(340 MB\)/);
    assert.ok(entries.every((e) => !e.download && !/needs a download/.test(e.description)));
    assert.match(entries.at(-1)!.description, /downloads from the Hugging Face hub are off/);
  });

  it('says when a cached model lacks the chosen precision, before any download', () => {
    const cached = [{ id: 'Xenova/distilbert-base-uncased', kind: 'encoder' as const, bytes: 340e6, weights: ['fp32' as const] }];
    const q8 = pickerEntries({ ...base, weights: 'q8', cached });
    const entry = q8.find((e) => e.value === 'Xenova/distilbert-base-uncased')!;
    assert.match(entry.description, /cached as fp32; q8 needs a download/);
    assert.equal(entry.download, true);
    const fp32 = pickerEntries({ ...base, weights: 'fp32', cached }).find((e) => e.value === 'Xenova/distilbert-base-uncased')!;
    assert.equal(fp32.download, false);
  });
});

describe('the memory budget offers', () => {
  const facts: ModelFacts = { id: 'Xenova/bert-base-uncased', kind: 'encoder', modelType: 'bert', layers: 12, heads: 12, maxPositions: 512, vocabSize: 30522, maskToken: '[MASK]' };
  const request = { text: 'x'.repeat(3000) };

  it('stays quiet within the budget or with the budget off', () => {
    assert.equal(budgetQuestion(request, facts, 512, 4096), null);
    assert.equal(budgetQuestion(request, facts, 512, 0), null);
  });

  it('offers the last layers that fit, a window that fits, or running anyway', () => {
    const q = budgetQuestion(request, facts, 512, 120);
    assert.ok(q);
    assert.match(q.message, /512 tokens .*\(12 layers × 12 heads\).* about \d+ MB .* over the 120 MB budget/);
    const [layers, window, anyway] = q.offers;
    assert.match(layers.label, /^Only the last \d+ layers$/);
    const ids = layers.request.layers ?? [];
    assert.equal(ids.at(-1), 11);
    const shape = { tokens: 512, layers: 12, heads: 12, vocabSize: 30522, precision: 'float16' as const, scores: false };
    assert.ok(estimateAnalysisBytes(shape, ids.length) <= 120e6);
    assert.ok(estimateAnalysisBytes(shape, ids.length + 1) > 120e6);
    assert.match(window.label, /^A window of \d+ tokens$/);
    assert.ok(estimateAnalysisBytes({ ...shape, tokens: window.request.maxTokens ?? 0 }) <= 120e6);
    assert.equal(anyway.label, 'Run anyway');
    assert.equal(anyway.request, request);
  });
});

describe('workspace trust', () => {
  const user = { encoderModel: '/home/me/models/beto', cacheDir: '' };
  const workspace = { encoderModel: '/evil/model', hubEndpoint: 'http://mirror.invalid/', cacheDir: '/tmp/elsewhere', topK: 7 };
  const get = (key: string): unknown => (workspace as Record<string, unknown>)[key] ?? (user as Record<string, unknown>)[key];
  const inspect = (key: string) => ({ globalValue: (user as Record<string, unknown>)[key] });

  it('ignores workspace values of model paths, the cache folder and the hub address when not trusted', () => {
    const untrusted = readConfig(trustedGet(get, inspect, false));
    assert.equal(untrusted.encoderModel, '/home/me/models/beto');
    assert.equal(untrusted.hubEndpoint, '');
    assert.equal(untrusted.cacheDir, '');
    assert.equal(untrusted.topK, 7, 'other settings still come from the workspace');
    const trusted = readConfig(trustedGet(get, inspect, true));
    assert.equal(trusted.encoderModel, '/evil/model');
    assert.equal(trusted.hubEndpoint, 'http://mirror.invalid/');
    assert.deepEqual([...RESTRICTED].sort(), ['cacheDir', 'decoderModel', 'encoderModel', 'hubEndpoint']);
  });
});
