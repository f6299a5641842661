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
