/**
 * A command whose result takes one place (Analyze Selection's, Mask Word's, Next Word's: the
 * panel, the side view, the document's latest analysis that hovers and decorations follow, the
 * word it writes), asked again before its last run ended (extension host): the one asked last
 * wins, whatever order the results come in. Asking
 * again cancels the run before it, which then ends at once as 'cancelled', says nothing, and lets
 * its result go (AnalysisProgress, whileFresh); otherwise a slow first run (its model loading) would
 * replace the second's result when it came.
 *
 *   const superseded = this.selections.ask();   // cancels the previous Analyze Selection, if running
 *   await runner.run(document, start, end, options, { superseded });
 */
import * as vscode from 'vscode';
import { EngineError } from '../../engine/errors';

export class LatestWins {
  private current: vscode.CancellationTokenSource | null = null;

  /** A new run: the one asked before it is superseded (its token cancelled). Returns the new run's token. */
  ask(): vscode.CancellationToken {
    this.current?.cancel();
    this.current?.dispose();
    this.current = new vscode.CancellationTokenSource();
    return this.current.token;
  }
}

/** The cancellation of a run that a newer one of the same command superseded (never said: the newer one answers). */
export function supersededError(): EngineError {
  return new EngineError('cancelled', 'a newer request of the same command superseded this one');
}
