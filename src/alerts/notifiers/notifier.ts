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
}

export interface NotifyContext {
  log: Logger;
  signal: AbortSignal;
}

/**
 * One channel. `send` resolves when delivered; it throws RetryableError for failures worth
 * retrying (5xx, 429 with its wait, timeouts) and PermanentError for the others.
 */
export interface Notifier {
  readonly id: string;
  readonly type: string;
  send(notification: Notification, ctx: NotifyContext): Promise<void>;
  close?(): Promise<void>;
}

export interface NotifierBuildContext {
  env: NodeJS.ProcessEnv;
  log: Logger;
}

export type NotifierSpec<Options = unknown> = PluginSpec<Options, Notifier, NotifierBuildContext>;
