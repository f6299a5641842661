/**
 * A small beam search over masked positions (engine runtime, pure: the model is behind `expand`).
 * Positions are filled left to right: each path's candidates for the next position come from a
 * run with the path's pieces filled in and the rest still masked; a path scores the sum of its
 * pieces' log-probabilities (the log of their joint probability). Paths that can no longer become
 * a word (`fits`) are dropped at once, so the width is spent on ones that can.
 *
 *   const paths = await beamSearch({ length: 2, width: 5, keep: 10, expand, fits });
 */

export interface Step {
  readonly id: number;
  /** Natural log of the piece's probability at its position, given the path before it. */
  readonly logP: number;
}

export interface Path {
  readonly ids: readonly number[];
  readonly logP: number;
}

export interface BeamOptions {
  /** How many positions to fill. */
  readonly length: number;
  /** Paths kept between steps. */
  readonly width: number;
  /** Paths returned after the last step. */
  readonly keep: number;
  /** For each path, the candidates at position `index` (0-based) given its ids before it, any order. */
  readonly expand: (paths: readonly Path[], index: number) => Promise<readonly (readonly Step[])[]>;
  /** Whether `ids` can still make a word (`done`: they are all of it). */
  readonly fits: (ids: readonly number[], done: boolean) => boolean;
  /**
   * A log-probability below which a path is dropped before it is expanded (default: none). A piece's
   * log-probability is never above 0, so a path below it ends below it: a caller that already holds
   * enough results above the floor runs no model for paths that could not join them.
   */
  readonly floor?: number;
}

export async function beamSearch(options: BeamOptions): Promise<Path[]> {
  const { length, width, keep } = options;
  let paths: Path[] = [{ ids: [], logP: 0 }];
  for (let index = 0; index < length && paths.length > 0; index++) {
    const done = index === length - 1;
    const steps = await options.expand(paths, index);
    const grown: Path[] = [];
    paths.forEach((path, i) => {
      for (const step of steps[i] ?? []) {
        const ids = [...path.ids, step.id];
        if (Number.isFinite(step.logP) && options.fits(ids, done)) grown.push({ ids, logP: path.logP + step.logP });
      }
    });
    grown.sort((a, b) => b.logP - a.logP);
    paths = grown.slice(0, done ? keep : width);
    if (!done && options.floor !== undefined) paths = paths.filter((p) => p.logP >= options.floor!);
  }
  return paths.filter((p) => p.ids.length === length);
}
