/**
 * A command whose result takes one place (Analyze Selection's, Mask Word's, Next Word's: the
 * panel, the side view, the document's latest analysis that hovers and decorations follow, the
 * word it writes), asked again before its last run ended (extension host): the one asked last
 * wins, whatever order the results come in. Asking
 * again cancels the run before it, which then ends at once as 'cancelled', says nothing, and lets
 * its result go (AnalysisProgress, whileFresh); otherwise a slow first run (its model loading) would
 * replace the second's result when it came.
 *
 * Across commands the places are shared, but not all of each: an older run of another command is
 * not cancelled (a Mask Word's filler the person is choosing, or has chosen, still goes into the
 * document; an analysis still answers hovers on its own document), only kept from the shared place
 * of one asked after it. Each ask takes a turn in the store (AnalysisStore.ask), which keeps an
 * older turn's analysis from being the latest; a command shows in the panel only what is the latest.
 *
 *   const asked = this.selections.ask();   // cancels the previous Analyze Selection, if running
 *   await runner.run(document, start, end, options, asked);
 */
import * as vscode from 'vscode';
import { EngineError } from '../../engine/errors';

/** A run's place among those asked: `superseded` is cancelled by a newer ask of the same command, `turn` orders all commands. */
export interface Turn {
  readonly superseded: vscode.CancellationToken;
  readonly turn: number;
}

export class LatestWins {
  private current: vscode.CancellationTokenSource | null = null;

  /** `turns`: the store whose turns order every command's results. */
  constructor(private readonly turns: { ask(): number }) {}

  /** A new run: the one asked before it is superseded (its token cancelled). Returns the new run's token and turn. */
  ask(): Turn {
    this.current?.cancel();
    this.current?.dispose();
    this.current = new vscode.CancellationTokenSource();
    return { superseded: this.current.token, turn: this.turns.ask() };
  }
}

/** The cancellation of a run that a newer one of the same command superseded (never said: the newer one answers). */
export function supersededError(): EngineError {
  return new EngineError('cancelled', 'a newer request of the same command superseded this one');
}
