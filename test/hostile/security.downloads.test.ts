// Hostile hub answers (issue 14, item 11), from the stand-in hub (test/support/hubServer.ts):
// gzip-encoded JSON, bodies longer than announced or without end, redirect chains and redirects to
// other schemes, credentials in the hub address, and a full disk. Each case asserts what is kept in
// the cache and how many requests were made (no retries of answers that would repeat).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COMPLETE_MARKER, hubFolder, resolveModel, type SourceOptions } from '../../src/engine/modelSource';
import { HubServer } from '../support/hubServer';
import { fixture, scratch } from '../support/paths';
import { cli, oneLine } from './support/cliChild';
import { filesUnder, engineFailure } from '../support/cacheFiles';

const TEMPLATE = '{model}/resolve/{revision}/';

describe('hostile downloads', () => {
  const hub = new HubServer();
  let host = '';
  const options = (cacheDir: string, extra: Partial<SourceOptions> = {}): SourceOptions => ({
    cacheDir,
    allowRemote: true,
    remoteHost: host,
    remotePathTemplate: TEMPLATE,
    retries: 3,
    retryDelayMs: 10,
    ...extra,
  });
  const requests = (id: string, file: string): number => hub.requests.filter((r) => r.replace(/\?.*$/, '').endsWith(`/${id}/resolve/main/${file}`)).length;

  before(async () => {
    for (const alias of ['gz', 'endless', 'extra', 'hops5', 'hops6', 'file', 'data', 'ftp', 'cred', 'away', 'full'])
      hub.repo(`${alias}/tiny-bert`, fixture('tiny-bert'));
    hub.rule('gz/tiny-bert/config.json', { gzip: true }).rule('gz/tiny-bert/tokenizer.json', { gzip: true });
    hub.rule('endless/tiny-bert/config.json', { endless: true });
    hub.rule('extra/tiny-bert/config.json', { extra: 100_000 });
    hub.rule('hops5/tiny-bert/config.json', { redirects: 5 });
    hub.rule('hops6/tiny-bert/config.json', { redirects: 6 });
    hub.rule('file/tiny-bert/config.json', { redirectTo: 'file:///etc/passwd' });
    hub.rule('data/tiny-bert/config.json', { redirectTo: 'data:application/json,{"model_type":"bert"}' });
    hub.rule('ftp/tiny-bert/config.json', { redirectTo: 'ftp://127.0.0.1/config.json' });
    host = await hub.start();
    hub.rule('away/tiny-bert/config.json', { redirectTo: `${host.replace('127.0.0.1', 'localhost')}cred/tiny-bert/resolve/main/config.json` });
  });
  after(() => hub.stop());

  it('a gzip-encoded JSON file from a mirror works (it failed as "received N of M bytes", three times)', async () => {
    const cache = scratch();
    const resolved = await resolveModel('gz/tiny-bert', options(cache));
    for (const file of ['config.json', 'tokenizer.json'])
      assert.deepEqual(readFileSync(path.join(resolved.folder, file)), readFileSync(path.join(fixture('tiny-bert'), file)), file);
    assert.equal(requests('gz/tiny-bert', 'config.json'), 1);
  });

  it("a body without end is cut off at the file's cap, not retried, and nothing is kept", async () => {
    const cache = scratch();
    const started = Date.now();
    const error = await engineFailure(resolveModel('endless/tiny-bert', options(cache)));
    assert.equal(error.code, 'model-corrupt');
    assert.equal(
      error.message,
      'download of endless/tiny-bert/config.json was stopped: it is larger than the 4194304 bytes a config.json can be; it was not kept',
    );
    assert.equal(requests('endless/tiny-bert', 'config.json'), 1);
    assert.deepEqual(filesUnder(hubFolder(cache, 'endless/tiny-bert')), []);
    assert.ok(Date.now() - started < 15_000, `${Date.now() - started} ms`);
  });

  it('bytes beyond the announced length are never written', async () => {
    const cache = scratch();
    const resolved = await resolveModel('extra/tiny-bert', options(cache));
    assert.deepEqual(readFileSync(path.join(resolved.folder, 'config.json')), readFileSync(path.join(fixture('tiny-bert'), 'config.json')));
  });

  it('follows 5 redirects, refuses a sixth without retrying', async () => {
    await resolveModel('hops5/tiny-bert', options(scratch()));
    const cache = scratch();
    const error = await engineFailure(resolveModel('hops6/tiny-bert', options(cache)));
    assert.equal(error.code, 'network');
    assert.match(error.message, /^could not download hops6\/tiny-bert\/config\.json from 127\.0\.0\.1:\d+: more than 5 redirects$/);
    assert.equal(requests('hops6/tiny-bert', 'config.json'), 6, 'the first request and five redirects, once');
    assert.deepEqual(filesUnder(hubFolder(cache, 'hops6/tiny-bert')), []);
  });

  for (const [alias, scheme] of [
    ['file', 'file:'],
    ['data', 'data:'],
    ['ftp', 'ftp:'],
  ]) {
    it(`refuses a redirect to a ${scheme} address`, async () => {
      const cache = scratch();
      const error = await engineFailure(resolveModel(`${alias}/tiny-bert`, options(cache)));
      assert.match(error.message, new RegExp(`: a redirect to a ${scheme} address was refused \\(only http and https are followed\\)$`));
      assert.equal(requests(`${alias}/tiny-bert`, 'config.json'), 1);
      assert.deepEqual(filesUnder(hubFolder(cache, `${alias}/tiny-bert`)), []);
    });
  }

  it('credentials in the hub address go to that host as a header and are never written to disk', async () => {
    const cache = scratch();
    const secret = 'hf_s3cr3t-token';
    const withCredentials = host.replace('http://', `http://reader:${secret}@`);
    const first = hub.requests.length;
    const resolved = await resolveModel('cred/tiny-bert', options(cache, { remoteHost: withCredentials }));
    assert.ok(existsSync(path.join(resolved.folder, COMPLETE_MARKER)));
    const sent = hub.authorizations.slice(first);
    assert.ok(sent.length > 0 && sent.every((a) => a === `Basic ${Buffer.from(`reader:${secret}`).toString('base64')}`), JSON.stringify(sent));
    for (const file of filesUnder(cache)) assert.ok(!readFileSync(path.join(cache, file), 'utf8').includes(secret), `${file} holds the secret`);
    const marker = JSON.parse(readFileSync(path.join(resolved.folder, COMPLETE_MARKER), 'utf8')) as { host: string };
    assert.equal(marker.host, host);
    // Not found: the message names the host, never the credentials.
    const error = await engineFailure(resolveModel('nobody/nothing', options(scratch(), { remoteHost: withCredentials })));
    assert.ok(!error.message.includes(secret), error.message);
  });

  it('credentials are not sent to another host a redirect names', async () => {
    const withCredentials = host.replace('http://', 'http://reader:pw@');
    const first = hub.requests.length;
    await resolveModel('away/tiny-bert', options(scratch(), { remoteHost: withCredentials }));
    const pairs = hub.requests.slice(first).map((r, i) => [r, hub.authorizations[first + i]] as const);
    const redirected = pairs.find(([r]) => r.startsWith('/cred/tiny-bert/resolve/main/config.json'));
    assert.ok(redirected, JSON.stringify(pairs));
    assert.equal(redirected[1], '', 'localhost is another origin than 127.0.0.1');
  });

  it('a full disk is reported as a full disk naming the folder and the setting, once, not as a network error', async (t) => {
    const mount = scratch('lens-full-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount], { stdio: 'ignore' });
    } catch {
      t.skip('cannot mount a small tmpfs here (not root): the full-disk case needs one');
      return;
    }
    try {
      mkdirSync(path.join(mount, 'cache'));
      const text = path.join(scratch(), 'text.txt');
      writeFileSync(text, 'hello world');
      const r = await cli(['analyze', text, '--model', 'full/tiny-bert', '--cache-dir', path.join(mount, 'cache')], { env: { HF_ENDPOINT: host } });
      const folder = hubFolder(path.join(mount, 'cache'), 'full/tiny-bert');
      assert.equal(
        oneLine(r),
        `attention-lens: the disk is full: nothing more can be written to ${folder}; free some space there, or move the model cache to another disk with the attentionLens.cacheDir setting (--cache-dir for the command line)`,
      );
      assert.equal(requests('full/tiny-bert', 'onnx/model.onnx'), 1, 'not retried');
      assert.ok(!filesUnder(folder).some((f) => f.includes('.partial')), 'no partial file left');
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});
