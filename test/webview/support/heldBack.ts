/** A reply held back in a webview test (a busy engine): what a view shows while it waits. */
import type { AnalysisSpec } from './analysisSpec';
import type { ViewPage } from './browser';

/**
 * Shows `spec` while the view's `method` requests are held back (a busy engine), runs `meanwhile`
 * once the header names the new analysis, then lets the replies through and waits for them.
 */
export async function showHeldBack(v: ViewPage, method: string, spec: AnalysisSpec, meanwhile: () => Promise<void>): Promise<void> {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  v.serve(async (asked, _params, next) => {
    if (asked === method) await gate;
    return next();
  });
  const shown = v.analysis(spec);
  try {
    await v.page.locator('.panel-header .model-line', { hasText: spec.kind ?? 'encoder' }).waitFor();
    await meanwhile();
  } finally {
    release();
    await shown;
    v.serve(null);
  }
}
