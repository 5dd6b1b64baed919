import type { Logger } from 'pino';
import type { IncidentStore } from '../alerts/incident-store.js';
import type { IncidentManager } from '../alerts/incidents.js';
import type { SilenceStore } from '../alerts/silences.js';
import type { WindowReader } from '../alerts/windows.js';
import type { Clock } from '../clock.js';
import type { VigieConfig } from '../config/load.js';
import type { IntakeCounts } from '../intake/intake.js';
import type { Metrics } from '../metrics.js';
import type { PostStore } from '../post-store.js';
import type { Role } from '../queues/jobs.js';
import type { Post, SourceHealthView } from '../types.js';
import type { TokenAuth } from './auth.js';

/**
 * What the routes may use of the running daemon: its stores, the intake and a few requests. No
 * Redis connection and no queue: a route that needs more asks for it here, by name. The Daemon
 * (src/daemon.ts) provides it.
 */
export interface DaemonView {
  /** The configuration in force (a reload swaps it). */
  readonly currentConfig: VigieConfig;
  readonly incidentStore: IncidentStore;
  /** The human actions on incidents (acknowledge, note, silence, resolve...). */
  readonly incidents: Pick<IncidentManager, 'act'>;
  readonly silences: SilenceStore;
  readonly windows: WindowReader;
  readonly posts: PostStore;
  sourceHealth(): Promise<SourceHealthView[]>;
  /** Each worker of this process and whether it is running (readiness). */
  workerStates(): { role: Role; running: boolean }[];
  /** Posts from the ingest API into the one intake; `now` is the reading their dates were checked at. */
  ingest(posts: Post[], now: number): Promise<IntakeCounts>;
  /** A sweep at `at`, now rather than at the next periodic one. */
  requestSweep(at: number): Promise<void>;
  /** The Redis connection's status and whether an outage is under way (answer 503 at once). */
  redisLink(): { status: string; unreachable: boolean };
  pingRedis(): Promise<string>;
}

/** What the route modules share. */
export interface ApiContext {
  daemon: DaemonView;
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
