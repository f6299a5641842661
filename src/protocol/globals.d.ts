// The few globals that every runtime (Node worker, extension host, webview) provides and that
// protocol code uses. Declared here so the protocol's tsconfig can stay free of both the DOM and
// Node typings, which would let runtime-specific APIs slip in.
declare class AbortSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
declare class AbortController {
  readonly signal: AbortSignal;
  abort(): void;
}
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
