// findAttention's refusals read as every other model-folder message does (round 15): "model X:
// onnx/model.onnx has no attention Softmax …", not "model X: onnx/model.onnx: no attention …" (two
// colons). The node and operator names come from the model file: a newline or a bidi override in
// one is escaped (neutralName), and a name thousands of characters long is cut.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError } from '../../src/engine/errors';
import { node, output } from '../../src/engine/onnx/graphBuild';
import { patchModelBytes } from '../../src/engine/onnx/patch';
import { proto } from '../../src/engine/onnx/proto';

const LABEL = 'model tiny: onnx/model.onnx';

function refusal(nodes: ReturnType<typeof node>[]): EngineError {
  const graph = { name: 'g', input: [output('x', 'float32', 4)], node: nodes, output: [output('y', 'float32', 4)] };
  const bytes = proto.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph }).finish();
  try {
    patchModelBytes(bytes, {}, LABEL);
  } catch (error) {
    assert.ok(error instanceof EngineError, String(error));
    assert.equal(error.code, 'unsupported-operator');
    return error;
  }
  assert.fail('the model was accepted');
}

describe('findAttention refusals', () => {
  it('no attention: "model X: file has no attention Softmax", one colon', () => {
    const error = refusal([node('Relu', ['x'], ['y'], 'r')]);
    assert.match(
      error.message,
      /^model tiny: onnx\/model\.onnx has no attention Softmax or supported fused attention operator \(operators: Relu\)/,
      error.message,
    );
  });

  it('a fused operator it cannot expose: "model X: file uses attention operator …"', () => {
    const fused = node('Attention', ['x'], ['y'], 'a');
    (fused as { domain?: string }).domain = 'com.microsoft';
    const error = refusal([fused]);
    assert.match(error.message, /^model tiny: onnx\/model\.onnx uses attention operator com\.microsoft\/Attention, which is not supported/, error.message);
  });

  it('operator names from the file are escaped and cut', () => {
    const evil = node('Re\nlu\u202E' + 'x'.repeat(5000), ['x'], ['y'], 'r');
    const error = refusal([evil]);
    assert.doesNotMatch(error.message, /[\n\u202E]/);
    assert.match(error.message, /Re\\x0Alu\\u202Ex+…/, error.message.slice(0, 300));
    assert.ok(error.message.length < 600, `${error.message.length} characters`);
  });
});
