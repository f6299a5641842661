// The pure parts of whole-word search (words/beam.ts, words/pieces.ts): the beam keeps the best
// paths by joint log-probability and drops the ones that cannot make a word; a filler must keep the
// masked word's shape (its own leading space or none) and be a word — no newline, no space run, no
// piece glued to nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { beamSearch, type Path, type Step } from '../../../src/engine/words/beam';
import { fitsWord, shapeOf } from '../../../src/engine/words/pieces';

/** A toy model: id → text, and per position a fixed distribution conditioned on the previous id. */
const TEXT: Record<number, string> = { 1: ' b', 2: 'ank', 3: 'ity', 4: '\n', 5: ' river', 6: 'oat', 7: ' ' };
const join = (ids: readonly number[]): string => ids.map((id) => TEXT[id]).join('');
const log = Math.log;

describe('beam search over masked positions', () => {
  it('fills left to right, scores the sum of log-probabilities and keeps the best paths', async () => {
    const calls: number[][][] = [];
    const expand = async (paths: readonly Path[], index: number): Promise<Step[][]> => {
      calls.push(paths.map((p) => [...p.ids]));
      if (index === 0)
        return paths.map(() => [
          { id: 3, logP: log(0.5) },
          { id: 1, logP: log(0.3) },
          { id: 4, logP: log(0.2) },
        ]);
      return paths.map((p) =>
        p.ids[0] === 1
          ? [
              { id: 2, logP: log(0.9) },
              { id: 6, logP: log(0.1) },
            ]
          : [{ id: 2, logP: log(0.5) }],
      );
    };
    const shape = shapeOf(' bank');
    const paths = await beamSearch({ length: 2, width: 2, keep: 5, expand, fits: (ids, done) => fitsWord(join(ids), shape, done) });
    assert.deepEqual(
      paths.map((p) => join(p.ids)),
      [' bank', ' boat'],
      '"ity" and a newline cannot start " bank": only " b" survives the first step',
    );
    assert.ok(Math.abs(paths[0].logP - log(0.3 * 0.9)) < 1e-12);
    assert.ok(Math.abs(paths[1].logP - log(0.3 * 0.1)) < 1e-12);
    assert.deepEqual(calls, [[[]], [[1]]], 'the second step runs only the surviving prefix');
  });

  it('a floor: a path below it is not expanded, and the paths above it are the same as without one', async () => {
    const calls: number[][][] = [];
    const expand = async (paths: readonly Path[], index: number): Promise<Step[][]> => {
      calls.push(paths.map((p) => [...p.ids]));
      if (index === 0)
        return paths.map(() => [
          { id: 1, logP: log(0.6) },
          { id: 5, logP: log(0.01) },
        ]);
      return paths.map(() => [
        { id: 2, logP: log(0.9) },
        { id: 6, logP: log(0.1) },
      ]);
    };
    const fits = (): boolean => true;
    const all = await beamSearch({ length: 2, width: 2, keep: 5, expand, fits });
    calls.length = 0;
    const floored = await beamSearch({ length: 2, width: 2, keep: 5, expand, fits, floor: log(0.05) });
    assert.deepEqual(calls, [[[]], [[1]]], 'the path at 0.01 is not run again');
    assert.deepEqual(
      floored,
      all.filter((p) => p.logP >= log(0.05)),
    );
  });

  it('returns no path when nothing fits, and never a path shorter than the length', async () => {
    const expand = async (paths: readonly Path[]): Promise<Step[][]> => paths.map(() => [{ id: 4, logP: log(1) }]);
    assert.deepEqual(await beamSearch({ length: 2, width: 3, keep: 3, expand, fits: (ids, done) => fitsWord(join(ids), shapeOf(' x'), done) }), []);
  });
});

describe('what fits a masked word', () => {
  it('keeps the leading space of the masked word: a word that starts with its own space needs one', () => {
    const own = shapeOf(' bank');
    assert.equal(fitsWord(' boat', own, true), true);
    assert.equal(fitsWord('ity', own, true), false, 'a piece glued to nothing');
    assert.equal(fitsWord('\n', own, false), false);
    assert.equal(fitsWord('  boat', own, true), false, 'a space run');
    assert.equal(fitsWord(' ', own, false), true, 'a bare space piece may start it…');
    assert.equal(fitsWord(' ', own, true), false, '…but is not a word');
    assert.equal(fitsWord(' b', own, false), true);
    assert.equal(fitsWord(' b.', own, false), false, 'punctuation');
  });

  it('a word glued to the space piece before it starts without a space', () => {
    const glued = shapeOf('river');
    assert.equal(fitsWord('lake', glued, true), true);
    assert.equal(fitsWord(' lake', glued, true), false);
    assert.equal(fitsWord("don't", glued, true), true);
    assert.equal(fitsWord("don'", glued, true), false);
    assert.equal(fitsWord("don'", glued, false), true);
    assert.equal(fitsWord('ma\uFFFD', glued, false), true, 'half a character may still be completed');
    assert.equal(fitsWord('ma\uFFFD', glued, true), false);
    assert.equal(fitsWord('año', glued, true), true);
  });

  it('a selection of several words takes a phrase with single spaces', () => {
    const phrase = shapeOf(' river bank');
    assert.equal(phrase.phrase, true);
    assert.equal(fitsWord(' old mill', phrase, true), true);
    assert.equal(fitsWord(' old ', phrase, false), true);
    assert.equal(fitsWord(' old  mill', phrase, true), false);
    assert.equal(fitsWord(' old mill', shapeOf(' bank'), true), false, 'a single word takes no phrase');
  });
});
