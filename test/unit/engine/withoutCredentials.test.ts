// withoutCredentials (hubFetch.ts) is what stands between a hub address and a message, a log or a
// file. An address without "//" ("user:secret@host/path") parses as an opaque URL with the scheme
// "user:", so it came back whole, password and all; so did an address the URL parser refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withoutCredentials } from '../../../src/engine/hubFetch';

describe('withoutCredentials', () => {
  for (const [address, shown] of [
    ['https://user:secret@hub.example.com/models/', 'https://hub.example.com/models/'],
    ['user:secret@hub.example.com/path', 'hub.example.com/path'],
    ['user:secret@hub.example.com', 'hub.example.com'],
    ['secret@hub.example.com', 'hub.example.com'],
    ['https://user:se/cret@hub.example.com/', 'https://hub.example.com/'],
    ['https://user:p@ss@hub.example.com:99999/', 'https://hub.example.com:99999/'],
    ['foo://user:secret@hub.example.com/', 'foo://hub.example.com/'],
    ['https://hub.example.com/a@b', 'https://hub.example.com/a@b'],
    ['hub.example.com', 'hub.example.com'],
  ] as const) {
    it(`${JSON.stringify(address)} is shown as ${JSON.stringify(shown)}`, () => {
      const result = withoutCredentials(address);
      assert.equal(result, shown);
      assert.doesNotMatch(result, /secret|se\/cret|p@ss/);
    });
  }
});
