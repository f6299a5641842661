// The whole numbers of the engine's requests (protocol/engineParams.ts): every field of the table
// refuses each hostile value with a sentence naming the method and the field, and takes its bounds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINE_NUMBERS, engineNumbersProblem, wholeProblem } from '../../../src/protocol/engineParams';

/** Params of `method` with its required fields at their least value and `value` at the dotted `path`. */
function paramsWith(method: string, path: string, value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const put = (where: string, v: unknown): void => {
    const steps = where.split('.');
    let node = root;
    for (const step of steps.slice(0, -1)) node = (node[step] ??= {}) as Record<string, unknown>;
    node[steps[steps.length - 1]] = v;
  };
  for (const [other, bounds] of Object.entries(ENGINE_NUMBERS[method] ?? {})) if (!bounds.optional) put(other, bounds.min);
  put(path, value);
  return root;
}

const HOSTILE: unknown[] = [Number.NaN, -1, 2.5, -0.5, Infinity, -Infinity, '5', '', null, true, {}, [3], 1e-9];
const fields = Object.entries(ENGINE_NUMBERS).flatMap(([method, table]) => Object.entries(table ?? {}).map(([path, bounds]) => ({ method, path, bounds })));

describe('engineNumbersProblem', () => {
  it('covers the numbers the engine read unchecked', () => {
    const named = fields.map((f) => `${f.method} ${f.path}`);
    for (const must of [
      'analyze request.topK',
      'analyze request.focus',
      'analyze request.maxTokens',
      'lens topK',
      'qkvWindow head',
      'qkvWindow query',
      'fillWords search.limit',
      'configure threads',
    ])
      assert.ok(named.includes(must), must);
  });

  for (const { method, path, bounds } of fields) {
    it(`${method}: ${path} refuses NaN, fractions, negatives, ±Infinity, strings, null and objects, and values past its bounds`, () => {
      for (const value of [...HOSTILE, bounds.min - 1, bounds.max + 1]) {
        const problem = engineNumbersProblem(method, paramsWith(method, path, value));
        assert.ok(problem, `${method} ${path} = ${String(value)} passed`);
        assert.ok(problem.startsWith(`${method}: ${path} must be a whole number `), problem);
      }
      assert.match(engineNumbersProblem(method, paramsWith(method, path, Number.NaN)) ?? '', /, got NaN$/);
      assert.match(engineNumbersProblem(method, paramsWith(method, path, '5')) ?? '', /, got "5"$/);
    });

    it(`${method}: ${path} takes its least and greatest value${bounds.optional ? ', and its absence' : ''}`, () => {
      assert.equal(engineNumbersProblem(method, paramsWith(method, path, bounds.min)), null);
      assert.equal(engineNumbersProblem(method, paramsWith(method, path, bounds.max)), null);
      const absent = paramsWith(method, path, undefined);
      if (bounds.optional) assert.equal(engineNumbersProblem(method, absent), null);
      else assert.match(engineNumbersProblem(method, absent) ?? '', new RegExp(`^${method}: ${path} must be a whole number .*, got undefined$`));
    });
  }

  it('lets methods without whole numbers, and unknown ones, through to their handlers', () => {
    assert.equal(engineNumbersProblem('ping', null), null);
    assert.equal(engineNumbersProblem('toString', { topK: Number.NaN }), null, 'no inherited key is a method');
  });

  it('a range past the text is the engine’s to refuse: here only its shape is checked', () => {
    assert.equal(engineNumbersProblem('analyze', { request: { text: 'ab', range: { start: 5, end: 9 } } }), null);
    assert.equal(engineNumbersProblem('analyze', { request: { text: 'ab', focus: 1e9 } }), null, 'a focus past the end is clamped by the engine');
    assert.equal(wholeProblem('focus', -3, { min: 0, max: Number.MAX_SAFE_INTEGER }), 'focus must be a whole number ≥ 0, got -3');
    assert.equal(wholeProblem('topK', [5], { min: 1, max: 50 }), 'topK must be a whole number from 1 to 50, got a list');
  });
});
