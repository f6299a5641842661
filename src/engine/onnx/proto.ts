/**
 * The runtime half of the `onnx-proto` schema (engine runtime). The package is CommonJS, so ESM
 * callers get its namespace through `default`; this module hides that once. Types come straight
 * from the package: `import type { onnx } from 'onnx-proto'`.
 */
import type { onnx } from 'onnx-proto';
import * as protoModule from 'onnx-proto';

type ProtoNamespace = typeof onnx;
const loaded = protoModule as unknown as { onnx?: ProtoNamespace; default?: { onnx: ProtoNamespace } };

export const proto: ProtoNamespace = (loaded.onnx ?? loaded.default?.onnx) as ProtoNamespace;
