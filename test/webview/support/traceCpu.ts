/**
 * The CPU time of a page's renderer over a Chromium trace (plain Node): the tasks that began
 * between the User Timing marks ab-start and ab-end, read from the trace's toplevel RunTask events
 * (their thread time), which a busy machine sways far less than the wall clock.
 */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
}

/** CPU ms of the page's main thread, and of all its renderer's threads, in tasks that began between the marks. */
export function cpuTime(trace: Buffer): { main: number; all: number } {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const mark = (name: string): TraceEvent | undefined => events.find((e) => e.name === name && e.cat.includes('user_timing'));
  const [start, end] = [mark('ab-start'), mark('ab-end')];
  if (!start || !end) throw new Error('no marks in the trace');
  const tasks = events.filter((e) => e.pid === start.pid && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.ts >= start.ts && e.ts <= end.ts);
  const sum = (list: TraceEvent[]): number => list.reduce((n, e) => n + (e.tdur ?? 0), 0) / 1000;
  return { main: sum(tasks.filter((e) => e.tid === start.tid)), all: sum(tasks) };
}
