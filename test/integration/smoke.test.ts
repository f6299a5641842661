/**
 * The harness itself (extension host): the tests run inside a real VS Code with the folder that
 * tools/vscode/runIntegration.ts opened as its workspace.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';

describe('integration harness', () => {
  it('runs inside a VS Code extension host', () => {
    assert.equal(typeof vscode.version, 'string');
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
  });

  it('opens the workspace folder it was given', () => {
    const expected = process.env.ATTENTION_LENS_IT_WORKSPACE;
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.ok(expected, 'ATTENTION_LENS_IT_WORKSPACE is set by runIntegration.ts');
    assert.equal(path.resolve(folders[0].uri.fsPath), path.resolve(expected));
  });
});
