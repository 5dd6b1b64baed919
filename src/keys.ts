/**
 * Every Redis key Vigie writes, in one place. All start with the configured prefix; a prefix in
 * braces (`{vigie}`) puts every key in one Redis Cluster slot, which the Lua scripts need.
 * (BullMQ's own keys, `${prefix}:<queue>:...`, are BullMQ's.)
 */

/** What the collect stage keeps per source. */
export type SourceKeyKind = 'lock' | 'cursor' | 'seen' | 'health' | 'notBefore';

export function keys(prefix: string) {
  return {
    /** Per source: its lock, cursor, capped seen-set, health record and back-off deadline. */
    source: (sourceId: string, kind: SourceKeyKind) => `${prefix}:source:${sourceId}:${kind}`,
    /** Across sources (and the ingest API): the ids of posts already queued, scored by when. */
    crossSourceDedupe: () => `${prefix}:sources:dedupe`,
    minute: (brand: string, minute: number) => `${prefix}:win:m:${brand}:${minute}`,
    hour: (brand: string, hour: number) => `${prefix}:win:h:${brand}:${hour}`,
    /** Sorted set: each hour bucket of a brand written, scored by the brand's write sequence (HourCache). */
    hourLog: (brand: string) => `${prefix}:win:hl:${brand}`,
    /** Hash of that log: its epoch (made anew with the log), sequence, and the sequence trimmed up to. */
    hourLogState: (brand: string) => `${prefix}:win:hs:${brand}`,
    /** A brand's whole-day volume (field `posts`), for the weekly rhythm: five weeks kept. */
    day: (brand: string, day: number) => `${prefix}:win:d:${brand}:${day}`,
    top: (brand: string, minute: number) => `${prefix}:win:top:${brand}:${minute}`,
    /** HyperLogLog of the authors of one metric's posts in one minute. */
    authors: (brand: string, minute: number, metric: string) => `${prefix}:win:a:${brand}:${minute}:${metric}`,
    latest: (brand: string) => `${prefix}:win:latest:${brand}`,
    /** Earliest event time seen for a brand: where its baseline may start. */
    firstSeen: (brand: string) => `${prefix}:win:first:${brand}`,
    post: (id: string) => `${prefix}:post:${id}`,
    incident: (id: string) => `${prefix}:incident:${id}`,
    openIncident: (fingerprint: string) => `${prefix}:incident:open:${fingerprint}`,
    incidentIndex: () => `${prefix}:incidents`,
    /** Ids of the incidents not resolved yet. */
    openIncidentIds: () => `${prefix}:incidents:open`,
    /** Hash: open incident id → its digest (OpenIncidentDigest, JSON), written with the incident. */
    openIncidentDigests: () => `${prefix}:incidents:open:digest`,
    silences: () => `${prefix}:silences`,
    notified: (key: string) => `${prefix}:notified:${key}`,
    /** Written before a channel is asked to deliver `key`, removed once the outcome is known. */
    notifyAttempt: (key: string) => `${prefix}:notifying:${key}`,
    replayCursor: (name: string) => `${prefix}:replay:${name}`,
    /** How far a replay got, to resume it. */
    replayProgress: () => `${prefix}:replay:progress`,
  };
}

export type Keys = ReturnType<typeof keys>;
