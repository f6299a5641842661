/**
 * Keyboard movement for the token strip (a list) and the heatmap (a grid) — pure index arithmetic,
 * browser and Node. Returns null for keys that do not move, so the caller leaves those alone.
 */
import type { Cell } from '../views/heatmapMath';

const PAGE = 10;

/** The next position in a list of `count` after `key`, clamped to the ends. */
export function moveInList(current: number, key: string, count: number): number | null {
  if (count <= 0) return null;
  let next: number;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      next = current + 1;
      break;
    case 'ArrowLeft':
    case 'ArrowUp':
      next = current - 1;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = count - 1;
      break;
    case 'PageDown':
      next = current + PAGE;
      break;
    case 'PageUp':
      next = current - PAGE;
      break;
    default:
      return null;
  }
  return Math.max(0, Math.min(count - 1, next));
}

/** The next cell of a `count` × `count` grid: left/right move the key, up/down the query. */
export function moveInGrid(cell: Cell, key: string, count: number): Cell | null {
  if (count <= 0) return null;
  const clamp = (i: number): number => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowRight':
      return { query: cell.query, key: clamp(cell.key + 1) };
    case 'ArrowLeft':
      return { query: cell.query, key: clamp(cell.key - 1) };
    case 'ArrowDown':
      return { query: clamp(cell.query + 1), key: cell.key };
    case 'ArrowUp':
      return { query: clamp(cell.query - 1), key: cell.key };
    case 'Home':
      return { query: cell.query, key: 0 };
    case 'End':
      return { query: cell.query, key: count - 1 };
    case 'PageDown':
      return { query: clamp(cell.query + PAGE), key: cell.key };
    case 'PageUp':
      return { query: clamp(cell.query - PAGE), key: cell.key };
    default:
      return null;
  }
}

/**
 * The next place in a `rows` × `columns` grid (the model view's layers × heads) with the heatmap's
 * meanings: arrows a step, Home/End the row's first and last column, PageUp/PageDown ten rows.
 */
export function moveInRows(at: { row: number; column: number }, key: string, rows: number, columns: number): { row: number; column: number } | null {
  if (rows <= 0 || columns <= 0) return null;
  const step: Record<string, [number, number]> = {
    ArrowUp: [at.row - 1, at.column],
    ArrowDown: [at.row + 1, at.column],
    ArrowLeft: [at.row, at.column - 1],
    ArrowRight: [at.row, at.column + 1],
    Home: [at.row, 0],
    End: [at.row, columns - 1],
    PageUp: [at.row - PAGE, at.column],
    PageDown: [at.row + PAGE, at.column],
  };
  const next = step[key];
  if (!next) return null;
  return { row: Math.max(0, Math.min(rows - 1, next[0])), column: Math.max(0, Math.min(columns - 1, next[1])) };
}
