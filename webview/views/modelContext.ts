/**
 * What the model view (modelView.ts, browser) is shown and tells: the analysis and cleaning its
 * grid of heads draws, and the head a user opens.
 */
import type { Cleaning } from '../../src/protocol/views';
import type { ViewSource } from '../common/viewSource';

export interface ModelContext {
  readonly source: ViewSource;
  readonly key: number;
  readonly layers: number;
  readonly heads: number;
  readonly cleaning: Cleaning;
}

export interface ModelEvents {
  onOpen(layer: number, head: number): void;
}
