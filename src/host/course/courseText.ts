/**
 * A course pack's own text made safe for a notification (extension host): a teacher's pack is a
 * file from anywhere, so its messages go through the one neutraliser (protocol/neutralise.ts).
 */
import { neutralise } from '../../protocol/neutralise';

export function neutralCourseText(text: string): string {
  return neutralise(text, 600);
}
