// The Inside views' export files (insideFormats.ts): JSON that parses back to the steps shown, CSV
// with one key (or one lens candidate) a row and quoted labels.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LensData } from '../../../../src/protocol/analysis';
import { lensCsv, lensJson, qkvCsv, qkvJson } from '../../../../webview/inside/insideFormats';
import { breakdown } from '../../../../webview/inside/qkvMath';

const reply = {
  key: 1,
  layer: 0,
  head: 0,
  query: 1,
  length: 2,
  headDim: 2,
  scale: 0.5,
  q: Float32Array.of(1, 2),
  k: Float32Array.of(1, 0, 0, 1),
  v: Float32Array.of(2, 4, 6, 8),
};

describe('Q/K/V exports', () => {
  const b = breakdown(reply, true);
  const labels = ['a,b', 'c'];

  it('JSON holds every key’s steps and the output', () => {
    const json = JSON.parse(qkvJson({ model: 'm' }, b, labels, [0.3, 0.7])) as Record<string, unknown> & {
      keys: { token: string; dot: number; scaled: number; softmax: number; matrix: number; mask: number | string; k: number[]; v: number[] }[];
      output: number[];
    };
    assert.equal(json.model, 'm');
    assert.deepEqual(
      json.keys.map((k) => k.token),
      labels,
    );
    assert.deepEqual(
      json.keys.map((k) => k.dot),
      [1, 2],
    );
    assert.deepEqual(
      json.keys.map((k) => k.scaled),
      [0.5, 1],
    );
    assert.deepEqual(json.keys[1].k, [0, 1]);
    assert.deepEqual(json.keys[1].v, Array.from(reply.v.subarray(2, 4)), 'each key’s value, the lecture’s Value');
    const w1 = 1 / (1 + Math.exp(-0.5));
    assert.ok(Math.abs(json.keys[1].softmax - w1) < 1e-12);
    assert.deepEqual(
      json.keys.map((k) => k.matrix),
      [0.3, 0.7],
    );
    assert.ok(Math.abs(json.output[0] - ((1 - w1) * 2 + w1 * 6)) < 1e-5);
  });

  it('CSV: a header, one row a key, the output last; a label with a comma quoted', () => {
    const lines = qkvCsv(b, labels, null).trimEnd().split('\r\n');
    assert.equal(lines[0], 'position,token,dot,scaled,mask,softmax,matrix,k0,k1,v0,v1,weighted0,weighted1');
    // The output's values sit under weighted0.., past the k and v columns.
    assert.equal(lines[3].split(',').length, 13);
    assert.ok(lines[1].startsWith('0,"a,b",1,0.5,0,'));
    assert.equal(lines.length, 4);
    assert.ok(lines[3].startsWith('output,'));
    // A masked key (a decoder's key after the query) says so.
    const masked = qkvCsv(breakdown({ ...reply, query: 0 }, true), labels, null).split('\r\n')[2];
    assert.ok(masked.startsWith('1,c,2,1,-Infinity,0,'));
  });
});

describe('lens exports', () => {
  const lens: LensData = {
    kind: 'mlm',
    positions: [
      {
        position: 1,
        layers: [0, 1].map((layer) => ({
          layer,
          top: [
            { token: '"q"', id: 3, p: 0.5 },
            { token: 'x', id: 4, p: 0.25 },
          ],
        })),
      },
    ],
  };
  it('JSON keeps the kind and each position’s layers; CSV one candidate a row', () => {
    const json = JSON.parse(lensJson({}, lens, ['[CLS]', '[MASK]'])) as { kind: string; positions: { token: string; layers: unknown[] }[] };
    assert.equal(json.kind, 'mlm');
    assert.equal(json.positions[0].token, '[MASK]');
    assert.equal(json.positions[0].layers.length, 2);
    const lines = lensCsv(lens, ['[CLS]', '[MASK]']).trimEnd().split('\r\n');
    assert.equal(lines.length, 5);
    assert.equal(lines[1], '1,[MASK],0,1,"""q""",3,0.5');
    assert.equal(lines[4], '1,[MASK],1,2,x,4,0.25');
  });
});
