/**
 * What the representation lessons read from a loaded model's ONNX graph (engine runtime): its
 * learned position table (the initializer a Gather looks positions up in), its rotary frequencies
 * where it rotates instead, and its weight initializers for the parameter count. The graph is the
 * patched file the session runs; the patcher's own initializers (`lens.*`) are not the model's and
 * are skipped. Read once per loaded model; only the results are kept, not the decoded graph.
 *
 *   const facts = await graphFacts(model);
 *   facts.table?.data.subarray(0, facts.table.width); // row 0 of the position table
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { onnx } from 'onnx-proto';
import { layerToFloat32 } from '../../protocol/analysis';
import type { ModelScale } from '../../protocol/representations';
import { EngineError } from '../errors';
import type { LoadedModel } from '../model';
import { shownPath } from '../paths';
import { collect, positionGather } from '../onnx/positionTable';
import { proto } from '../onnx/proto';

const DT = proto.TensorProto.DataType;
/** Element types of weights (int8/uint8: quantized weights); int64/int32/bool initializers are shapes and indices. */
const WEIGHT_BYTES = new Map<number, number>([
  [DT.FLOAT, 4],
  [DT.FLOAT16, 2],
  [DT.BFLOAT16, 2],
  [DT.DOUBLE, 8],
  [DT.INT8, 1],
  [DT.UINT8, 1],
]);

export interface PositionTable {
  readonly name: string;
  readonly rows: number;
  readonly width: number;
  /** rows × width, row-major, dequantized where the graph stores it quantized. */
  readonly data: Float32Array;
}

export interface GraphFacts {
  readonly table: PositionTable | null;
  /** The rotary inverse frequencies the graph holds (an `inv_freq` initializer), if any. */
  readonly rotaryFrequencies: readonly number[] | null;
  readonly weights: Pick<ModelScale, 'parameters' | 'stored' | 'weightBytes' | 'copies'>;
}

const cache = new WeakMap<LoadedModel, Promise<GraphFacts>>();

export function graphFacts(model: LoadedModel): Promise<GraphFacts> {
  let pending = cache.get(model);
  if (!pending) {
    pending = readFacts(model);
    cache.set(model, pending);
    pending.catch(() => cache.delete(model));
  }
  return pending;
}

/** The graph file the model's session runs. */
export function graphFile(model: LoadedModel): string {
  return path.join(model.patched.folder, 'onnx', 'model_attn.onnx');
}

/**
 * The graph fields of the model's patched graph (graphFields). One that cannot be read is named by
 * its cache entry's folder (shownPath) and why in a word (Node's code, or not an ONNX graph), with
 * what to do: the entry's manifest still reads complete, so only removing it patches the model anew.
 */
export async function readGraphs(model: LoadedModel): Promise<onnx.GraphProto[]> {
  try {
    return graphFields(await readFile(graphFile(model)));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? 'not an ONNX graph';
    throw new EngineError(
      'model-corrupt',
      `model ${shownPath(model.facts.id)}: its patched graph cannot be read (${why}) in ${shownPath(model.patched.folder)}; delete that folder and load the model again: it is patched anew`,
      { cause: error },
    );
  }
}

async function readFacts(model: LoadedModel): Promise<GraphFacts> {
  const graphs = await readGraphs(model);
  const nodes: onnx.INodeProto[] = [];
  const inits = new Map<string, onnx.ITensorProto>();
  for (const graph of graphs) collect(graph, nodes, inits);
  return { table: findTable(model, nodes, inits), rotaryFrequencies: inverseFrequencies(inits), weights: countWeights(nodes, inits) };
}

/**
 * The ModelProto's graph fields (7), each decoded. The patcher appends its nodes as a second graph
 * field (graphBuild.ts appendGraph), which protobuf readers merge but protobufjs's decode would
 * let replace the first, so the fields are found by walking the message's top level.
 */
export function graphFields(bytes: Uint8Array): onnx.GraphProto[] {
  const graphs: onnx.GraphProto[] = [];
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      if (at >= bytes.length) throw new Error('truncated varint');
      const b = bytes[at++];
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const wire = key % 8;
    if (wire === 0) varint();
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const length = varint();
      if (at + length > bytes.length) throw new Error('truncated field');
      if (Math.floor(key / 8) === 7) graphs.push(proto.GraphProto.decode(bytes.subarray(at, at + length)));
      at += length;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  if (graphs.length === 0) throw new Error('no graph');
  return graphs;
}

const elements = (t: onnx.ITensorProto): number => (t.dims ?? []).reduce<number>((n, d) => n * Number(d), 1);
const dimsOf = (t: onnx.ITensorProto): number[] => (t.dims ?? []).map(Number);

function rawBytes(t: onnx.ITensorProto): Uint8Array | null {
  if (t.dataLocation === proto.TensorProto.DataLocation.EXTERNAL) return null;
  return t.rawData && t.rawData.length > 0 ? t.rawData : null;
}

/** A tensor's values as float32 (float, float16, bfloat16, double, int8/uint8 as numbers). */
export function tensorValues(t: onnx.ITensorProto, label: string): Float32Array {
  if (t.dataLocation === proto.TensorProto.DataLocation.EXTERNAL) {
    throw new EngineError('unsupported-architecture', `${label}: ${t.name} is stored outside the graph file (external data), which this view does not read`);
  }
  const n = elements(t);
  const raw = rawBytes(t);
  const copy = raw ? new Uint8Array(raw).buffer : null; // a copy: aligned, and not a view into a pooled Buffer
  switch (t.dataType) {
    case DT.FLOAT:
      return copy ? new Float32Array(copy, 0, n) : Float32Array.from(t.floatData ?? []);
    case DT.DOUBLE:
      return copy ? Float32Array.from(new Float64Array(copy, 0, n)) : Float32Array.from(t.doubleData ?? []);
    case DT.FLOAT16:
      return layerToFloat32(copy ? new Uint16Array(copy, 0, n) : Uint16Array.from(t.int32Data ?? []), 'float16');
    case DT.BFLOAT16: {
      const bits = copy ? new Uint16Array(copy, 0, n) : Uint16Array.from(t.int32Data ?? []);
      const out = new Float32Array(n);
      new Uint32Array(out.buffer).set(Array.from(bits, (b) => b << 16));
      return out;
    }
    case DT.INT8:
      return Float32Array.from(copy ? new Int8Array(copy, 0, n) : (t.int32Data ?? []));
    case DT.UINT8:
      return Float32Array.from(copy ? new Uint8Array(copy, 0, n) : (t.int32Data ?? []));
    default:
      throw new EngineError('unsupported-architecture', `${label}: ${t.name} has element type ${t.dataType}, not a float or 8-bit weight`);
  }
}

/** Which node outputs each name feeds (for the quantized table's DequantizeLinear). */
function consumersOf(nodes: readonly onnx.INodeProto[], name: string): onnx.INodeProto[] {
  return nodes.filter((n) => (n.input ?? []).includes(name));
}

/** The position table (onnx/positionTable.ts), its values dequantized where the graph stores it quantized. */
function findTable(model: LoadedModel, nodes: readonly onnx.INodeProto[], inits: ReadonlyMap<string, onnx.ITensorProto>): PositionTable | null {
  const found = positionGather(nodes, inits);
  if (!found) return null;
  const { gather: traced, tensor } = found;
  const [rows, width] = dimsOf(tensor);
  const label = shownPath(model.facts.id);
  let data = tensorValues(tensor, label);
  if (tensor.dataType === DT.INT8 || tensor.dataType === DT.UINT8)
    data = dequantize(data, consumersOf(nodes, traced.output?.[0] ?? ''), inits, label, tensor.name ?? '');
  return { name: tensor.name ?? '', rows, width, data };
}

/** A quantized table's values: (q − zero point) × scale of the DequantizeLinear that follows its Gather (one scale per tensor). */
function dequantize(
  q: Float32Array,
  consumers: readonly onnx.INodeProto[],
  inits: ReadonlyMap<string, onnx.ITensorProto>,
  label: string,
  name: string,
): Float32Array {
  const dq = consumers.find((n) => n.opType === 'DequantizeLinear');
  const scale = inits.get(dq?.input?.[1] ?? '');
  const zero = inits.get(dq?.input?.[2] ?? '');
  if (!dq || !scale || elements(scale) !== 1 || (zero && elements(zero) !== 1)) {
    throw new EngineError('unsupported-architecture', `${label}: the position table ${name} is quantized without a single scale this view can undo`);
  }
  const s = tensorValues(scale, label)[0];
  const z = zero ? tensorValues(zero, label)[0] : 0;
  return q.map((v) => (v - z) * s);
}

function inverseFrequencies(inits: ReadonlyMap<string, onnx.ITensorProto>): number[] | null {
  for (const [name, t] of inits) if (/inv_freq/i.test(name) && WEIGHT_BYTES.has(t.dataType ?? 0)) return Array.from(tensorValues(t, name));
  return null;
}

/** Whether a is b's values (same shape) or b's transpose (2-D). */
function sameValues(a: onnx.ITensorProto, b: onnx.ITensorProto): { transposed: boolean } | null {
  const [da, db] = [dimsOf(a), dimsOf(b)];
  if (a.dataType !== b.dataType || elements(a) !== elements(b)) return null;
  const [ra, rb] = [rawBytes(a), rawBytes(b)];
  if (da.join('x') === db.join('x')) {
    if (ra && rb)
      return Buffer.from(ra.buffer, ra.byteOffset, ra.byteLength).equals(Buffer.from(rb.buffer, rb.byteOffset, rb.byteLength)) ? { transposed: false } : null;
    const [va, vb] = [tensorValues(a, ''), tensorValues(b, '')];
    return va.every((v, i) => Object.is(v, vb[i])) ? { transposed: false } : null;
  }
  if (da.length !== 2 || db.length !== 2 || da[0] !== db[1] || da[1] !== db[0]) return null;
  const [r, c] = da;
  // A few cells first, read in place: most same-shaped pairs differ at once, and decoding both costs their size.
  const width = WEIGHT_BYTES.get(a.dataType ?? 0) ?? 0;
  if (ra && rb && width > 0) {
    for (let k = 0; k < 8; k++) {
      const [i, j] = [Math.floor((k * (r - 1)) / 7), Math.floor(((7 - k) * (c - 1)) / 7)];
      const [x, y] = [(i * c + j) * width, (j * r + i) * width];
      if (Buffer.compare(ra.subarray(x, x + width), rb.subarray(y, y + width)) !== 0) return null;
    }
  }
  const [va, vb] = [tensorValues(a, ''), tensorValues(b, '')];
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) if (!Object.is(va[i * c + j], vb[j * r + i])) return null;
  return { transposed: true };
}

/**
 * Weights: initializers of a float or 8-bit type with more than one element, other than the scales
 * and zero points of DequantizeLinear. An initializer that repeats an earlier one (a tied output
 * head exported as its own, often transposed, copy) is counted once.
 */
function countWeights(nodes: readonly onnx.INodeProto[], inits: ReadonlyMap<string, onnx.ITensorProto>): GraphFacts['weights'] {
  const quantMeta = new Set(nodes.filter((n) => n.opType === 'DequantizeLinear').flatMap((n) => (n.input ?? []).slice(1)));
  const weights = [...inits.values()].filter((t) => WEIGHT_BYTES.has(t.dataType ?? 0) && elements(t) > 1 && !quantMeta.has(t.name ?? ''));
  const copies: { name: string; of: string; elements: number; transposed: boolean }[] = [];
  let stored = 0;
  let weightBytes = 0;
  weights.forEach((t, i) => {
    const n = elements(t);
    stored += n;
    weightBytes += n * (WEIGHT_BYTES.get(t.dataType ?? 0) ?? 0);
    for (const earlier of weights.slice(0, i)) {
      if (n < 4096 || copies.some((c) => c.name === earlier.name)) continue; // small vectors repeat by chance (LayerNorm ones)
      const same = sameValues(t, earlier);
      if (same) {
        copies.push({ name: t.name ?? '', of: earlier.name ?? '', elements: n, transposed: same.transposed });
        break;
      }
    }
  });
  return { parameters: stored - copies.reduce((s, c) => s + c.elements, 0), stored, weightBytes, copies };
}
