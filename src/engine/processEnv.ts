/**
 * The environment the engine's own process starts with (engine runtime, plain Node): the host and
 * the CLI fork it through workerClient.ts, and `npm run bench:engine` measures under the same.
 *
 * On Linux, glibc's allocator gives large freed blocks back to the system and maps fresh pages for
 * the next ones. An analysis allocates the same large tensors run after run (a base-sized model at
 * 512 tokens: 75 MB of float16 attention, the output head's logits), so each run page-faulted
 * ~15,000 fresh pages, ~250 ms on this project's virtual machines. Keeping freed memory for reuse
 * (trim threshold 256 MB) and serving blocks up to 32 MB from the heap (mmap threshold, glibc's
 * maximum) takes the faults to zero; the price is that up to 256 MB freed stays with the engine
 * process instead of going back to the system. Other C libraries ignore the variable; a user's
 * own malloc tunables win.
 */

export const ALLOCATOR_TUNABLES = 'glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432';

/** `base` with the allocator tunables added (unless it already sets glibc malloc tunables). */
export function engineProcessEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const current = base.GLIBC_TUNABLES;
  if (current?.includes('glibc.malloc.')) return { ...base };
  return { ...base, GLIBC_TUNABLES: current ? `${current}:${ALLOCATOR_TUNABLES}` : ALLOCATOR_TUNABLES };
}
