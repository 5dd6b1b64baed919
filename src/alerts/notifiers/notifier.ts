import type { Logger } from 'pino';
import type { PluginSpec } from '../../plugin.js';
import type { Incident, ScoredPost } from '../../types.js';

export type NotificationKind = 'firing' | 'escalated' | 'resolved' | 'test';

/** What a channel is asked to deliver: one incident at one revision, with its top posts. */
export interface Notification {
  /** `incidentId:revision:channel` — a channel delivers a key at most once. */
  key: string;
  kind: NotificationKind;
  channel: string;
  incident: Incident;
  /** The evidence posts, most important first. */
  posts: ScoredPost[];
  /** Link to the incident page, when the daemon has a public URL. */
  link?: string;
  /** Escalation step that caused it, for `escalated`. */
  step?: number;
  createdAt: string;
  /**
   * Set when an earlier attempt was interrupted (a worker killed mid-send) and the channel cannot
   * tell whether it arrived: this may be the second copy. Channels say so in the alert.
   */
  possibleRepeat?: boolean;
}

export interface NotifyContext {
  log: Logger;
  signal: AbortSignal;
}

/**
 * One channel. `send` resolves when delivered; it throws RetryableError for failures worth
 * retrying (5xx, 429 with its wait, timeouts) and PermanentError for the others. Dedup, silences,
 * retries and the notification log are the notify stage's business, never a channel's.
 */
export interface Notifier {
  readonly id: string;
  readonly type: string;
  send(notification: Notification, ctx: NotifyContext): Promise<void>;
  /**
   * Whether the channel already holds the notification `key`. Only channels that can tell (a file
   * they write) implement it; the notify stage asks after an attempt was interrupted (a worker
   * killed mid-send) to decide whether to send again. Without it, an interrupted send is repeated,
   * marked as a possible repeat.
   */
  delivered?(key: string): Promise<boolean>;
  close?(): Promise<void>;
}

export interface NotifierBuildContext {
  env: NodeJS.ProcessEnv;
  log: Logger;
}

export type NotifierSpec<Options = unknown> = PluginSpec<Options, Notifier, NotifierBuildContext>;
