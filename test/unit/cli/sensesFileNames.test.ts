// `senses` over several files names each occurrence by its file. A hostile file name (an escape
// sequence in it) was written JSON-escaped there ("\u001b[31m"), where every other line the CLI
// prints about a file shows it as the neutraliser does ("\x1B[31m"): one style everywhere.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SensesResult } from '../../../src/protocol/reprViews';
import { neutralise } from '../../../src/protocol/neutralise';
import { sensesText } from '../../../src/cli/senses';
import { bancoSenses } from './sensesResult';

const result = bancoSenses({ sources: [0, 1] });

describe('senses: file names in the occurrences line', () => {
  it('a hostile name is shown as the neutraliser shows it, not JSON-escaped', () => {
    const hostile = 'a\u001b[31mred\u202e.txt';
    const line = sensesText(result, ['banco', 'banco'], [`/tmp/${hostile}`, '/tmp/b.txt']).find((l) => l.startsWith('occurrences')) ?? '';
    assert.ok(line.includes(`${neutralise(hostile)}:1`), line);
    assert.ok(line.includes('\\x1B[31m'), line);
    assert.ok(!line.includes('\\u001b'), line);
    assert.ok(!line.includes('\u001b') && !line.includes('\u202e'), 'nothing raw');
    assert.ok(line.includes('b.txt:1'), line);
  });
});

describe('senses: the occurrences line of many occurrences', () => {
  it('lists the first places and how many in all, not 200 places on one line', () => {
    const n = 12;
    const many = {
      ...result,
      occurrences: Array.from({ length: n }, (_, i) => ({ source: 0, start: i * 10, end: i * 10 + 5, ids: [1], window: { start: 0, end: 200 } })),
      found: n,
      layers: [
        { ...result.layers[0], cosine: new Float32Array(n * n).fill(1), clusters: new Array<number>(n).fill(0), nearest: Array.from({ length: n }, () => []) },
      ],
    } as unknown as SensesResult;
    const text = 'banco....\n'.repeat(n);
    const line = sensesText(many, [text], ['/tmp/many.txt']).find((l) => l.startsWith('occurrences')) ?? '';
    assert.equal(line.match(/line \d+/g)?.length, 5, line);
    assert.ok(line.startsWith('occurrences  line 1, line 2, line 3, line 4, line 5'), line);
    assert.match(line, /… \(12 in all\)$/, line);
  });
});
