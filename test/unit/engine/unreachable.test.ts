// A hub that cannot be reached (modelSource.ts, hubFetch.ts): refused connections, names that do
// not resolve and hosts that never answer fail within a few seconds, once, with a message that says
// the host cannot be reached — instead of retrying a dead network with back-off; a host that is
// reached but cuts a file is still retried.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { EngineError } from '../../../src/engine/errors';
import { resolveModel, type SourceOptions } from '../../../src/engine/modelSource';
import { HubServer } from '../../support/hubServer';
import { fixture, scratch } from '../../support/paths';

const options = (remoteHost: string, extra: Partial<SourceOptions> = {}): SourceOptions => ({
  cacheDir: scratch(),
  allowRemote: true,
  remoteHost,
  remotePathTemplate: '{model}/resolve/{revision}/',
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<{ error: EngineError; ms: number }> {
  const started = Date.now();
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EngineError, String(error));
    return { error, ms: Date.now() - started };
  }
  assert.fail('expected a failure');
}

describe('a hub that cannot be reached', () => {
  const servers: http.Server[] = [];
  after(() => {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  it('a refused connection fails at once, without the back-off of retries', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    // Three tries would wait 1 s and 2 s between them.
    const { error, ms } = await failure(resolveModel('org/tiny', options(`http://127.0.0.1:${port}/`, { retries: 3, retryDelayMs: 1000 })));
    assert.equal(error.code, 'network');
    assert.match(error.message, new RegExp(`cannot reach 127\\.0\\.0\\.1:${port} to download org/tiny \\(connection refused\\)`));
    assert.ok(ms < 900, `${ms} ms`);
  });

  it('a host that accepts but never answers fails after the answer time limit, once', async () => {
    // Requests, not connections: since the download lock (downloadLock.ts) a second connection opens
    // ~370 ms into the first request's wait, and no request is ever sent on it (cause not found yet).
    let requests = 0;
    const silent = http.createServer(() => requests++);
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const host = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    const { error, ms } = await failure(resolveModel('org/tiny', options(host, { connectTimeoutMs: 400, retries: 3, retryDelayMs: 1000 })));
    assert.equal(error.code, 'network');
    assert.match(error.message, /cannot reach .* \(no answer in time\)/);
    assert.ok(ms >= 350 && ms < 1500, `${ms} ms`);
    assert.equal(requests, 1, 'not retried');
  });

  it('a name that does not resolve fails within the time limit', async () => {
    const { error, ms } = await failure(resolveModel('org/tiny', options('http://hub.invalid/', { connectTimeoutMs: 2000 })));
    assert.equal(error.code, 'network');
    assert.match(error.message, /cannot reach hub\.invalid/);
    assert.ok(ms < 3000, `${ms} ms`);
  });

  it('a host that is reached but cuts a file is still retried', async () => {
    const hub = new HubServer().repo('org/tiny-bert', fixture('tiny-bert')).rule('org/tiny-bert/config.json', { cut: 1 });
    const host = await hub.start();
    try {
      const resolved = await resolveModel('org/tiny-bert', options(host, { retryDelayMs: 10 }));
      assert.equal(resolved.downloaded, true);
      assert.equal(hub.count('/config.json'), 2, 'cut once, fetched again');
    } finally {
      await hub.stop();
    }
  });
});
