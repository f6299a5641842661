/**
 * The extension host's background work (extension host): a promise nobody waits for, whose failure
 * is written to the extension host's log rather than lost as an unhandled rejection. The commands
 * and views it starts report their own failures to the user (Notifier); what reaches here is a bug.
 *
 *   inBackground(this.update(editor));
 */
import { background } from '../protocol/background';

// eslint-disable-next-line no-control-regex -- the control and bidi characters a log line must not carry
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function inBackground(work: Promise<unknown> | undefined): void {
  background(work, (error) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`Attention Lens: ${text.replace(UNSAFE, '\uFFFD')}`);
  });
}
