// The embedded models the extension ships as its defaults (models/, built by tools/train): they
// load through the engine, the patch finds one attention site per layer, they read Spanish prose,
// English prose and code (whole words, not bytes; predictions in the text's language), and together
// they stay inside the 48 MB budget of issue 15.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { attentionRow } from '../../../src/protocol/attentionMath';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER, embeddedModel, packageRoot } from '../../../src/engine/paths';
import { scratch } from '../../support/paths';

const engine = new Engine({ cacheDir: scratch() });
after(() => engine.dispose());

function sizeOf(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
    const p = path.join(dir, e.name);
    return sum + (e.isDirectory() ? sizeOf(p) : statSync(p).size);
  }, 0);
}

describe('embedded models', () => {
  it('fit the 48 MB budget together', () => {
    const bytes = sizeOf(path.join(packageRoot(), 'models'));
    assert.ok(bytes <= 48 * 1024 * 1024, `${(bytes / 1048576).toFixed(1)} MB`);
  });

  it('read the samples in words, not bytes: Spanish and English prose and code', async () => {
    // A vocabulary without Spanish (the code-only pair this one replaced) gave 1.9 characters per
    // token on Spanish prose; bytes would give about 1. Special tokens are not counted.
    for (const [file, least] of [
      ['orilla.md', 2.8],
      ['river.md', 3.0],
      ['sample.ts', 3.0],
    ] as const) {
      const text = readFileSync(path.join(packageRoot(), 'samples', file), 'utf8');
      const r = await engine.analyze(embeddedModel(EMBEDDED_DECODER), { text });
      const perToken = text.length / r.tokens.filter((t) => !t.special).length;
      assert.ok(perToken >= least, `${file}: ${perToken.toFixed(2)} characters per token`);
    }
  });

  it(`${EMBEDDED_ENCODER} is an encoder with one attention site per layer that fills "from" in an import`, async () => {
    const r = await engine.analyze(embeddedModel(EMBEDDED_ENCODER), { text: "import { x } [MASK] './y';", topK: 5 });
    assert.equal(r.model.kind, 'encoder');
    assert.ok(r.model.maxPositions >= 512);
    assert.equal(r.attention.layers, r.model.layers);
    assert.equal(r.predictions.masked.length, 1);
    assert.ok(
      r.predictions.masked[0].top.some((c) => c.token.trim() === 'from'),
      JSON.stringify(r.predictions.masked[0].top),
    );
  });

  it(`${EMBEDDED_ENCODER} fills a verb in an English sentence`, async () => {
    const r = await engine.analyze(embeddedModel(EMBEDDED_ENCODER), { text: 'The house [MASK] very big.', topK: 5 });
    const top = r.predictions.masked[0].top.map((c) => c.token.trim());
    assert.ok(top.includes('was') || top.includes('is'), JSON.stringify(top));
  });

  it(`${EMBEDDED_DECODER} is a decoder that expects a module path after "import … from"`, async () => {
    const r = await engine.analyze(embeddedModel(EMBEDDED_DECODER), { text: 'import { readFile } from', topK: 5 });
    assert.equal(r.model.kind, 'decoder');
    assert.ok(r.model.maxPositions >= 512);
    assert.ok(
      r.predictions.next.some((c) => /^ ?['"`]/.test(c.token)),
      JSON.stringify(r.predictions.next),
    );
  });

  it(`${EMBEDDED_DECODER} finds a Spanish sentence more likely than its words in reverse order`, async () => {
    const sentence = 'Me senté en la orilla del río a mirar cómo bajaba el agua.';
    const reversed = sentence.slice(0, -1).split(' ').reverse().join(' ') + '.';
    const bits = async (text: string) => {
      const r = await engine.analyze(embeddedModel(EMBEDDED_DECODER), { text });
      return r.predictions.perToken.reduce((s, t) => s + t.surprisal, 0);
    };
    const [inOrder, backwards] = [await bits(sentence), await bits(reversed)];
    assert.ok(inOrder < backwards - 10, `${inOrder.toFixed(1)} bits in order, ${backwards.toFixed(1)} reversed`);
  });

  it('split a word as the glossary\'s "subword" entry says they do', async () => {
    // The glossary shows the student a real split of the models they meet; new models must keep it true.
    const glossary = JSON.parse(readFileSync(path.join(packageRoot(), 'l10n', 'glossary.json'), 'utf8')) as {
      entries: { id: string; definition: { en: string } }[];
    };
    const entry = glossary.entries.find((e) => e.id === 'subword');
    const said = /read “(\p{L}+)” as “␣(\p{L}+)” \+ “(\p{L}+)”/u.exec(entry?.definition.en ?? '');
    assert.ok(said, entry?.definition.en);
    const [, word, first, second] = said;
    for (const model of [EMBEDDED_DECODER, EMBEDDED_ENCODER]) {
      const r = await engine.analyze(embeddedModel(model), { text: `la ${word}` });
      const pieces = r.tokens.filter((t) => !t.special).map((t) => t.text.replace(/^Ġ/, ' '));
      assert.deepEqual(pieces.slice(-2), [` ${first}`, second], `${model}: ${pieces.join('|')}`);
    }
  });

  it('give sane attention over 512 tokens of code', async () => {
    const code = Array.from({ length: 80 }, (_, i) => `const value${i} = compute(${i}, [${i}, ${i + 1}]);`).join('\n');
    for (const name of [EMBEDDED_ENCODER, EMBEDDED_DECODER]) {
      const r = await engine.analyze(embeddedModel(name), { text: code, maxTokens: 512 });
      assert.equal(r.attention.length, r.tokens.length);
      assert.ok(r.tokens.length > 400 && r.tokens.length <= 512, `${r.tokens.length} tokens`);
      assert.equal(r.window?.limit, 512);
      // Far from uniform: in every layer the sharpest head's rows put ≥ 10× the uniform weight 1/T
      // on some token (small models keep a few diffuse heads, so this is per layer, not per head).
      const T = r.attention.length;
      for (let layer = 0; layer < r.attention.layers; layer++) {
        let sharpest = 0;
        for (let head = 0; head < r.attention.heads; head++) {
          let sumOfMax = 0;
          for (let q = 0; q < T; q++) sumOfMax += Math.max(...attentionRow(r.attention, layer, head, q));
          sharpest = Math.max(sharpest, sumOfMax / T);
        }
        assert.ok(sharpest > 10 / T, `${name} layer ${layer}: sharpest head's mean row max ${sharpest}`);
      }
    }
  });
});
