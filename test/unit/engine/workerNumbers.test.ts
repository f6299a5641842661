// The worker bundle (dist/worker.cjs) under hostile numbers, as settings or a malformed message could
// send them: each is refused at once with a bad-input EngineError that names the parameter, and the
// same worker keeps serving. Before the check at the worker's door a focus of NaN hung the worker,
// a maxTokens of NaN failed with a TypeError, a topK of NaN or -1 answered no candidates, and a
// qkvWindow head of -1 or "5" answered a slice of the wrong rows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EngineError } from '../../../src/engine/errors';
import { EngineClient } from '../../../src/engine/workerClient';
import { built } from '../../support/build';
import { fixture, scratch } from '../../support/paths';

const HOSTILE: unknown[] = [Number.NaN, -1, 2.5, 1e9, '5', null];
const text = 'The river bank was steep, and the water ran fast.';
const model = fixture('tiny-gpt2');

describe('the worker refuses hostile numbers at its door', () => {
  let client: EngineClient;
  let key: number;
  let pid: number | null;

  before(async () => {
    client = new EngineClient({ workerPath: built('worker.cjs'), settings: { cacheDir: scratch(), precision: 'float32' } });
    // A hang shows as a timeout long before the test runner's own.
    client.timeoutMs = 15_000;
    key = (await client.request('analyzeKept', { model, request: { text, hidden: true } })).attention.key;
    pid = client.pid;
  });
  after(() => client.dispose());

  const refused = (field: string, value: unknown) => (e: unknown) =>
    e instanceof EngineError &&
    e.code === 'bad-input' &&
    e.message.includes(`${field} must be a whole number`) &&
    e.message.endsWith(`got ${typeof value === 'string' ? `"${value}"` : String(value)}`);

  for (const value of HOSTILE) {
    const n = value as number;
    it(`${String(value)}: analyze's topK, maxTokens and focus, the lens's topK, qkvWindow's head and query, a search's limit`, async () => {
      const asks: [string, () => Promise<unknown>][] = [
        ['request.topK', () => client.request('analyze', { model, request: { text, topK: n } })],
        ['request.maxTokens', () => client.request('analyzeKept', { model, request: { text, maxTokens: n } })],
        ['request.focus', () => client.request('measure', { model, request: { text, focus: n } })],
        ['topK', () => client.request('lens', { key, positions: [2], topK: n })],
        ['head', () => client.request('qkvWindow', { key, layer: 0, head: n, query: 1 })],
        ['query', () => client.request('qkvWindow', { key, layer: 0, head: 0, query: n })],
        ['search.limit', () => client.request('completeWords', { model, request: { text }, search: { limit: n } })],
      ];
      for (const [field, ask] of asks) {
        if (value === 1e9 && field === 'request.focus') {
          await ask(); // within its bounds: a focus past the end of the text is clamped to it
          continue;
        }
        await assert.rejects(ask(), refused(field, value), `${field} = ${String(value)}`);
      }
      assert.equal((await client.request('ping', null)).pid, pid, 'the same worker still serves');
    });
  }

  it('refuses settings that would break every later run, and keeps the ones it had', async () => {
    for (const [name, value] of [
      ['topK', Number.NaN],
      ['topK', 2.5],
      ['threads', -1],
      ['keepBytes', Number.NaN],
    ] as const)
      await assert.rejects(client.configure({ cacheDir: scratch(), [name]: value }), refused(name, value), `${name} = ${value}`);
    const again = await client.request('analyze', { model, request: { text, topK: 3 } });
    assert.equal(again.predictions.next.length, 3);
    assert.equal(client.pid, pid);
  });

  it('settings refused as the engine starts are reported, each named, as a later configure reports them', async () => {
    const settings = { cacheDir: scratch(), threads: -1, keepBytes: Number.NaN };
    const reported: EngineError[] = [];
    const starting = new EngineClient({ workerPath: built('worker.cjs'), settings, onSettingsRefused: (e) => reported.push(e) });
    try {
      // The configure that starts the engine is answered before this request (one channel, in order).
      await starting.request('ping', null);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(reported.length, 1, 'the starting configure’s refusal is reported once');
      const [error] = reported;
      assert.equal(error.code, 'bad-input');
      assert.equal(error.message, 'configure: threads must be a whole number from 1 to 1024, got -1; keepBytes must be a whole number ≥ 0, got NaN');
      await assert.rejects(starting.configure(settings), (later: unknown) => later instanceof EngineError && later.message === error.message);
      assert.equal(reported.length, 1, 'a later configure rejects instead');
    } finally {
      await starting.dispose();
    }
  });
});
