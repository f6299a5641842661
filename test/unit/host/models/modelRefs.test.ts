// A relative model folder in a setting means the workspace's folder, and only in a trusted workspace
// with one folder; otherwise it is refused, saying why (in a multi-root workspace, naming the roots).
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { relativeRefProblem, workspaceFolderRef } from '../../../../src/host/models/modelRefs';

const ws = [{ name: 'ws', path: '/ws' }];
const two = [
  { name: 'app', path: '/work/app' },
  { name: 'docs', path: '/work/docs' },
];

describe('workspaceFolderRef', () => {
  it('resolves ./ and ../ against the workspace folder when trusted', () => {
    assert.equal(workspaceFolderRef('./models/x', true, ws), '/ws/models/x');
    assert.equal(workspaceFolderRef('../x', true, [{ name: 'a', path: '/ws/a' }]), '/ws/x');
    assert.equal(relativeRefProblem('/ws/models/x', true, ws), null);
  });
  it('leaves a relative folder relative (to be refused) when untrusted or without a folder', () => {
    assert.equal(workspaceFolderRef('./models/x', false, ws), './models/x');
    assert.equal(workspaceFolderRef('./models/x', true, []), './models/x');
    assert.match(relativeRefProblem('./models/x', false, ws) ?? '', /not trusted/u);
    assert.match(relativeRefProblem('./models/x', true, []) ?? '', /no workspace folder is open/u);
  });
  it('in a workspace of several folders, reads it against none of them and names them all', () => {
    assert.equal(workspaceFolderRef('./models/x', true, two), './models/x', 'not the first root in silence');
    assert.equal(
      relativeRefProblem('./models/x', true, two),
      'the model folder ./models/x is relative, and this workspace has several folders (app, docs): give an absolute path',
    );
  });
  it('leaves hub ids and absolute folders alone', () => {
    assert.equal(workspaceFolderRef('org/name', true, ws), 'org/name');
    assert.equal(workspaceFolderRef('/abs/x', false, ws), '/abs/x');
    assert.equal(relativeRefProblem('org/name', true, two), null);
  });
  it('gives one form to every name of one folder: the same model is the same model everywhere', () => {
    for (const named of ['/abs/x/', '/abs/./x', '/abs/y/../x', '/abs//x']) assert.equal(workspaceFolderRef(named, false, ws), '/abs/x', named);
    assert.equal(workspaceFolderRef('./models/x/', true, ws), '/ws/models/x');
    assert.equal(workspaceFolderRef('~/m/', true, ws), path.join(os.homedir(), 'm'));
  });
});
