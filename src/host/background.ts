/**
 * The extension host's background work (extension host): a promise nobody waits for, whose failure
 * is written to the extension host's log rather than lost as an unhandled rejection. The commands
 * and views it starts report their own failures to the user (Notifier); what reaches here is a bug.
 *
 *   inBackground(this.update(editor));
 */
import { background } from '../protocol/background';
import { neutralise } from '../protocol/neutralise';

export function inBackground(work: Promise<unknown> | undefined): void {
  background(work, (error) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`Attention Lens: ${neutralise(text, 4000)}`);
  });
}
