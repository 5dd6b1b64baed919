/**
 * Every Redis key Vigie writes, in one place. All start with the configured prefix; a prefix in
 * braces (`{vigie}`) puts every key in one Redis Cluster slot, which the Lua scripts need.
 */
export function keys(prefix: string) {
  return {
    minute: (brand: string, minute: number) => `${prefix}:win:m:${brand}:${minute}`,
    hour: (brand: string, hour: number) => `${prefix}:win:h:${brand}:${hour}`,
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
    silences: () => `${prefix}:silences`,
    notified: (key: string) => `${prefix}:notified:${key}`,
    /** Written before a channel is asked to deliver `key`, removed once the outcome is known. */
    notifyAttempt: (key: string) => `${prefix}:notifying:${key}`,
    replayCursor: (name: string) => `${prefix}:replay:${name}`,
  };
}

export type Keys = ReturnType<typeof keys>;
