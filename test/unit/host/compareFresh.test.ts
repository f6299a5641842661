// Compare's runs after the decoder's (the masked probe for the encoder's guess, its whole-word
// search) end as the others do when either model changes: each gets the check of both models, not
// the encoder's alone (compare.ts). A fake runner records the checks each step was given.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisRunner, RunContext } from '../../../src/host/analyses/analysisRunner';
import type { Asked } from '../../../src/host/analyses/freshness';
import { compareModels } from '../../../src/host/commands/compare';

const TEXT = 'The river bank was steep, so we sat on the grass.';

describe('Compare: the runs for the guess at the cursor', () => {
  it("end when the decoder's model changes, not only the encoder's", async () => {
    let decoderChanged = false;
    const given: { probe?: Asked; fill?: Asked } = {};
    const stored = { base: 0, shown: { id: 1, result: { tokens: [], predictions: { perToken: [] } } } };
    const runner = {
      asked: (kind: string) => (): void => {
        if (kind === 'decoder' && decoderChanged) throw new Error('the model changed during the analysis');
      },
      // Compare takes a turn among the commands (latestWins.ts) and shows only if it still answers last.
      ask: () => 1,
      answer: () => true,
      run: async () => stored,
      probe: async (_document: unknown, _from: number, _to: number, _options: unknown, context?: RunContext) => {
        // The decoder's setting changes while the encoder's masked run runs.
        decoderChanged = true;
        given.probe = context?.fresh;
        return { tokens: [{ masked: true }], predictions: { masked: [{ position: 0, top: [] }] } };
      },
      fillWords: async (fresh: Asked) => {
        given.fill = fresh;
        return [];
      },
      failed: (error: unknown) => ({ ok: false, code: 'cancelled', message: String(error) }),
    } as unknown as AnalysisRunner;
    const document = { getText: () => TEXT, offsetAt: (p: { offset: number }) => p.offset, languageId: 'plaintext', version: 1 };
    const at = (offset: number) => ({ offset });
    const cursor = TEXT.indexOf('bank') + 1;
    const editor = { document, selection: { start: at(0), end: at(TEXT.length), active: at(cursor) } };
    const outcome = await compareModels(runner, editor as never, () => assert.fail('nothing is shown'));
    assert.equal(outcome.ok, false);
    assert.equal(typeof given.probe, 'function', "the masked probe is given the command's check");
    assert.throws(() => given.probe!(), /model changed/u, "the masked probe's check fails when the decoder changes");
    assert.throws(() => given.fill!(), /model changed/u, "the whole-word search's check fails when the decoder changes");
  });
});
