/**
 * Work started without waiting for it (pure; host and webviews): its failure goes to `onError`
 * instead of becoming an unhandled rejection. Lint (`no-floating-promises`, `void` included) sends
 * every promise nobody awaits through here, so that each such place says where its errors go.
 *
 *   background(this.update(editor), (error) => log.error(String(error)));
 */
export function background(work: Promise<unknown> | undefined, onError: (error: unknown) => void): void {
  work?.catch(onError);
}
