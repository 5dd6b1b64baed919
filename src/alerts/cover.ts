import { isoUtc } from '../clock.js';
import { formatDuration } from '../duration.js';
import { severityRank } from '../types.js';
import { outgrows } from './growth.js';
import type { StoredIncident } from './incident-record.js';

/*
 * A lesser signal held back while a crisis of the same brand was open (inhibition) is often that
 * crisis seen through another rule: the negative posts of a product-safety wave, counted over four
 * hours, stay "far above the usual" for hours after the wave itself has calmed down. Sent when the
 * crisis resolves, it would tell the team "resolved" and then, a minute later, warn about the same
 * posts. The crisis's notices list the signals grouped under it ("Related signals", notify.ts), so
 * a held signal that was grouped before the crisis's last notice has been told: it is sent later
 * only if it outgrows what it counted when the crisis resolved (the updates' growth factor), or if
 * its severity rises. One that appeared after the crisis's last notice was never mentioned, and
 * goes out as before.
 */

type CoverFigure = NonNullable<StoredIncident['coveredBy']>['figures'][number];

/** The incident's headline count as a cover keeps it: the count, with its metric and window. */
function volumeFigure(inc: StoredIncident): CoverFigure {
  const v = inc.volume;
  return { count: v?.count ?? 0, ...(v?.measure ? { measure: v.measure } : {}) };
}

/** How the timeline says an incident joined a crisis's group (incidents.ts writes it). */
export const GROUPED_UNDER = 'grouped under';

/**
 * Called when `inc` leaves the group of `parent` because the parent resolved: marks it covered
 * (and drops its pending notice) when it had something unsent and the parent's notices listed it.
 * Returns whether it did.
 */
export function coverByResolvedParent(inc: StoredIncident, parent: StoredIncident, at: number): boolean {
  if (parent.status !== 'resolved' || inc.notifiedRevision >= inc.revision || inc.status === 'resolved') return false;
  // One that rose to the crisis's severity is not a lesser signal of it any more.
  if (severityRank(inc.severity) >= severityRank(parent.severity)) return false;
  const grouped = inc.timeline.findLast((e) => e.text?.startsWith(`${GROUPED_UNDER} ${parent.id} `))?.at;
  if (!grouped || !parent.lastNotifiedAt || Date.parse(grouped) > Date.parse(parent.lastNotifiedAt)) return false;
  const figure = volumeFigure(inc);
  const count = figure.count;
  inc.coveredBy = { id: parent.id, figures: [figure] };
  inc.notifyAt = undefined;
  inc.heldBy = undefined;
  inc.timeline.push({
    at: isoUtc(at),
    kind: 'updated',
    text: `revision ${inc.revision} not sent: ${parent.id} (${parent.rule}), resolved, listed it among its related signals; sent if the count (${count}) outgrows that`,
  });
  return true;
}

/**
 * Whether a covered incident's headline outgrew, by the updates' growth factor, what it counted
 * when its crisis resolved; if so the cover is lifted (with a timeline line) and its notice may go.
 * A surge rule's headline moves between metrics and windows (36 fraud posts in 1 h, then 5,278
 * negative posts in 4 h; 1,543 negative posts in 15 min, then 5,278 in 4 h): a figure is only
 * compared with one of the same metric over the same window, since four hours hold more posts
 * than a quarter of an hour of the same wave. The first count of a metric and window seen after
 * the resolution becomes its base instead of being taken for growth.
 */
export function outgrewCover(growth: number, inc: StoredIncident, at: number): boolean {
  const cover = inc.coveredBy;
  if (!cover) return true;
  const v = inc.volume;
  if (!v) return false;
  const now = { count: v.count, measure: v.measure };
  const metric = v.measure?.metric;
  const base = cover.figures.find((f) => f.measure?.metric === metric && f.measure?.windowMs === v.measure?.windowMs);
  if (!base) {
    cover.figures.push(volumeFigure(inc));
    return false;
  }
  if (!outgrows(now, base, growth)) return false;
  delete inc.coveredBy;
  inc.nextKind = 'update';
  inc.timeline.push({ at: isoUtc(at), kind: 'updated', text: `grew from ${base.count} to ${v.count} after ${cover.id} resolved: no longer covered by it` });
  return true;
}

/**
 * A covered signal often resolves with its crisis (both quiet), then fires again a few minutes
 * later as a new incident: its long window (four hours of negative posts) still holds the wave, and
 * the hour's expectation moved. That is the same posts again, not news. A new incident of the same
 * rule and subject, no more severe than the covered one, firing while its window still reaches
 * back to that one's resolution, starts covered by the same crisis: its first count is the base,
 * and it is sent if it outgrows that or its severity rises (applyFiring), as above. Returns
 * whether it did.
 */
export function inheritCover(inc: StoredIncident, previous: StoredIncident | undefined, windowMs: number, at: number): boolean {
  if (!previous?.coveredBy || previous.status !== 'resolved' || !previous.resolvedAt || previous.fingerprint !== inc.fingerprint) return false;
  const since = at - Date.parse(previous.resolvedAt);
  if (since < 0 || since > windowMs || severityRank(inc.severity) > severityRank(previous.severity)) return false;
  const figure = volumeFigure(inc);
  const count = figure.count;
  inc.coveredBy = { id: previous.coveredBy.id, figures: [figure] };
  inc.notifyAt = undefined;
  inc.heldBy = undefined;
  inc.timeline.push({
    at: isoUtc(at),
    kind: 'updated',
    text: `revision ${inc.revision} not sent: ${previous.id}, the same signal, resolved ${formatDuration(since)} ago covered by ${previous.coveredBy.id}, and this window still holds those posts; sent if the count (${count}) outgrows that`,
  });
  return true;
}
