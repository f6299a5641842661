/**
 * What a matrix view (matrixView.ts, browser) is shown and tells: the analysis and choice it draws,
 * and the cell a user picks.
 */
import type { ViewChoice } from '../../src/protocol/viewChoice';
import type { ViewSource } from '../common/viewSource';
import type { Cell } from './heatmapMath';

export interface MatrixContext {
  readonly source: ViewSource;
  readonly key: number;
  /** Labels of the (cleaned) axis. */
  readonly labels: readonly string[];
  readonly decoder: boolean;
  readonly hasScores: boolean;
  /** What the matrix shows: its layer, combination of heads (or rollout) and cleaning. */
  readonly choice: ViewChoice;
}

export interface MatrixEvents {
  /** A cell was picked (click or Enter): the panel focuses its query token. */
  onPick(cell: Cell): void;
}
