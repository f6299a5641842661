// config.json's model_type and architectures as a refusal names them (hostile configs, round 14):
// `"architectures": [null, {"a": 1}, 7]` read "(null, [object Object], 7)"; a model_type or an
// architecture name of 5,000 characters, or a list of 2,000 names, filled the message up to its
// 1,000-character cut, so that what to do ("expected a masked-LM encoder …") was cut off. Now each
// value is shown as config.json writes it, cut short, at most two names and how many more, and
// the advice always ends the line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requireKind } from '../../src/engine/configFields';
import { EngineError } from '../../src/engine/errors';

function refusal(config: Record<string, unknown>): string {
  try {
    requireKind(config, 'tiny');
  } catch (error) {
    assert.ok(error instanceof EngineError);
    return error.message;
  }
  assert.fail('accepted');
}

const ADVICE = /; expected a masked-LM encoder \(BERT family\) or a causal-LM decoder \(GPT family\)$/;

describe("config.json's architectures and model_type in a refusal", () => {
  it('entries that are not names are shown as config.json writes them, not "[object Object]"', () => {
    const said = refusal({ model_type: 'wav2vec2', architectures: [null, { a: 1 }, 7] });
    assert.doesNotMatch(said, /object Object/, said);
    assert.match(said, /\(null, \{"a":1\} and 1 more\)/, said);
    assert.match(said, ADVICE);
  });

  for (const [what, config] of [
    ['a model_type of 5,000 characters', { model_type: 'x'.repeat(5000) }],
    ['an architecture name of 5,000 characters', { model_type: 'wav2vec2', architectures: ['A'.repeat(5000)] }],
    ['2,000 architecture names', { model_type: 'wav2vec2', architectures: Array.from({ length: 2000 }, (_, i) => `Arch${i}ForCTC`) }],
  ] as const) {
    it(`${what}: cut short, and the line still ends with what is expected`, () => {
      const said = refusal(config);
      assert.ok(said.length <= 800, `${said.length} characters`);
      assert.match(said, ADVICE, said);
    });
  }

  it('a contradiction with 2,000 names still says the config contradicts itself', () => {
    const said = refusal({ model_type: 'gpt2', architectures: [...Array.from({ length: 2000 }, (_, i) => `Arch${i}`), 'BertForMaskedLM'] });
    assert.ok(said.length <= 800, `${said.length} characters`);
    assert.match(said, /: the config contradicts itself$/, said);
  });
});
