// The course pack format (protocol/course/pack.ts) and its questions (questions.ts): the built-in packs are
// valid and parallel in both languages; malformed packs name file, unit and field; every question's answer
// is computed from the embedded models' real output on the unit's text, never read from the pack.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import { senses } from '../../../src/engine/repr/senses';
import { fineTune } from '../../../src/engine/repr/finetune';
import { wordOrder } from '../../../src/engine/repr/wordOrder';
import { attentionRow } from '../../../src/protocol/attentionMath';
import { checkPackFiles, inEnglish, parseExamples, parsePack, type CoursePack, type CourseUnit } from '../../../src/protocol/course/pack';
import { askQuestion, IDENTICAL_COSINE, positionsNeeded, rowsNeeded, wordTokens, type Evidence } from '../../../src/protocol/course/questions';
import { baselineAccuracy } from '../../../src/protocol/finetune';
import { scratch } from '../../support/paths';

const root = path.resolve(import.meta.dirname, '../../..');
const glossary = new Set((JSON.parse(readFileSync(path.join(root, 'l10n/glossary.json'), 'utf8')) as { entries: { id: string }[] }).entries.map((e) => e.id));
const folder = (lang: string) => path.join(root, 'media/course', lang);
const read = (lang: string) => (file: string) => (existsSync(path.join(folder(lang), file)) ? readFileSync(path.join(folder(lang), file), 'utf8') : null);
const builtIn = (lang: string): CoursePack => parsePack(JSON.parse(read(lang)('pack.json')!), `media/course/${lang}/pack.json`, glossary);
/** The share of the most common of `labels`: what always answering it scores (counted here, not by finetune.ts). */
const mostCommonShare = (labels: readonly string[]): number => Math.max(...labels.map((l) => labels.filter((m) => m === l).length)) / labels.length;

/** A valid one-unit pack to break one field at a time. */
function minimal(): Record<string, unknown> {
  return JSON.parse(JSON.stringify({ ...builtIn('en'), units: [builtIn('en').units.find((u) => u.id === 'decoder-mask')] })) as Record<string, unknown>;
}
function broken(edit: (unit: Record<string, unknown>, pack: Record<string, unknown>) => void): () => CoursePack {
  const pack = minimal();
  edit((pack.units as Record<string, unknown>[])[0], pack);
  return () => parsePack(pack, 'teacher/pack.json', glossary);
}

describe('course packs', () => {
  it('the built-in packs are valid, point only to files they hold, and follow the lecture in the same units in both languages', () => {
    const es = builtIn('es');
    const en = builtIn('en');
    assert.deepEqual(checkPackFiles(es, read('es')), []);
    assert.deepEqual(checkPackFiles(en, read('en')), []);
    assert.ok(es.units.length >= 9);
    const shape = (u: CourseUnit) => [u.id, u.setup.model, u.setup.view, u.setup.layer, u.setup.head, u.question.kind, u.glossary.join()];
    assert.deepEqual(es.units.map(shape), en.units.map(shape));
    for (const u of es.units) assert.match(read('es')(u.file)!, /^# /, `${u.id}: the explanation starts with its title`);
  });

  it('the walkthrough has one step per unit, in the pack’s order, each opening its unit, in both languages', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { walkthroughs: { id: string; steps: { id: string; description: string }[] }[] };
    };
    const steps = manifest.contributes.walkthroughs.find((w) => w.id === 'course')!.steps;
    assert.deepEqual(
      steps.map((s) => s.id),
      builtIn('en').units.map((u) => u.id),
    );
    for (const file of ['package.nls.json', 'package.nls.es.json']) {
      const nls = JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;
      for (const step of steps) {
        const text = nls[step.description.slice(1, -1)];
        assert.ok(text?.includes(`command:attentionLens.startCourse?${encodeURIComponent(JSON.stringify([step.id]))}`), `${file}: ${step.id} opens its unit`);
      }
    }
  });

  it('names the file, the unit and the field of each mistake', () => {
    const cases: [() => CoursePack, RegExp][] = [
      [broken((_, p) => (p.format = 2)), /teacher\/pack\.json: format: must be 1$/],
      [broken((u) => (u.id = 'Decoder Mask')), /units\[0\]\.id: "Decoder Mask" must be kebab-case/],
      [broken((_, p) => (p.units = [...(p.units as unknown[]), ...(p.units as unknown[])])), /unit decoder-mask: appears twice/],
      [broken((u) => ((u.setup as Record<string, unknown>).model = 'bert')), /unit decoder-mask: setup\.model: must be one of encoder, decoder/],
      [
        broken((u) => ((u.setup as Record<string, unknown>).sample = '../../etc/passwd.txt')),
        /setup\.sample: "\.\.\/\.\.\/etc\/passwd\.txt" must be a \.md or \.txt file inside/,
      ],
      [broken((u) => ((u.setup as Record<string, unknown>).layer = 1.5)), /setup\.layer: must be an integer ≥ -1/],
      [broken((u) => ((u.question as Record<string, unknown>).kind = 'essay')), /unit decoder-mask: question\.kind: must be one of/],
      [broken((u) => ((u.question as Record<string, unknown>).labels = ['zero'])), /question\.labels: must hold two labels/],
      [broken((u) => (u.question = { kind: 'maskedWord', prompt: 'p', word: 'river' })), /question\.kind: maskedWord needs the encoder/],
      [broken((u) => (u.glossary = ['flux-capacitor'])), /unit decoder-mask\.glossary: "flux-capacitor" is not a glossary id/],
      [broken((u) => (u.hints = [])), /unit decoder-mask\.hints: must not be empty/],
      [
        broken((u) => (u.question = { kind: 'nextSentence', prompt: 'p', sentence: 'A.', followers: ['B.', 'C.'] })),
        /question\.kind: nextSentence needs the encoder/,
      ],
      [
        broken(
          (u) => (
            (u.setup = { model: 'encoder', sample: 's.txt', view: 'bert' }),
            (u.question = { kind: 'nextSentence', prompt: 'p', sentence: 'A.', followers: ['B.'] })
          ),
        ),
        /unit decoder-mask: question\.followers: must hold two to four different sentences/,
      ],
      [broken((u) => (u.question = { kind: 'positions', prompt: 'p', compare: [2, 50] })), /question\.position: must be an integer ≥ 0/],
      [
        broken((u) => (u.question = { kind: 'positions', prompt: 'p', position: 1, compare: [1, 50] })),
        /question\.compare: must hold two to four different positions/,
      ],
      [broken((u) => (u.question = { kind: 'positions', prompt: 'p', position: 1, compare: [2, -3] })), /question\.compare: must be a list of positions/],
      [
        broken((u) => (u.question = { kind: 'wordOrder', prompt: 'p', labels: ['same'] })),
        /question\.labels: must hold two labels: "identical", then "different"/,
      ],
      [broken((u) => (u.question = { kind: 'wordOrder', prompt: 'p', labels: ['a', 'b'], seed: -1 })), /question\.seed: must be an integer ≥ 0/],
      [broken((u) => (u.question = { kind: 'senses', prompt: 'p', labels: ['a', 'b'] })), /question\.word: /],
      [
        broken((u) => (u.question = { kind: 'ablation', prompt: 'p', heads: [{ layer: 0 }], labels: ['a', 'b'] })),
        /question\.heads: must be a list of one to 64 heads/,
      ],
      [broken((u) => (u.question = { kind: 'senses', prompt: 'p', word: 'x', labels: ['a', 'b'], layer: -2 })), /question\.layer: must be an integer ≥ -1/],
      [
        broken((u) => ((u.setup as Record<string, unknown>).view = 'inside-out')),
        /setup\.view: must be one of tokens, matrix, heads, model, predictions, compare, bert/,
      ],
    ];
    for (const [parse, message] of cases) assert.throws(parse, message);
  });

  it('finds what a pack points to but lacks', () => {
    const pack = parsePack(minimal(), 'teacher/pack.json', glossary);
    const files = new Map([['samples/river.txt', 'the stones were on the river bank']]);
    const problems = checkPackFiles(pack, (file) => files.get(file) ?? null).map((say) => say(inEnglish));
    assert.deepEqual(problems, [
      'unit decoder-mask: file: units/13-decoder-mask.md is missing',
      'unit decoder-mask: setup.select: "On the river bank there were stones" is not in samples/river.txt',
    ]);
    const unselected = parsePack(
      {
        ...minimal(),
        units: [{ ...(minimal().units as Record<string, unknown>[])[0], setup: { model: 'decoder', sample: 'samples/river.txt', view: 'matrix' } }],
      },
      'p.json',
    );
    assert.deepEqual(
      checkPackFiles(unselected, (file) => files.get(file) ?? (file.endsWith('.md') ? '# x' : null)).map((say) => say(inEnglish)),
      ['unit decoder-mask: question.later: "stones" must come after "river"'],
    );
  });
});

describe('course questions, answered by the embedded models', () => {
  const engine = new Engine({ cacheDir: scratch(), precision: 'float32' });
  after(() => engine.dispose());
  const model = (kind: 'encoder' | 'decoder') => embeddedModel(kind === 'encoder' ? EMBEDDED_ENCODER : EMBEDDED_DECODER);

  async function evidenceFor(lang: string, unit: CourseUnit): Promise<{ evidence: Evidence; rowOf: (q: number) => Float64Array }> {
    const sample = read(lang)(unit.setup.sample)!;
    // As the runner selects it: the selection, or the whole sample without its final line end.
    const passage = unit.setup.select ?? sample.trimEnd();
    const word = unit.question.word;
    const maskChars = unit.question.kind === 'maskedWord' ? [{ start: passage.indexOf(word!), end: passage.indexOf(word!) + word!.length }] : undefined;
    const result = await engine.analyze(model(unit.setup.model), { text: passage, maskChars, topK: 5 });
    const tokens = result.tokens;
    const layer = unit.setup.layer === undefined || unit.setup.layer < 0 ? result.attention.layers - 1 : unit.setup.layer;
    const rowOf = (q: number) => attentionRow(result.attention, layer, unit.setup.head ?? null, q);
    const rows = new Map(rowsNeeded(unit.question, passage, tokens).map((q) => [q, [...rowOf(q)]]));
    const candidates = (list: readonly { token: string; p: number }[] | undefined) => list?.map((c) => ({ token: c.token, p: c.p }));
    const q = unit.question;
    const isNext =
      q.followers && (await Promise.all(q.followers.map(async (b) => (await engine.nextSentence(model('encoder'), { a: q.sentence!, b })).isNext)));
    const count = positionsNeeded(q);
    const table = count > 0 ? await engine.positions(model(unit.setup.model), { count }) : null;
    assert.ok(table === null || table.kind === 'learned', `${unit.id}: the embedded model has a learned position table`);
    // The Representations tab's experiments, run as the worker runs them.
    const loaded = q.kind === 'wordOrder' || q.kind === 'senses' || q.kind === 'fineTune' ? await engine.load(model(unit.setup.model)) : null;
    const order = loaded && q.kind === 'wordOrder' ? await wordOrder(loaded, { text: passage, seed: q.seed ?? 1 }) : null;
    const found = loaded && q.kind === 'senses' ? await senses(loaded, { text: passage, word: q.word!, maxOccurrences: 2 }) : null;
    if (found) assert.equal(found.occurrences.length, 2, `${unit.id}: the word occurs twice`);
    const layers = order?.representation ?? found?.layers.map((l) => ({ layer: l.layer, cosine: l.cosine[1] }));
    // The host's ablation: the same request with the question's heads switched off.
    const ablated = q.kind === 'ablation' ? await engine.analyze(model(unit.setup.model), { text: passage, topK: 5, ablate: q.heads }) : null;
    // A head trained on the pack's labelled lines, as the worker's fineTune trains it.
    const tuned = loaded && q.kind === 'fineTune' ? await fineTune(loaded, { examples: parseExamples(read(lang)(q.labelled!)!), predict: [passage] }) : null;
    if (ablated) assert.deepEqual(ablated.ablated, q.heads, `${unit.id}: the engine switched those heads off`);
    return {
      evidence: {
        passage,
        tokens,
        rows,
        next: candidates(result.predictions.next),
        fillers: candidates(result.predictions.masked[0]?.top),
        isNext,
        positions: table?.kind === 'learned' ? { count: table.count, similarity: table.similarity } : undefined,
        layers,
        ablatedNext: candidates(ablated?.predictions.next),
        fineTuned: tuned
          ? {
              labels: tuned.labels,
              label: tuned.predictions[0].label,
              probability: tuned.predictions[0].probability,
              accuracy: tuned.accuracy,
              baseline: baselineAccuracy(tuned.perClass),
            }
          : undefined,
      },
      rowOf,
    };
  }

  for (const lang of ['es', 'en']) {
    it(`${lang}: every unit's question has an answer that is what the model did`, async () => {
      for (const unit of builtIn(lang).units) {
        const { evidence, rowOf } = await evidenceFor(lang, unit);
        const asked = askQuestion(unit.question, evidence);
        assert.ok(asked.answer >= 0 && asked.answer < asked.choices.length, `${unit.id}: the answer is one of the choices`);
        assert.ok(asked.choices.length >= 2, `${unit.id}: a question offers a choice`);
        const q = unit.question;
        if (q.kind === 'tokenCount') assert.equal(Number(asked.choices[asked.answer]), wordTokens(q.word!, evidence.passage, evidence.tokens).length);
        if (q.kind === 'mostAttended') {
          const row = rowOf(wordTokens(q.word!, evidence.passage, evidence.tokens)[0]);
          const best = Math.max(...evidence.tokens.map((t, i) => (t.special ? -1 : row[i])));
          assert.equal(asked.value, best, `${unit.id}: the answer is the strongest key`);
        }
        if (q.kind === 'futureAttention')
          assert.equal(asked.answer, unit.setup.model === 'decoder' ? 0 : 1, `${unit.id}: the decoder's mask gives zero, the encoder does not`);
        if (q.kind === 'nextToken') {
          assert.equal(asked.choices[asked.answer], evidence.next![0].token);
          // The prompt asks what comes after the text's last words («…por el»), not after a line end.
          assert.ok(!evidence.next![0].token.includes('\n'), `${unit.id}: the first candidate follows the text's last word, not a line end`);
        }
        if (q.kind === 'maskedWord') {
          assert.equal(asked.choices[asked.answer], evidence.fillers![0].token);
          const rank = evidence.fillers!.findIndex((c) => c.token.trim() === q.word) + 1;
          assert.deepEqual(
            asked.hidden && [asked.hidden.word, asked.hidden.rank ?? 0],
            [q.word, rank],
            `${unit.id}: where the hidden word is among the fillers`,
          );
        }
        if (q.kind === 'nextSentence') {
          assert.deepEqual(asked.choices, q.followers, `${unit.id}: the candidates for B, in the pack's order`);
          assert.equal(asked.value, Math.max(...evidence.isNext!), `${unit.id}: the answer is the B the model finds likeliest`);
          assert.ok(asked.value > 0 && asked.value < 1);
        }
        if (q.kind === 'positions') {
          const { count, similarity } = evidence.positions!;
          const cosines = q.compare!.map((to) => similarity[q.position! * count + to]);
          assert.equal(asked.choices[asked.answer], String(q.compare![cosines.indexOf(Math.max(...cosines))]), `${unit.id}: the most similar row`);
          assert.ok(Math.abs(similarity[q.position! * count + q.position!] - 1) < 1e-5, `${unit.id}: a row is its own best match (a cosine table)`);
        }
        if (q.kind === 'fineTune') {
          assert.deepEqual(asked.choices, [...new Set(parseExamples(read(lang)(q.labelled!)!).map((e) => e.label))], `${unit.id}: the classes of the examples`);
          assert.equal(asked.choices[asked.answer], evidence.fineTuned!.label, `${unit.id}: the label the trained head gives the text`);
          assert.ok(asked.value > 0 && asked.value <= 1);
          assert.deepEqual(
            asked.accuracy,
            { crossValidated: evidence.fineTuned!.accuracy, mostCommon: mostCommonShare(parseExamples(read(lang)(q.labelled!)!).map((e) => e.label)) },
            `${unit.id}: the head's cross-validated accuracy, and always answering the most common label's`,
          );
        }
        if (q.kind === 'ablation') {
          assert.equal(
            asked.answer,
            evidence.next![0].token === evidence.ablatedNext![0].token ? 0 : 1,
            `${unit.id}: the first candidate with and without the head`,
          );
          assert.equal(asked.value, evidence.ablatedNext![0].p);
        }
        if (q.kind === 'wordOrder' || q.kind === 'senses') {
          const layers = evidence.layers!;
          const at = layers[q.layer! < 0 ? layers.length + q.layer! : q.layer!];
          assert.equal(asked.value, at.cosine, `${unit.id}: the figure is the experiment's cosine at the asked layer`);
          assert.equal(asked.answer, at.cosine >= IDENTICAL_COSINE ? 0 : 1);
          // What each unit teaches, as the embedded encoder does it: one spelling, one row at layer 0;
          // the shuffled order changes the last layer. (A shuffle's layer 0 is not exactly 1 with a
          // byte-level tokenizer: the first word has no space before it, so its token differs.)
          if (q.kind === 'senses') assert.ok(layers[0].cosine >= IDENTICAL_COSINE, `${unit.id}: layer 0 holds the same token rows (${layers[0].cosine})`);
          if (q.kind === 'wordOrder') assert.ok(layers.at(-1)!.cosine < IDENTICAL_COSINE, `${unit.id}: the order changes the last layer`);
        }
      }
    });
  }

  it('next sentence and positions: another model output gives another answer', () => {
    const nsp = builtIn('en').units.find((u) => u.question.kind === 'nextSentence')!;
    const passage = read('en')(nsp.setup.sample)!;
    for (const [isNext, answer] of [
      [[0.9, 0.1], 0],
      [[0.06, 0.1], 1],
    ] as const) {
      const asked = askQuestion(nsp.question, { passage, tokens: [], isNext });
      assert.equal(asked.answer, answer);
      assert.equal(asked.value, isNext[answer]);
    }
    assert.throws(() => askQuestion(nsp.question, { passage, tokens: [] }), /no next-sentence probabilities/);
    const pos = builtIn('en').units.find((u) => u.question.kind === 'positions')!;
    const count = positionsNeeded(pos.question);
    assert.equal(count, 51);
    // A table in which row 1 is close to row 50 and far from row 2, then the other way round.
    const table = (near: number) => {
      const similarity = new Float32Array(count * count).fill(0.1);
      for (let i = 0; i < count; i++) similarity[i * count + i] = 1;
      similarity[1 * count + near] = similarity[near * count + 1] = 0.8;
      return { count, similarity };
    };
    const far = askQuestion(pos.question, { passage: '', tokens: [], positions: table(50) });
    assert.equal(far.choices[far.answer], '50');
    const asked = askQuestion(pos.question, { passage: '', tokens: [], positions: table(2) });
    assert.equal(asked.choices[asked.answer], '2');
    assert.ok(Math.abs(asked.value - 0.8) < 1e-6);
    assert.throws(
      () => askQuestion(pos.question, { passage: '', tokens: [], positions: { count: 10, similarity: new Float32Array(100) } }),
      /does not reach position 50/,
    );
  });

  it('word order and senses: another experiment figure gives another answer', () => {
    for (const kind of ['wordOrder', 'senses'] as const) {
      const unit = builtIn('en').units.find((u) => u.question.kind === kind)!;
      const layers = (last: number, first: number) => [
        { layer: 0, cosine: first },
        { layer: 1, cosine: 0.5 },
        { layer: 2, cosine: last },
      ];
      // The unit asks about layer −1 (wordOrder) or 0 (senses): change only that layer's figure.
      const asked = (cosine: number) =>
        askQuestion(unit.question, { passage: '', tokens: [], layers: unit.question.layer === 0 ? layers(0.2, cosine) : layers(cosine, 0.2) });
      assert.equal(asked(1).answer, 0, `${kind}: cosine 1 is identical`);
      assert.equal(asked(0.99999).answer, 0, `${kind}: float rounding is still identical`);
      assert.equal(asked(0.97).answer, 1, `${kind}: below 1 is different`);
      assert.equal(asked(0.97).value, 0.97);
      assert.throws(() => askQuestion(unit.question, { passage: '', tokens: [] }), /measured no layer/);
    }
  });

  it('ablation: another ablated prediction gives another answer', () => {
    const unit = builtIn('en').units.find((u) => u.question.kind === 'ablation')!;
    const next = [
      { token: ' park', p: 0.4 },
      { token: ' garden', p: 0.3 },
    ];
    const same = askQuestion(unit.question, { passage: '', tokens: [], next, ablatedNext: [{ token: ' park', p: 0.35 }] });
    assert.equal(same.answer, 0);
    assert.equal(same.value, 0.35);
    assert.equal(askQuestion(unit.question, { passage: '', tokens: [], next, ablatedNext: [{ token: ' garden', p: 0.5 }] }).answer, 1);
    assert.throws(() => askQuestion(unit.question, { passage: '', tokens: [], next }), /with and without the heads/);
  });

  it('fine-tuning: another trained head gives another answer; a short labelled file is named', () => {
    const unit = builtIn('en').units.find((u) => u.question.kind === 'fineTune')!;
    const tuned = (label: string) => ({ labels: ['good', 'bad'], label, probability: 0.7, accuracy: 0.5, baseline: 0.5 });
    assert.equal(askQuestion(unit.question, { passage: '', tokens: [], fineTuned: tuned('good') }).answer, 0);
    assert.equal(askQuestion(unit.question, { passage: '', tokens: [], fineTuned: tuned('bad') }).answer, 1);
    assert.throws(() => askQuestion(unit.question, { passage: '', tokens: [] }), /gave no label/);
    const pack = { ...builtIn('en'), units: [unit] };
    const files = (labelled: string) => (file: string) => (file === unit.question.labelled ? labelled : (read('en')(file) ?? null));
    assert.deepEqual(
      checkPackFiles(pack, files('good\ta\nbad\tb\n')).map((say) => say(inEnglish)),
      ['unit fine-tuning: question.labelled: needs four or more lines "label<TAB>text" with two or more labels'],
    );
    assert.deepEqual(parseExamples('good\tnice one\n\nbad\t dull \n'), [
      { label: 'good', text: 'nice one' },
      { label: 'bad', text: 'dull' },
    ]);
    // A file saved with old Mac line ends (lone CRs), or mixed ones, has as many lines as the editor shows.
    for (const eol of ['\r', '\r\n'])
      assert.deepEqual(parseExamples(`good\tnice one${eol}bad\tdull${eol}`), [
        { label: 'good', text: 'nice one' },
        { label: 'bad', text: 'dull' },
      ]);
  });

  it('another model output gives another answer: nothing is read from the pack', () => {
    const unit = builtIn('en').units.find((u) => u.question.kind === 'mostAttended')!;
    const passage = unit.setup.select!;
    const tokens = [...passage.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length, special: false }));
    const query = rowsNeeded(unit.question, passage, tokens)[0];
    const weights = (strongest: number) => tokens.map((_, i) => (i === strongest ? 0.5 : 0.5 / (tokens.length - 1)));
    for (const strongest of [0, 2, tokens.length - 1]) {
      const asked = askQuestion(unit.question, { passage, tokens, rows: new Map([[query, weights(strongest)]]) });
      assert.equal(asked.choices[asked.answer], tokens[strongest].text);
    }
  });
});
