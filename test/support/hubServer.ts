/**
 * A local stand-in for the Hugging Face hub (plain Node, tests only; 127.0.0.1): serves folders in
 * the hub's file layout, GET /{owner}/{name}/resolve/main/{file}, records every request, and can
 * misbehave per file: cut the connection mid-file, stream slowly, answer with wrong bytes, or
 * redirect the way the hub does for LFS files (302 with X-Linked-Etag / X-Linked-Size); and, for
 * the hostile suite, answer gzip-encoded, send more than it announced, stream without end, chain
 * redirects or redirect to another scheme, answer another body (an HTML page), stall mid-file, and
 * record each request's Authorization header.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface Misbehaviour {
  /** Destroy the socket after half the bytes, this many times (then serve normally). */
  cut?: number;
  /** Send in chunks of this many bytes with `delayMs` between them. */
  chunk?: number;
  delayMs?: number;
  /** Flip a byte in the middle (the length stays right). */
  corrupt?: boolean;
  /** Answer with a 302 to a blob URL carrying the file's SHA-256 in X-Linked-Etag (as the hub does). */
  lfs?: boolean;
  /** Send the file gzip-encoded (Content-Encoding: gzip; Content-Length is the compressed size). */
  gzip?: boolean;
  /** Announce the right Content-Length, then send this many bytes more (a raw socket write). */
  extra?: number;
  /** No Content-Length; send the file, then zeros without end (until the client hangs up). */
  endless?: boolean;
  /** Redirect this many times (302 to …?hop=n) before serving. */
  redirects?: number;
  /** Answer with a 302 to this Location (another scheme, another host). */
  redirectTo?: string;
  /** Serve this instead of the file (an HTML error page with status 200). */
  body?: string;
  /** Send the headers and half the bytes, then nothing more, never closing (a stalled server). */
  stall?: boolean;
}

export class HubServer {
  readonly requests: string[] = [];
  /** The Authorization header of each request ('' when none), in order. */
  readonly authorizations: string[] = [];
  private readonly repos = new Map<string, string>();
  private readonly rules = new Map<string, Misbehaviour>();
  private server: http.Server | null = null;
  host = '';

  /** Serves `folder` as the repository `id` (owner/name). */
  repo(id: string, folder: string): this {
    this.repos.set(id, folder);
    return this;
  }

  /** Misbehaves for `id/file` (e.g. `org/tiny-bert/onnx/model.onnx`). */
  rule(idAndFile: string, rule: Misbehaviour): this {
    this.rules.set(idAndFile, { ...rule });
    return this;
  }

  /** Requests whose path ends with `suffix`. */
  count(suffix: string): number {
    return this.requests.filter((r) => r.endsWith(suffix)).length;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.serve(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.host = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.host;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const full = req.url ?? '';
    this.requests.push(full);
    this.authorizations.push(req.headers.authorization ?? '');
    const hop = Number(/[?&]hop=(\d+)/.exec(full)?.[1] ?? 0);
    const url = full.replace(/\?.*$/, '');
    const blob = /^\/blobs\/(.+)$/.exec(url);
    const match = /^\/([\w.-]+\/[\w.-]+)\/resolve\/main\/(.+)$/.exec(blob ? `/${decodeURIComponent(blob[1])}` : url);
    const folder = match ? this.repos.get(match[1]) : undefined;
    const file = match && folder ? path.join(folder, match[2]) : '';
    if (!match || !file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    const key = `${match[1]}/${match[2]}`;
    const rule = this.rules.get(key) ?? {};
    let bytes = rule.body === undefined ? readFileSync(file) : Buffer.from(rule.body);
    if (rule.redirectTo) {
      res.writeHead(302, { location: rule.redirectTo }).end();
      return;
    }
    if (rule.redirects && hop < rule.redirects) {
      res.writeHead(302, { location: `${url}?hop=${hop + 1}` }).end();
      return;
    }
    if (rule.gzip) {
      const packed = gzipSync(bytes);
      res.writeHead(200, { 'content-length': packed.length, 'content-encoding': 'gzip', 'content-type': 'application/json' });
      res.end(packed);
      return;
    }
    if (rule.extra) {
      // Past Node's own length check: the raw socket gets the headers, the file and the extra bytes.
      const head = `HTTP/1.1 200 OK\r\ncontent-length: ${bytes.length}\r\ncontent-type: application/octet-stream\r\nconnection: close\r\n\r\n`;
      res.socket?.end(Buffer.concat([Buffer.from(head), bytes, Buffer.alloc(rule.extra, 0x20)]));
      return;
    }
    if (rule.endless) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const zeros = Buffer.alloc(64 * 1024, 0x20);
      const more = (): void => {
        while (!res.destroyed && res.write(zeros));
        if (!res.destroyed) res.once('drain', more);
      };
      res.write(bytes);
      more();
      return;
    }
    if (rule.lfs && !blob) {
      const sha = createHash('sha256').update(bytes).digest('hex');
      res.writeHead(302, { location: `/blobs/${encodeURIComponent(url.slice(1))}`, 'x-linked-etag': `"${sha}"`, 'x-linked-size': String(bytes.length) });
      res.end();
      return;
    }
    if (rule.corrupt) {
      bytes = Buffer.from(bytes);
      bytes[bytes.length >> 1] ^= 0xff;
    }
    res.writeHead(200, { 'content-length': bytes.length, 'content-type': 'application/octet-stream' });
    if (rule.cut && rule.cut > 0) {
      rule.cut--;
      res.write(bytes.subarray(0, bytes.length >> 1), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    if (rule.stall) {
      res.write(bytes.subarray(0, bytes.length >> 1));
      return;
    }
    if (rule.chunk) {
      const size = rule.chunk;
      let offset = 0;
      const next = (): void => {
        if (res.destroyed) return;
        if (offset >= bytes.length) return void res.end();
        res.write(bytes.subarray(offset, (offset += size)));
        setTimeout(next, rule.delayMs ?? 10);
      };
      next();
      return;
    }
    res.end(bytes);
  }
}
