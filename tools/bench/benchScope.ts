// Times what an empty selection reads around the cursor (textScope.ts) on a long document (Node, no VS Code):
// a 600,000-line TypeScript file, plain text and Markdown with code fences, plain text with no blank line (one
// paragraph of every line, as a log or a text pasted without breaks), the cursor near the start, the middle
// and the end. `npx tsx tools/bench/benchScope.ts [lines]`.
import { blockAround, scopeAround, wordContext } from '../../src/host/analyses/textScope';

const LINES = Number(process.argv[2] ?? 600_000);

function build(kind: 'typescript' | 'plaintext' | 'markdown' | 'paragraph'): string {
  const out: string[] = [];
  for (let i = 0; i < LINES; i++) {
    if (kind === 'typescript') out.push(i % 7 === 6 ? '' : `  const v${i} = compute(${i}, options); // line ${i}`);
    else if (kind === 'plaintext') out.push(i % 5 === 4 ? '' : `La frase ${i} habla del río y de su orilla.`);
    else if (kind === 'paragraph') out.push(`La frase ${i} habla del río y de su orilla.`);
    else if (i % 40 === 10) out.push('```ts');
    else if (i % 40 === 30) out.push('```');
    else out.push(i % 40 > 10 && i % 40 < 30 ? `const v${i} = f(${i});` : i % 6 === 5 ? '' : `Text of line ${i}.`);
  }
  return out.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

const cases = [
  ['typescript', undefined],
  ['plaintext', undefined],
  ['markdown', undefined],
  // As the extension host calls it: the open document is given, its fences found once per version.
  ['markdown', { version: 1 }],
  ['paragraph', undefined],
] as const;
for (const [kind, key] of cases) {
  const text = build(kind);
  for (const where of [0.001, 0.5, 0.999]) {
    const offset = Math.floor(text.length * where);
    const times: Record<string, number[]> = { scopeAround: [], blockAround: [], wordContext: [] };
    // The median of 7 runs: a cached run is the rule, the first one the exception.
    for (let run = 0; run < 7; run++) {
      // A fresh copy of the text each run, as document.getText() gives: no cache may key on the string object.
      const fresh = (text + ' ').slice(0, -1);
      for (const [name, f] of [
        ['scopeAround', scopeAround],
        ['blockAround', blockAround],
        ['wordContext', wordContext],
      ] as const) {
        const t0 = performance.now();
        f(fresh, offset, kind === 'paragraph' ? 'plaintext' : kind, key);
        times[name].push(performance.now() - t0);
      }
    }
    const cells = Object.entries(times).map(([name, xs]) => `${name} ${median(xs).toFixed(2)} ms`);
    console.log(`${kind.padEnd(10)}${key ? ' (document given)' : ''} ${LINES} lines, cursor at ${(where * 100).toFixed(1).padStart(5)}%: ${cells.join(', ')}`);
  }
}
