// The tokenizer's normalization with an index map (step 2 of the design in align.ts): every normalized code
// unit keeps the [start, end) of the original text it came from. Engine runtime (plain Node).
import type { NormalizerObject } from './tokenizerInfo';

/** Normalized pieces, each with the original [start, end) it came from. */
interface Pieces {
  parts: string[];
  starts: number[];
  ends: number[];
}
export interface NormMap {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
} // per normalized code unit
export const cpLength = (s: string, i: number): number => (s.codePointAt(i)! > 0xffff ? 2 : 1);

function initialPieces(text: string, clusters: boolean): Pieces {
  const p: Pieces = { parts: [], starts: [], ends: [] };
  for (let i = 0, j; i < text.length; i = j) {
    j = i + cpLength(text, i);
    while (clusters && j < text.length && /\p{M}/u.test(String.fromCodePoint(text.codePointAt(j)!))) j += cpLength(text, j);
    p.parts.push(text.slice(i, j));
    p.starts.push(i);
    p.ends.push(j);
  }
  return p;
}

function applyStep(p: Pieces, step: NormalizerObject): Pieces {
  const c = step.config ?? {};
  if (c.type === 'Prepend') {
    const at = p.starts[0] ?? 0;
    return p.parts.some((s) => s.length > 0) ? { parts: [c.prepend ?? '', ...p.parts], starts: [at, ...p.starts], ends: [at, ...p.ends] } : p;
  }
  if (c.type === 'Strip') {
    const parts = p.parts.slice();
    if (c.strip_left)
      for (let k = 0; k < parts.length; k++) {
        parts[k] = parts[k]!.trimStart();
        if (parts[k]) break;
      }
    if (c.strip_right)
      for (let k = parts.length - 1; k >= 0; k--) {
        parts[k] = parts[k]!.trimEnd();
        if (parts[k]) break;
      }
    return { ...p, parts };
  }
  if (c.type === 'Replace') return replacePieces(p, step.pattern ?? null, c.content ?? '');
  return { ...p, parts: p.parts.map((s) => (s.length > 0 ? step.normalize(s) : s)) };
}

/** Whole-string regex replacement; a match maps to the union of the ranges it consumed. */
function replacePieces(p: Pieces, pattern: RegExp | null, content: string): Pieces {
  if (!pattern?.global) return p;
  const joined = p.parts.join(''),
    owner: number[] = [];
  p.parts.forEach((s, k) => {
    for (let i = 0; i < s.length; i++) owner.push(k);
  });
  const out: Pieces = { parts: [], starts: [], ends: [] };
  const push = (part: string, start: number, end: number): void => {
    out.parts.push(part);
    out.starts.push(start);
    out.ends.push(end);
  };
  const keep = (from: number, to: number): void => {
    for (let i = from, j; i < to; i = j) {
      const k = owner[i]!;
      for (j = i; j < to && owner[j] === k;) j++;
      push(joined.slice(i, j), p.starts[k]!, p.ends[k]!);
    }
  };
  let last = 0;
  for (const m of joined.matchAll(pattern)) {
    const at = m.index ?? 0,
      len = m[0].length;
    keep(last, at);
    const start = p.starts[owner[at] ?? p.parts.length - 1] ?? 0;
    push(content, start, len > 0 ? p.ends[owner[at + len - 1]!]! : start);
    last = at + len;
  }
  keep(last, joined.length);
  return out;
}

function toMap(p: Pieces): NormMap {
  const text = p.parts.join('');
  const starts = new Int32Array(text.length),
    ends = new Int32Array(text.length);
  let u = 0;
  p.parts.forEach((s, k) => {
    for (let i = 0; i < s.length; i++, u++) {
      starts[u] = p.starts[k]!;
      ends[u] = p.ends[k]!;
    }
  });
  return { text, starts, ends };
}

/** Maps each code unit of `real` onto `mine`'s ranges across local differences (a rare fallback). */
function resync(real: string, mine: NormMap): NormMap {
  const starts = new Int32Array(real.length),
    ends = new Int32Array(real.length);
  for (let i = 0, j = 0; i < real.length; i++) {
    let consume = true;
    if (mine.text[j] !== real[i]) {
      const ahead = mine.text.slice(j + 1, j + 9).indexOf(real[i]!);
      if (ahead >= 0)
        j += ahead + 1; // mine has extra characters here
      else if (real[i + 1] === mine.text[j]) consume = false; // real has an extra character
    }
    const k = Math.min(j, mine.text.length - 1);
    starts[i] = k >= 0 ? mine.starts[k]! : 0;
    ends[i] = k >= 0 ? mine.ends[k]! : 0;
    if (consume) j++;
  }
  return { text: real, starts, ends };
}

export function normalizeMapped(text: string, steps: readonly NormalizerObject[]): NormMap {
  const identity = (): NormMap => toMap(initialPieces(text, false));
  if (steps.length === 0) return identity();
  let real: string | null = null,
    mapped: NormMap | null = null;
  try {
    real = steps.reduce((t, step) => step.normalize(t), text);
    for (const clusters of [false, true]) {
      mapped = toMap(steps.reduce(applyStep, initialPieces(text, clusters)));
      if (mapped.text === real) return mapped;
    }
  } catch {
    // a normalizer that rejects a fragment: resync from whatever was mapped
  }
  return real !== null ? resync(real, mapped ?? identity()) : identity();
}
