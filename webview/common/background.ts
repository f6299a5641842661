/**
 * The page's background work (webview): a request nobody waits for, whose failure goes to the
 * webview's console rather than becoming an unhandled rejection. The views show their own failures
 * (a status line) before it gets here.
 */
import { background } from '../../src/protocol/background';

export function inBackground(work: Promise<unknown> | undefined): void {
  background(work, (error) => console.error('Attention Lens view:', error));
}
