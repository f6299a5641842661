/**
 * One GET from the hub (engine runtime): redirects followed by hand so that the first answer's
 * X-Linked-Etag (the hub's SHA-256 of an LFS file) is seen, a time limit on the host's first
 * answer, and the Node error codes that mean the host cannot be reached, in words.
 *
 * At most MAX_REDIRECTS redirects, each to http(s) only (a `file:` or `data:` Location is refused).
 * Credentials in the hub address (`https://user:token@mirror/`) leave the URL: they are sent as an
 * Authorization header to that origin only (never to a redirect's other host), and the address is
 * written to disk or to a message only through `withoutCredentials`.
 */

export const MAX_REDIRECTS = 5;

/** A failure of the answer itself (a redirect loop, a redirect to another scheme): retrying repeats it. */
export class PermanentFetchError extends Error {}

/**
 * `url` without user name and password (for messages, logs and files). Where the URL parser finds no
 * host — "user:secret@host/path" reads as the scheme "user:", and "https://user:se/cret@host" does
 * not parse — everything before the last "@" may be a password, so it goes (the scheme stays).
 */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.host) {
      if (!parsed.username && !parsed.password) return url;
      parsed.username = '';
      parsed.password = '';
      return parsed.toString();
    }
  } catch {
    // not an address the parser reads: cut by hand below
  }
  const at = url.lastIndexOf('@');
  if (at < 0) return url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  return scheme + url.slice(at + 1);
}

/**
 * The length a body must have, from Content-Length — unknown (0) when the body is encoded
 * (gzip, br: fetch decodes it, and Content-Length counts the encoded bytes).
 */
export function announcedLength(headers: Headers): number {
  const encoding = (headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') return 0;
  const n = Number(headers.get('content-length') ?? 0);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** Node's codes for a host that cannot be reached, in words. */
const UNREACHABLE: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name could not be resolved',
  ENETUNREACH: 'network unreachable',
  EHOSTUNREACH: 'host unreachable',
  ENETDOWN: 'network down',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  ETIMEDOUT: 'no answer in time',
};

/** Why a fetch that threw could not reach its host (null: it was reached, or it is unknown). */
export function unreachableReason(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE[code]) return UNREACHABLE[code];
  }
  return null;
}

/** A SHA-256 the hub gives for an LFS file (X-Linked-Etag on the redirect, or the ETag). */
function expectedSha256(headers: Headers): string | null {
  for (const name of ['x-linked-etag', 'etag']) {
    const value = headers.get(name)?.replace(/^W\//, '').replaceAll('"', '').toLowerCase();
    if (value && /^[0-9a-f]{64}$/.test(value)) return value;
  }
  return null;
}

/**
 * GET with redirects followed by hand, so the first response's X-Linked-* headers are seen. The
 * host must answer (connect and send headers) within `timeoutMs`; the body may then take as long
 * as it keeps sending (hubDownload.ts gives up on a silent one). Returns the signal the body is read under (cancelled with `signal`).
 */
export async function get(
  url: string,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<{ response: Response; sha256: string | null; body: AbortSignal }> {
  const controller = new AbortController();
  const cancel = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, timeoutMs);
  try {
    const answer = await follow(url, controller.signal);
    return { ...answer, body: controller.signal };
  } catch (error) {
    if (timedOut && !signal?.aborted) throw Object.assign(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`), { code: 'ETIMEDOUT' });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function follow(url: string, signal: AbortSignal): Promise<{ response: Response; sha256: string | null }> {
  let sha256: string | null = null;
  const first = new URL(url);
  const authorization =
    first.username || first.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(first.username)}:${decodeURIComponent(first.password)}`).toString('base64')}`
      : null;
  let current = new URL(withoutCredentials(url));
  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = authorization && current.origin === first.origin ? { authorization } : {};
    const response = await fetch(current, { signal, redirect: 'manual', headers });
    sha256 ??= expectedSha256(response.headers);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new PermanentFetchError(`more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        throw new PermanentFetchError(`a redirect to a ${next.protocol} address was refused (only http and https are followed)`);
      current = new URL(withoutCredentials(next.toString()));
      continue;
    }
    return { response, sha256 };
  }
}
