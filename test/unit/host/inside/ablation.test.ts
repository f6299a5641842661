// Head ablation as part of an analysis' identity: the canonical heads and their cache key
// (protocol/ablation.ts), the store's lookups that tell ablations apart (analyses.ts find), the
// hover that names the switched-off heads and the settling layer (hoverText.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalHeads, headsFit, headsInWords, headsKey, headsLabel } from '../../../../src/protocol/ablation';
import { t as en } from '../../../../src/host/l10n';
import { AnalysisStore, type StoredAnalysis } from '../../../../src/host/analyses/analyses';
import { hoverMarkdown } from '../../../../src/host/editor/hoverText';
import type { HeadRef, LensData } from '../../../../src/protocol/analysis';
import { NO_CLEANING } from '../../../../src/protocol/views';
import { sample, text } from '../../../support/sampleAnalysis';

/** `base` as if run with `ablated` switched off and/or the lens kept, under its own id. */
function variant(base: StoredAnalysis, id: number, extra: { ablated?: HeadRef[]; lens?: LensData }): StoredAnalysis {
  return { ...base, span: { start: 100, end: 114 }, shown: { ...base.shown, id, result: { ...base.shown.result, ...extra } } };
}

const lens: LensData = {
  kind: 'logit',
  positions: [
    {
      position: 2,
      layers: [
        { layer: 0, top: [{ token: ' the', id: 5, p: 0.2 }] },
        { layer: 1, top: [{ token: ' bank', id: 12, p: 0.3 }] },
        { layer: 2, top: [{ token: ' bank', id: 12, p: 0.5 }] },
      ],
    },
  ],
};

describe('ablation identity', () => {
  it('keys a set of heads the same in any order and with repeats, and names them layer:head', () => {
    const a = [
      { layer: 3, head: 2 },
      { layer: 1, head: 0 },
      { layer: 3, head: 1 },
      { layer: 3, head: 2 },
    ];
    assert.deepEqual(canonicalHeads(a), [
      { layer: 1, head: 0 },
      { layer: 3, head: 1 },
      { layer: 3, head: 2 },
    ]);
    assert.equal(headsKey(a), '1:0,3:1,3:2');
    assert.equal(headsKey([...a].reverse()), headsKey(a));
    assert.equal(headsKey(undefined), '');
    assert.equal(headsKey([]), '');
    assert.equal(headsLabel(a), '1:0, 3:1, 3:2');
    assert.equal(headsFit(a, { layers: 4, heads: 3 }), true);
    assert.equal(headsFit(a, { layers: 3, heads: 3 }), false, 'layer 3 of a 3-layer model');
    assert.equal(headsFit([{ layer: 0, head: -1 }], { layers: 3, heads: 3 }), false);
    assert.equal(headsFit([{ layer: 0.5, head: 0 }], { layers: 3, heads: 3 }), false);
  });

  it('never answers a plain lookup with an ablation, nor an ablation with another set of heads', () => {
    const store = new AnalysisStore();
    const base = sample('decoder', 1, 11);
    const plain = variant(base, 20, {});
    const off = variant(base, 21, { ablated: [{ layer: 1, head: 0 }] });
    store.add(plain);
    store.add(off);
    const find = (ablate?: HeadRef[], lensToo = false) => store.find('file:///doc.md', 1, 100, 114, 'decoder', '', { ablate, lens: lensToo })?.shown.id ?? null;
    assert.equal(find(), 20, 'the newest entry is the ablation, yet a plain lookup gets the plain analysis');
    assert.equal(find([{ layer: 1, head: 0 }]), 21);
    assert.equal(find([{ layer: 1, head: 1 }]), null, 'another head is another analysis');
    assert.equal(
      find([
        { layer: 1, head: 0 },
        { layer: 1, head: 1 },
      ]),
      null,
    );
    assert.equal(find(undefined, true), null, 'no entry kept the lens');
    store.add(variant(base, 22, { lens }));
    assert.equal(find(undefined, true), 22);
    assert.equal(find(), 22, 'an analysis with the lens answers a plain lookup (a superset)');
  });

  it('says in the hover which heads were switched off and where the prediction settles', () => {
    const base = sample('decoder', 1, 11);
    const entry = variant(base, 30, {
      ablated: [
        { layer: 1, head: 1 },
        { layer: 0, head: 1 },
      ],
      lens,
    });
    const choice = { layer: 1, combine: { kind: 'mean' as const }, cleaning: NO_CLEANING };
    const md = hoverMarkdown({ entry, token: 2, choice, row: 'gone' }, text);
    assert.match(md, /Heads 0:1, 1:1 switched off \(layer:head\)/);
    assert.match(md, /Next-token prediction ␣bank settles at layer 1 \(of 0–2; 0 is the embeddings\)/);
    const other = hoverMarkdown({ entry, token: 3, choice, row: 'gone' }, text);
    assert.doesNotMatch(other, /settles/, 'a position without a lens has no settling line');
    const plain = hoverMarkdown({ entry: base, token: 2, choice, row: 'gone' }, text);
    assert.doesNotMatch(plain, /switched off|settles/);
  });

  it('names whole layers and the whole model in words; a set with no whole layer stays an exact list', () => {
    const model = { layers: 4, heads: 4, kind: 'decoder' as const };
    const every = [0, 1, 2, 3].flatMap((layer) => [0, 1, 2, 3].map((head) => ({ layer, head })));
    assert.equal(headsInWords(every, model, en), 'all 16 heads of the decoder');
    assert.equal(headsInWords(every, { ...model, kind: 'encoder' }, en), 'all 16 heads of the encoder');
    const lastLayer = [0, 1, 2, 3].map((head) => ({ layer: 3, head }));
    assert.equal(headsInWords([...lastLayer, { layer: 0, head: 1 }], model, en), 'all 4 heads of layer 3, heads 0:1 (layer:head)');
    assert.equal(
      headsInWords(
        [
          { layer: 0, head: 1 },
          { layer: 1, head: 1 },
        ],
        model,
        en,
      ),
      null,
      'two heads: the exact list says it',
    );
    assert.equal(
      headsInWords([{ layer: 0, head: 0 }], { layers: 2, heads: 1, kind: 'decoder' }, en),
      null,
      'one head of a one-head layer is not "all 1 heads"',
    );

    const base = sample('decoder', 1, 11);
    const { layers, heads } = base.shown.result.attention;
    const all = Array.from({ length: layers }, (_, layer) => Array.from({ length: heads }, (_, head) => ({ layer, head }))).flat();
    const choice = { layer: 1, combine: { kind: 'mean' as const }, cleaning: NO_CLEANING };
    const md = hoverMarkdown({ entry: variant(base, 31, { ablated: all }), token: 2, choice, row: 'gone' }, text);
    assert.match(md, new RegExp(`Switched off: all ${layers * heads} heads of the decoder; this analysis ran without them`));
  });
});
