import { isoUtc } from '../clock.js';
import { severityRank, type CrisisCategory } from '../types.js';
import { outgrows } from './growth.js';
import type { StoredIncident } from './incident-record.js';

/*
 * A lesser signal held back while a crisis of the same brand was open (inhibition) is often that
 * crisis seen through another rule: the negative posts of a product-safety wave, counted over four
 * hours, stay "far above the usual" for hours after the wave itself has calmed down. Sent when the
 * crisis resolves, it would tell the team "resolved" and then, a minute later, warn about the same
 * posts. So a held signal whose posts are of the crisis's own kinds (a crisis category in common)
 * counts as told by the crisis's notices: it is sent later only if it outgrows what it counted when
 * the crisis resolved (the updates' growth factor), or if its severity rises. A held signal about
 * something else (service complaints during a boycott) is not covered and goes out as before.
 */

/**
 * Called when `inc` leaves the group of `parent` because the parent resolved: marks it covered
 * (and drops its pending notice) when it had something unsent and shares a crisis category with
 * the parent. Returns whether it did.
 */
export function coverByResolvedParent(inc: StoredIncident, parent: StoredIncident, at: number): boolean {
  if (parent.status !== 'resolved' || inc.notifiedRevision >= inc.revision || inc.status === 'resolved') return false;
  // One that rose to the crisis's severity is not a lesser signal of it any more.
  if (severityRank(inc.severity) >= severityRank(parent.severity)) return false;
  const shared = sharedCategories(inc, parent);
  if (shared.length === 0) return false;
  const count = inc.volume?.count ?? 0;
  inc.coveredBy = { id: parent.id, count, ...(inc.volume?.measure ? { measure: inc.volume.measure } : {}) };
  inc.notifyAt = undefined;
  inc.heldBy = undefined;
  inc.timeline.push({
    at: isoUtc(at),
    kind: 'updated',
    text: `revision ${inc.revision} not sent: ${parent.id} (${parent.rule}), resolved, told the team about these ${shared.join(', ')} posts; sent if the count (${count}) outgrows that`,
  });
  return true;
}

/**
 * Whether a covered incident's headline outgrew what it counted when its crisis resolved, by the
 * updates' growth factor; if so the cover is lifted (with a timeline line) and its notice may go.
 */
export function outgrewCover(growth: number, inc: StoredIncident, at: number): boolean {
  const cover = inc.coveredBy;
  if (!cover) return true;
  const v = inc.volume;
  if (!v || !outgrows({ count: v.count, measure: v.measure }, cover, growth)) return false;
  delete inc.coveredBy;
  inc.nextKind = 'update';
  inc.timeline.push({ at: isoUtc(at), kind: 'updated', text: `grew from ${cover.count} to ${v.count} after ${cover.id} resolved: no longer covered by it` });
  return true;
}

function sharedCategories(inc: StoredIncident, parent: StoredIncident): CrisisCategory[] {
  const theirs = new Set(parent.explanation?.categories ?? []);
  return (inc.explanation?.categories ?? []).filter((c) => theirs.has(c));
}
