/** A reply held back in a webview test (a busy engine): what a view shows while it waits. */
import type { AnalysisSpec } from './analysisSpec';
import type { ServeHook, ViewPage } from './browser';

export interface HeldBack {
  /** What changes the page (an analysis, a picker); awaited after the replies are let through. */
  act(): Promise<unknown>;
  /** Resolves once what `act` changed is on the page. */
  ready(): Promise<unknown>;
  /** The checks while the replies are held back. */
  meanwhile(): Promise<void>;
  /** How requests are answered (null: serveView), held back or not. */
  answer?: ServeHook | null;
}

/** Runs `held` while the view's `method` requests are held back, then lets the replies through and waits for them. */
export async function holdBack(v: ViewPage, method: string, held: HeldBack): Promise<void> {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const answer = held.answer ?? null;
  v.serve(async (asked, params, next) => {
    if (asked === method) await gate;
    return answer ? answer(asked, params, next) : next();
  });
  const acted = held.act();
  try {
    await held.ready();
    await held.meanwhile();
  } finally {
    release();
    await acted;
    v.serve(answer);
  }
}

/**
 * Shows `spec` while the view's `method` requests are held back (a busy engine), runs `meanwhile`
 * once the header names the new analysis, then lets the replies through and waits for them.
 */
export function showHeldBack(v: ViewPage, method: string, spec: AnalysisSpec, meanwhile: () => Promise<void>): Promise<void> {
  return holdBack(v, method, {
    act: () => v.analysis(spec),
    ready: () => v.page.locator('.panel-header .model-line', { hasText: spec.kind ?? 'encoder' }).waitFor(),
    meanwhile,
  });
}
