// A relative model folder that cannot be read, named in its message (hostile paths, round 14): the
// setting's folder and the workspace folders' names went into the message raw, so a newline in one
// read as a space (the name of another folder) once the notification made it one line. Now each is
// a name (neutralName): the newline `\x0A`, a bidi override `\u202E`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { relativeRefProblem } from '../../../../src/host/models/modelRefs';

describe('a relative model folder that cannot be read', () => {
  it('names the folder and the workspace folders escaped', () => {
    assert.match(relativeRefProblem('./models/a\nb', false, [])!, /the model folder \.\/models\/a\\x0Ab is relative/);
    assert.match(relativeRefProblem('./m\u202Ex', true, [])!, /the model folder \.\/m\\u202Ex is relative/);
    const said = relativeRefProblem('./m', true, [
      { name: 'one\ntwo', path: '/a' },
      { name: 'b', path: '/b' },
    ])!;
    assert.match(said, /several folders \(one\\x0Atwo, b\)/, said);
  });
});
