// Inside the real extension host: the panel's `export` message saved by the host. The panel's
// buttons are clicked end to end in test/e2e/export.e2e.test.ts (through the save dialog); here the
// extension API's exportTo(folder) answers the dialog, as AutoPick answers quick picks, and the
// message is shaped as webview/export/exportBar.ts sends it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/host/extension';
import { api } from './host';

describe('export: the host saves what the panel exports', function () {
  this.timeout(60_000);
  let folder: string;
  let lens: AttentionLensApi;

  before(async () => {
    lens = await api();
    folder = mkdtempSync(path.join(os.tmpdir(), 'attention-lens-export-it-'));
    lens.exportTo(folder);
  });

  after(() => {
    lens?.exportTo(null);
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("writes text as UTF-8 and PNG bytes as they came, under the export's name", async () => {
    const csv = 'query \\ key,"a, b" #0,Ω #1\r\n"a, b" #0,1,\r\nΩ #1,0.25,0.75\r\n';
    const text = await lens.saveExport({ name: 'layer0-mean-matrix.csv', mime: 'text/csv', data: csv });
    assert.equal(text.saved, vscode.Uri.file(path.join(folder, 'layer0-mean-matrix.csv')).toString());
    assert.equal(readFileSync(path.join(folder, 'layer0-mean-matrix.csv'), 'utf8'), csv);
    assert.equal(text.bytes, Buffer.byteLength(csv, 'utf8'));

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
    const picture = await lens.saveExport({ name: 'model-heads.png', mime: 'image/png', data: png });
    assert.equal(picture.bytes, png.byteLength);
    assert.deepEqual([...readFileSync(path.join(folder, 'model-heads.png'))], [...png]);
  });

  it('refuses a name that leaves the folder, or data of the wrong type, and writes nothing', async () => {
    const before = readdirSync(folder).sort();
    const outside = await lens.saveExport({ name: '../escape.csv', mime: 'text/csv', data: 'x' });
    assert.equal(outside.saved, null);
    assert.equal(outside.error, 'malformed export');
    const wrong = await lens.saveExport({ name: 'x.png', mime: 'image/png', data: 'not bytes' });
    assert.equal(wrong.saved, null);
    assert.deepEqual(readdirSync(folder).sort(), before);
    assert.deepEqual(
      readdirSync(path.dirname(folder)).filter((f) => f === 'escape.csv'),
      [],
    );
  });
});
