/**
 * Small constructors for ONNX protobuf messages used when the engine adds nodes to a model graph
 * (engine runtime). Built on the `onnx-proto` schema so that nothing here hand-encodes protobuf
 * except the one field header `appendGraph` needs.
 */
import type { onnx } from 'onnx-proto';
import { floatToHalf } from '../../protocol/analysis';
import { proto } from './proto';

export type Dtype = 'float32' | 'float16' | 'int64' | 'bool';

const ELEM: Record<Dtype, number> = {
  float32: proto.TensorProto.DataType.FLOAT,
  float16: proto.TensorProto.DataType.FLOAT16,
  int64: proto.TensorProto.DataType.INT64,
  bool: proto.TensorProto.DataType.BOOL,
};

export function elemType(dtype: Dtype): number {
  return ELEM[dtype];
}

/** The float Dtype of an ONNX element type (float16 stays float16; anything else is treated as float32). */
export function floatDtype(elem: number): 'float32' | 'float16' {
  return elem === ELEM.float16 ? 'float16' : 'float32';
}

export interface AttrValue {
  readonly int?: number;
  readonly ints?: readonly number[];
  readonly float?: number;
}

export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  name: string,
  attrs: Record<string, AttrValue> = {},
  domain = '',
): onnx.INodeProto {
  const attribute: onnx.IAttributeProto[] = Object.entries(attrs).map(([key, value]) => {
    if (value.ints) return { name: key, type: proto.AttributeProto.AttributeType.INTS, ints: [...value.ints] };
    if (value.float !== undefined) return { name: key, type: proto.AttributeProto.AttributeType.FLOAT, f: value.float };
    return { name: key, type: proto.AttributeProto.AttributeType.INT, i: value.int ?? 0 };
  });
  return { opType, input: [...inputs], output: [...outputs], name, attribute, domain };
}

export function int64Const(name: string, values: readonly number[]): onnx.ITensorProto {
  return {
    name,
    dataType: proto.TensorProto.DataType.INT64,
    dims: [values.length],
    int64Data: values.map((v) => v),
  };
}

/** A float scalar initializer (float32, or float16 stored as its bits). */
export function floatConst(name: string, value: number, dtype: 'float32' | 'float16' = 'float32'): onnx.ITensorProto {
  if (dtype === 'float16') {
    const bits = Uint16Array.of(floatToHalf(value));
    return { name, dataType: ELEM.float16, dims: [], rawData: new Uint8Array(bits.buffer) };
  }
  return { name, dataType: ELEM.float32, dims: [], floatData: [value] };
}

export function output(name: string, dtype: Dtype, rank: number): onnx.IValueInfoProto {
  const dim = Array.from({ length: rank }, (_, i) => ({ dimParam: `${name}_d${i}` }));
  return { name, type: { tensorType: { elemType: ELEM[dtype], shape: { dim } } } };
}

/**
 * Appends graph content to a serialized ModelProto without re-encoding it. Protobuf merges a
 * repeated occurrence of a singular message field into the first one and concatenates repeated
 * fields, so `model bytes + (field 7: GraphProto{node, initializer, output})` is the same model
 * with extra nodes, initializers and outputs. This keeps a 500 MB model's weights untouched and
 * costs one copy, and preserves any field the `onnx-proto` schema does not know.
 */
export function appendGraph(modelBytes: Uint8Array, extra: onnx.IGraphProto): Uint8Array {
  const graphBytes = proto.GraphProto.encode(extra).finish();
  const header = [(7 << 3) | 2, ...varint(graphBytes.length)];
  const out = new Uint8Array(modelBytes.length + header.length + graphBytes.length);
  out.set(modelBytes, 0);
  out.set(header, modelBytes.length);
  out.set(graphBytes, modelBytes.length + header.length);
  return out;
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return bytes;
}
