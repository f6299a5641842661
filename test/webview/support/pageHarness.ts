/**
 * Test-only code that runs inside the webview page (browser), bundled by the tests and installed
 * with addInitScript before the view's own script: a stand-in for VS Code's `acquireVsCodeApi`
 * that records what the view posts and keeps its state, a watch on every HTML-parsing sink and
 * CSP violation, and a builder that turns a compact JSON description into a ShownAnalysis with
 * real typed arrays (they cannot be sent from Node: Playwright passes JSON).
 */
import type { AnalysisResult, Candidate, TokenInfo } from '../../../src/protocol/analysis';
import type { ShownAnalysis, SourceRange } from '../../../src/protocol/webviewApi';

export type TokenSpec = string | { readonly text: string; readonly special?: boolean; readonly masked?: boolean; readonly id?: number };
export type CandidateSpec = readonly [token: string, p: number];

export interface AnalysisSpec {
  readonly id: number;
  readonly documentName?: string;
  readonly modelId?: string;
  readonly kind?: 'encoder' | 'decoder';
  readonly tokens: readonly TokenSpec[];
  readonly layers: number;
  readonly heads: number;
  readonly precision?: 'float32' | 'float16';
  /** Explicit matrices, `"layer/head"` → T×T row-major values; every other one follows `fill`. */
  readonly matrices?: Readonly<Record<string, readonly number[]>>;
  /** uniform rows; causal (uniform over keys ≤ query); pattern: a deterministic softmax-like row per (layer, head). */
  readonly fill?: 'uniform' | 'causal' | 'pattern';
  readonly layer?: number;
  readonly head?: number | null;
  readonly masked?: readonly { readonly position: number; readonly top: readonly CandidateSpec[] }[];
  readonly next?: readonly CandidateSpec[];
  readonly perToken?: readonly { readonly position: number; readonly p: number; readonly rank: number; readonly top: readonly CandidateSpec[] }[];
  readonly notices?: readonly string[];
}

/** Ways to break a well-formed analysis (the rejection tests). */
export type Tamper = 'float64-layer' | 'uint16-for-float32' | 'short-layer' | 'missing-ranges' | 'layer-out-of-range' | 'token-without-text' | 'too-few-layers';

export interface Harness {
  readonly posted: unknown[];
  state: unknown;
  readonly htmlSinks: string[];
  readonly cspViolations: string[];
  /** Posts a host notification envelope. */
  notify(method: string, params: unknown): void;
  /** Posts anything at all, as the host's channel would. */
  raw(message: unknown): void;
  analysis(spec: AnalysisSpec, tamper?: Tamper): void;
  /** Posts a `comparison` of two analyses built from specs, with an optional guess. */
  comparison(encoder: AnalysisSpec, decoder: AnalysisSpec, guess: unknown): void;
  /** Resolves after the message queue drained and `n` animation frames ran. */
  frames(n?: number): Promise<void>;
  /** Builds the analysis (untimed), then times from posting it to the heatmap's next paint, in ms. */
  timeAnalysis(spec: AnalysisSpec): Promise<number>;
  /** Times from changing a picker (`select` element by id) to the heatmap's next paint, in ms. */
  timePicker(id: string, value: string): Promise<number>;
}

export interface LensWindow {
  readonly __lens: Harness;
}

declare const __lensInit: { readonly state: unknown };

function install(): void {
  const harness: Harness = {
    posted: [],
    state: __lensInit.state,
    htmlSinks: [],
    cspViolations: [],
    notify: (method, params) => window.postMessage({ rpc: 'notify', method, params }, '*'),
    raw: (message) => window.postMessage(message, '*'),
    analysis: (spec, tamper) => harness.notify('analysis', buildAnalysis(spec, tamper)),
    comparison: (encoder, decoder, guess) => harness.notify('comparison', { encoder: buildAnalysis(encoder), decoder: buildAnalysis(decoder), guess }),
    frames: async (n = 2) => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (let i = 0; i < n; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
    },
    timeAnalysis: async (spec) => {
      const shown = buildAnalysis(spec);
      const start = performance.now();
      const before = paints();
      window.postMessage({ rpc: 'notify', method: 'analysis', params: shown }, '*');
      await untilPainted(before);
      return performance.now() - start;
    },
    timePicker: async (id, value) => {
      const select = document.getElementById(id) as HTMLSelectElement;
      const start = performance.now();
      const before = paints();
      select.value = value;
      select.dispatchEvent(new Event('change'));
      await untilPainted(before);
      return performance.now() - start;
    },
  };
  let acquired = false;
  Object.assign(window, {
    __lens: harness,
    acquireVsCodeApi: () => {
      if (acquired) throw new Error('acquireVsCodeApi may only be called once');
      acquired = true;
      return {
        // VS Code serializes what a webview posts; a copy also proves it is plain data.
        postMessage: (message: unknown) => harness.posted.push(JSON.parse(JSON.stringify(message))),
        getState: () => harness.state,
        setState: (state: unknown) => {
          harness.state = JSON.parse(JSON.stringify(state));
        },
      };
    },
  });
  watchSinks(harness.htmlSinks);
  document.addEventListener('securitypolicyviolation', (e) => harness.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
}

function paints(): number {
  return Number(document.querySelector<HTMLCanvasElement>('.heatmap-canvas')?.dataset.paints ?? 0);
}

async function untilPainted(before: number): Promise<void> {
  while (paints() <= before) await new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Records every use of an API that parses a string as HTML or code. */
function watchSinks(log: string[]): void {
  for (const name of ['innerHTML', 'outerHTML'] as const) {
    const d = Object.getOwnPropertyDescriptor(Element.prototype, name);
    if (!d?.set) continue;
    const set = d.set;
    Object.defineProperty(Element.prototype, name, { ...d, set(this: Element, v: string) { log.push(name); set.call(this, v); } });
  }
  const adjacent = Element.prototype.insertAdjacentHTML;
  Element.prototype.insertAdjacentHTML = function (this: Element, position: InsertPosition, text: string) {
    log.push('insertAdjacentHTML');
    adjacent.call(this, position, text);
  };
  const write = Document.prototype.write;
  Document.prototype.write = function (this: Document, ...text: string[]) {
    log.push('document.write');
    write.apply(this, text);
  };
  const parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (this: DOMParser, text: string, type: DOMParserSupportedType) {
    log.push('DOMParser');
    return parse.call(this, text, type);
  };
  const fragment = Range.prototype.createContextualFragment;
  Range.prototype.createContextualFragment = function (this: Range, text: string) {
    log.push('createContextualFragment');
    return fragment.call(this, text);
  };
}

function buildAnalysis(spec: AnalysisSpec, tamper?: Tamper): ShownAnalysis {
  const t = spec.tokens.length;
  const tokens: TokenInfo[] = [];
  const ranges: (SourceRange | null)[] = [];
  let offset = 0;
  spec.tokens.forEach((s, i) => {
    const token = typeof s === 'string' ? { text: s } : s;
    const special = token.special ?? false;
    const length = token.text.length;
    tokens.push({ text: token.text, id: token.id ?? 100 + i, special, masked: token.masked ?? false, start: special ? null : offset, end: special ? null : offset + length, word: special ? null : i });
    ranges.push(special ? null : { startLine: 0, startCharacter: offset, endLine: 0, endCharacter: offset + length });
    if (!special) offset += length;
  });
  const precision = spec.precision ?? 'float32';
  const probs = Array.from({ length: spec.layers }, (_, layer) => {
    const values = new Float32Array(spec.heads * t * t);
    for (let head = 0; head < spec.heads; head++) {
      const given = spec.matrices?.[`${layer}/${head}`];
      for (let q = 0; q < t; q++) {
        for (let k = 0; k < t; k++) values[(head * t + q) * t + k] = given ? given[q * t + k] : fillValue(spec.fill ?? 'uniform', layer, head, q, k, t);
      }
    }
    return precision === 'float16' ? toHalf(values) : values;
  });
  const candidates = (list: readonly CandidateSpec[] | undefined): Candidate[] => (list ?? []).map(([token, p], i) => ({ token, id: 1000 + i, p }));
  const result: AnalysisResult = {
    model: { id: spec.modelId ?? 'tiny-test-model', kind: spec.kind ?? 'encoder', modelType: 'bert', layers: spec.layers, heads: spec.heads, maxPositions: 512, vocabSize: 4096, maskToken: '[MASK]' },
    tokens,
    attention: { layers: spec.layers, heads: spec.heads, length: t, precision, probs, scores: null },
    predictions: {
      masked: (spec.masked ?? []).map((m) => ({ position: m.position, top: candidates(m.top) })),
      next: candidates(spec.next),
      perToken: (spec.perToken ?? []).map((s) => ({ position: s.position, p: s.p, rank: s.rank, surprisal: -Math.log2(s.p), top: candidates(s.top) })),
    },
    analyzed: { start: 0, end: offset },
    notices: [...(spec.notices ?? [])],
    timings: { tokenizeMs: 1, runMs: 2, postMs: 3 },
  };
  const shown = {
    id: spec.id,
    document: { uri: 'untitled:Untitled-1', name: spec.documentName ?? 'river.txt', languageId: 'plaintext', version: 1 },
    result,
    ranges,
    layer: spec.layer ?? 0,
    head: spec.head === undefined ? null : spec.head,
  };
  return tamper ? (breakAnalysis(shown, tamper) as ShownAnalysis) : shown;
}

function breakAnalysis(shown: ShownAnalysis, tamper: Tamper): unknown {
  const a = shown.result.attention;
  const withAttention = (attention: unknown): unknown => ({ ...shown, result: { ...shown.result, attention } });
  switch (tamper) {
    case 'float64-layer':
      return withAttention({ ...a, probs: a.probs.map((p) => Float64Array.from(p)) });
    case 'uint16-for-float32':
      return withAttention({ ...a, probs: a.probs.map((p) => new Uint16Array(p.length)) });
    case 'short-layer':
      return withAttention({ ...a, probs: a.probs.map((p) => p.slice(1)) });
    case 'too-few-layers':
      return withAttention({ ...a, probs: a.probs.slice(1) });
    case 'missing-ranges': {
      const { ranges: _ranges, ...rest } = shown;
      return rest;
    }
    case 'layer-out-of-range':
      return { ...shown, layer: a.layers };
    case 'token-without-text':
      return { ...shown, result: { ...shown.result, tokens: shown.result.tokens.map((tk, i) => (i === 0 ? { ...tk, text: undefined } : tk)) } };
  }
}

function fillValue(fill: 'uniform' | 'causal' | 'pattern', layer: number, head: number, q: number, k: number, t: number): number {
  if (fill === 'uniform') return 1 / t;
  if (fill === 'causal') return k <= q ? 1 / (q + 1) : 0;
  // A peaked row that moves with layer and head, normalised like a softmax row (approximately).
  const centre = (q + layer + 2 * head) % t;
  const d = Math.abs(k - centre);
  return Math.exp(-d) / 2.2;
}

/** float32 → IEEE 754 half bits, rounding to nearest (test data only). */
function toHalf(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < values.length; i++) {
    f[0] = values[i];
    const x = u[0];
    const sign = (x >>> 16) & 0x8000;
    const exponent = ((x >>> 23) & 0xff) - 127 + 15;
    const mantissa = x & 0x7fffff;
    if (exponent >= 31) out[i] = sign | 0x7c00;
    else if (exponent <= 0) out[i] = sign | (exponent < -10 ? 0 : Math.round((mantissa | 0x800000) / 2 ** (14 - exponent)));
    else out[i] = sign | ((exponent << 10) + Math.round(mantissa / 8192)); // a rounding carry moves into the exponent
  }
  return out;
}

install();
