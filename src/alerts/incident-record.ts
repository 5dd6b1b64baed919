import type { Incident, VolumeMeasure } from '../types.js';
import type { NotificationKind } from './notifiers/notifier.js';

/*
 * The incident record as stored: what the lifecycle (lifecycle.ts) decides over and the store
 * (incident-store.ts) persists. Its own module so that neither of the two imports the other's types.
 */

/** Incident plus the bookkeeping the lifecycle needs; what the API shows is `Incident`. */
export interface StoredIncident extends Incident {
  lastFiredAt: string;
  /** When the pending revision is due to be notified (group wait); absent once sent. */
  notifyAt?: string;
  /** Revision last handed to the channels. */
  notifiedRevision: number;
  lastNotifiedAt?: string;
  /** When the next escalation step is due, while unacknowledged. */
  escalateAt?: string;
  /** Routes matched at opening: channels and escalation policy. */
  channels: string[];
  escalationPolicy?: string;
  /** What held the last due notification back (`silence:<id>`, `inhibited:<incident>`), so the timeline says it once. */
  heldBy?: string;
  /** Notifications saved with the incident and not yet queued (empty but after a crash). */
  outbox?: PendingNotification[];
  /** What the pending notification is: an update when the incident grew (a first page otherwise). */
  nextKind?: 'update';
  /** When the last firing or update notice went out (escalations and acknowledgements aside). */
  lastToldAt?: string;
  /**
   * The resolved crisis whose notices listed this signal while it was held back (cover.ts), and
   * the headline figures to outgrow before it is notified: the one at the resolution, then the
   * first of each other metric seen since.
   */
  coveredBy?: { id: string; figures: { count: number; measure?: VolumeMeasure }[] };
}

/** A notification to queue: one job per channel, keyed by incident revision so it is sent once. */
export interface PendingNotification {
  kind: NotificationKind;
  incidentId: string;
  revision: number;
  channels: string[];
  step?: number;
}

/**
 * What grouping, inhibition and the replay's timing read of every open incident: a few fields,
 * kept beside the full record so that those passes do not parse every open incident's timeline.
 */
export type OpenIncidentDigest = Pick<StoredIncident, 'id' | 'fingerprint' | 'brand' | 'rule' | 'severity' | 'status' | 'openedAt' | 'parentId' | 'notifyAt' | 'escalateAt'>;

export function digestOf(inc: StoredIncident): OpenIncidentDigest {
  const d: OpenIncidentDigest = { id: inc.id, fingerprint: inc.fingerprint, brand: inc.brand, rule: inc.rule, severity: inc.severity, status: inc.status, openedAt: inc.openedAt };
  if (inc.parentId !== undefined) d.parentId = inc.parentId;
  if (inc.notifyAt !== undefined) d.notifyAt = inc.notifyAt;
  if (inc.escalateAt !== undefined) d.escalateAt = inc.escalateAt;
  return d;
}
