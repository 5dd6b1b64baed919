import type { Status } from './api-types.js';

/** What the page shows now: the list or one incident, how it reloads, what to do when it is gone. */
export interface View {
  kind: 'list' | 'detail';
  load(): Promise<unknown>;
  onMissing?(): void;
  /** Draws the view again from the data it has (the chart follows the window's width). */
  redraw?(): void;
}

/** The page's state: the daemon's clock and status, the current view and the refresh loop. */
export const app: {
  now: number;
  status: Status | null;
  view: View | null;
  timer: number;
  lastOk: number;
  failing: boolean;
  refreshMs: number;
} = { now: 0, status: null, view: null, timer: 0, lastOk: 0, failing: false, refreshMs: 5000 };

{
  const r = Number(new URLSearchParams(location.search).get('refresh'));
  if (r >= 1) app.refreshMs = r * 1000;
}

export function actionsDisabled(): boolean {
  return app.status?.actions === 'disabled';
}
