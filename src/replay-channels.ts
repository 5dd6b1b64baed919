import type { ChannelEntry, VigieConfig } from './config/load.js';

/**
 * Where a replay's alerts go. A replay re-plays the past: paging the comms team's Slack, emailing
 * the PR lead or appending to the production alerts file about it would be a false alarm with real
 * consequences. So, unless asked (`liveChannels`), a replay keeps only the channels that write to
 * its own terminal (console) and its own alerts file (`--alerts-out`), and withholds the others.
 */
export interface ReplayDelivery {
  /** The configured channels were used as they are (`--live-channels`). */
  live: boolean;
  /** Channels the replay's alerts went to: ids with what they are, e.g. `alerts-out (out.jsonl)`. */
  used: string[];
  /** Configured channels the replay did not use. */
  withheld: string[];
}

export interface ReplayChannelOptions {
  /** Appends every notification as one JSON line here. */
  alertsOut?: string;
  /** Use the configured channels as they are (Slack, email, files...). @default false */
  liveChannels?: boolean;
  /**
   * In an isolated replay, print alerts on this process's standard output (the configured console
   * channels, or one of the replay's own when there is none and no alerts file). @default true
   */
  terminal?: boolean;
}

const ALERTS_OUT = 'alerts-out';
const REPLAY_TERMINAL = 'replay-terminal';

/** The channels, routes and escalation steps a replay runs with, and what that means for people. */
export function replayChannels(config: VigieConfig, o: ReplayChannelOptions): { config: VigieConfig; delivery: ReplayDelivery } {
  const extra: ChannelEntry[] = [];
  if (o.alertsOut) extra.push({ id: ALERTS_OUT, type: 'jsonl', options: { path: o.alertsOut }, extra: {} });
  const describe = (c: ChannelEntry) => (c.id === ALERTS_OUT ? `${c.id} (${o.alertsOut})` : c.type === 'console' ? `${c.id} (this terminal)` : `${c.id} (${c.type})`);

  let kept: ChannelEntry[];
  let withheld: ChannelEntry[] = [];
  if (o.liveChannels) {
    kept = config.channels;
  } else {
    const terminal = o.terminal ?? true;
    kept = terminal ? config.channels.filter((c) => c.type === 'console') : [];
    withheld = config.channels.filter((c) => !kept.includes(c));
    if (terminal && kept.length === 0 && extra.length === 0) {
      extra.push({ id: REPLAY_TERMINAL, type: 'console', options: { color: 'auto' }, extra: {} });
    }
  }
  const keptIds = new Set(kept.map((c) => c.id));
  const extraIds = extra.map((c) => c.id);
  const channelsOf = (ids: readonly string[]) => [...new Set([...ids.filter((id) => keptIds.has(id)), ...extraIds])];

  const out: VigieConfig = {
    ...config,
    channels: [...kept, ...extra],
    routes: config.routes.map((r) => ({ ...r, channels: channelsOf(r.channels) })),
    escalation: Object.fromEntries(
      Object.entries(config.escalation).map(([k, p]) => [k, { ...p, steps: p.steps.map((s) => ({ ...s, channels: channelsOf(s.channels) })) }]),
    ),
  };
  if (out.routes.length === 0 && extraIds.length > 0) out.routes = [{ channels: extraIds, stop: true }];
  return {
    config: out,
    delivery: { live: o.liveChannels === true, used: out.channels.map(describe), withheld: withheld.map((c) => `${c.id} (${c.type})`) },
  };
}

/** One sentence for people: where the alerts went, and what was kept out. */
export function describeDelivery(d: ReplayDelivery): string {
  const used = d.used.length > 0 ? d.used.join(', ') : 'no channel';
  if (d.live) return `alerts went to the configured channels (--live-channels): ${used}`;
  const held = d.withheld.length > 0 ? `; not sent to the configured ${d.withheld.join(', ')} (add --live-channels to use them)` : '';
  return `alerts went to ${used}${held}`;
}
