/**
 * Typed arrays across Playwright's JSON boundary (tests): Node encodes a view reply with every
 * typed array as {__typed, b64}; the page decodes it back into real typed arrays before posting it
 * to the view, as VS Code's postMessage would deliver them (structured clone keeps typed arrays).
 */

const TYPES = { Float32Array, Uint8Array, Uint16Array, Int32Array, Float64Array } as const;
type TypedName = keyof typeof TYPES;

export interface Encoded {
  readonly __typed: TypedName;
  readonly b64: string;
}

/** Node: typed arrays → {__typed, b64}; everything else unchanged. */
export function encodeForPage(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name as TypedName;
    if (!(name in TYPES)) throw new Error(`cannot send a ${name}`);
    return { __typed: name, b64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') } satisfies Encoded;
  }
  if (Array.isArray(value)) return value.map(encodeForPage);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeForPage(v)]));
  return value;
}

/** Browser: the inverse of encodeForPage. */
export function decodeInPage(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeInPage);
  if (typeof value !== 'object' || value === null) return value;
  const v = value as Record<string, unknown>;
  if (typeof v.__typed === 'string' && typeof v.b64 === 'string' && v.__typed in TYPES) {
    const binary = atob(v.b64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new TYPES[v.__typed as TypedName](bytes.buffer);
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeInPage(x)]));
}
