// A relative model folder in a setting means the workspace's folder, and only in a trusted workspace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workspaceFolderRef } from '../../../../src/host/models/modelRefs';

describe('workspaceFolderRef', () => {
  it('resolves ./ and ../ against the workspace folder when trusted', () => {
    assert.equal(workspaceFolderRef('./models/x', true, '/ws'), '/ws/models/x');
    assert.equal(workspaceFolderRef('../x', true, '/ws/a'), '/ws/x');
  });
  it('leaves a relative folder relative (to be refused) when untrusted or without a folder', () => {
    assert.equal(workspaceFolderRef('./models/x', false, '/ws'), './models/x');
    assert.equal(workspaceFolderRef('./models/x', true, undefined), './models/x');
  });
  it('leaves hub ids and absolute folders alone', () => {
    assert.equal(workspaceFolderRef('org/name', true, '/ws'), 'org/name');
    assert.equal(workspaceFolderRef('/abs/x', false, '/ws'), '/abs/x');
  });
});
