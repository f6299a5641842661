// "Folder or hub id" from the syntax alone (issue 14, item 2): an absolute path or ./, ../, ~ is a
// folder; anything else is a hub id, even when a folder of that name exists in the working folder.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { folderOf, isFolderRef, isRelativeFolderRef, resolveModel } from '../../../src/engine/modelSource';
import { fixture, scratch } from '../../support/paths';

describe('folder references by syntax', () => {
  it('takes absolute paths, ./, ../, ~ and drive letters as folders', () => {
    for (const ref of ['/models/x', './x', '../x', '.', '..', '~', '~/models/x', '.\\x', '..\\x', 'C:\\models\\x', 'c:/models/x'])
      assert.equal(isFolderRef(ref), true, ref);
  });

  it('takes everything else as a hub id', () => {
    for (const ref of ['org/name', 'name', 'models/tiny-bert-es-en', '.hidden/x', '~user', 'x/./y', 'org\\name']) assert.equal(isFolderRef(ref), false, ref);
  });

  it('knows relative folders and resolves ~ and relative ones', () => {
    assert.equal(isRelativeFolderRef('./x'), true);
    assert.equal(isRelativeFolderRef('../x'), true);
    assert.equal(isRelativeFolderRef('/x'), false);
    assert.equal(isRelativeFolderRef('~/x'), false);
    assert.equal(isRelativeFolderRef('org/x'), false);
    assert.equal(folderOf('~/m', '/base'), path.join(os.homedir(), 'm'));
    assert.equal(folderOf('./m', '/base'), '/base/m');
    assert.equal(folderOf('/abs/m', '/base'), '/abs/m');
  });

  it('never loads ./org/name for the hub id org/name (it used to, before any download)', async () => {
    const cwd = scratch('lens-cwd-');
    mkdirSync(path.join(cwd, 'org'), { recursive: true });
    cpSync(fixture('tiny-bert'), path.join(cwd, 'org', 'name'), { recursive: true });
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const options = { cacheDir: scratch(), allowRemote: false, remoteHost: 'http://127.0.0.1:9/', remotePathTemplate: '{model}/resolve/{revision}/' };
      await assert.rejects(resolveModel('org/name', options), {
        code: 'model-files-missing',
        message: 'model org/name is not cached and remote downloads are disabled; for the folder org/name here, write ./org/name',
      });
      const local = await resolveModel('./org/name', options);
      assert.equal(local.folder, path.join(cwd, 'org', 'name'));
      assert.equal(local.downloaded, false);
    } finally {
      process.chdir(before);
    }
  });

  it('says how to name the folder of that name here when the hub id cannot be downloaded either', async () => {
    // Offline it said so; online a person who typed "models/x" for the folder read only "cannot reach
    // the hub … check the network connection", as if the network were the problem.
    const cwd = scratch('lens-cwd-');
    mkdirSync(path.join(cwd, 'org'), { recursive: true });
    cpSync(fixture('tiny-bert'), path.join(cwd, 'org', 'name'), { recursive: true });
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const options = {
        cacheDir: scratch(),
        allowRemote: true,
        remoteHost: 'http://127.0.0.1:9/',
        remotePathTemplate: '{model}/resolve/{revision}/',
        retries: 1,
      };
      await assert.rejects(resolveModel('org/name', options), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'network');
        assert.match(error.message, /org\/name.*127\.0\.0\.1:9.*; for the folder org\/name here, write \.\/org\/name$/);
        return true;
      });
      const elsewhere = { ...options, cacheDir: scratch() };
      process.chdir(scratch('lens-cwd-'));
      await assert.rejects(resolveModel('org/name', elsewhere), (error: Error) => !error.message.includes('for the folder'));
    } finally {
      process.chdir(before);
    }
  });
});
