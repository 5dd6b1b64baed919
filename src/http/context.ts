import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Daemon } from '../daemon.js';
import type { Metrics } from '../metrics.js';
import type { TokenAuth } from './auth.js';

/** What the route modules share. */
export interface ApiContext {
  daemon: Daemon;
  /** The daemon's clock: event time in a replay, so actions line up with the incident's timeline. */
  clock: Clock;
  auth: TokenAuth;
  log: Logger;
  metrics?: Metrics;
  /** Largest JSON body accepted on ordinary routes. */
  maxBodyBytes: number;
  /** Largest body accepted by the ingest route (batches of posts). */
  maxIngestBytes: number;
  /** Most posts in one ingest request. */
  maxIngestPosts: number;
}
