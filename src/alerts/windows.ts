import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DAY, HOUR, MINUTE, minuteOf } from '../clock.js';
import { keys, type Keys } from '../keys.js';
import { PostStore } from '../post-store.js';
import { SEVERE_CATEGORIES, type ScoredPost } from '../types.js';
import { toBucket, type Bucket } from './bucket.js';
import { HourCache, readHourBuckets } from './hour-cache.js';

export type { Bucket } from './bucket.js';

export interface MinuteBucket {
  minute: number;
  counts: Bucket;
}

export interface WindowOptions {
  /** How long minute buckets and posts are kept. */
  minuteRetentionMs: number;
  /** How long hour buckets are kept (the longest baseline). */
  hourRetentionMs: number;
  /** Evidence kept per brand and minute. */
  topPerMinute: number;
  /** How long the per-minute author sets are kept: the longest window whose authors a rule counts. */
  authorRetentionMs: number;
  /** How long whole-day volumes are kept: the weekly rhythm needs a few of each weekday. */
  dayRetentionMs: number;
}

export const DEFAULT_WINDOW_OPTIONS: WindowOptions = {
  minuteRetentionMs: 2 * 24 * HOUR,
  hourRetentionMs: 8 * 24 * HOUR,
  topPerMinute: 10,
  authorRetentionMs: 12 * HOUR,
  dayRetentionMs: 36 * DAY,
};

/**
 * The metrics of a post whose distinct authors are counted: those a wave is made of. None for the
 * brand's own accounts, which postIncrements leaves out of these counts too: an apology is not one
 * more author of the wave ("36 posts from 38 authors").
 */
export function authorMetrics(p: ScoredPost): string[] {
  const out: string[] = [];
  if (p.official) return out;
  if (countsAsNegative(p)) out.push('neg');
  if (p.crisis.categories.length > 0) {
    out.push('crisis');
    if (isSevere(p)) out.push('severe');
    for (const c of p.crisis.categories) out.push(`c:${c}`);
  }
  return out;
}

/** Whether a metric counts posts that hurt (and so their distinct authors): neg, crisis, severe, c:*. */
export function isHarmMetric(metric: string): boolean {
  return metric === 'neg' || metric === 'crisis' || metric === 'severe' || metric.startsWith('c:');
}

/**
 * Whether a post counts among its brand's negative posts (`neg`): its sentiment is negative, or it
 * has a crisis category (from its terms or the crisis model). A boycott call, a recall notice or a
 * refund that never came is bad news for the brand whatever its tone, and the sentiment models
 * (trained on reviews and everyday posts) read about half of such posts as neutral or even positive:
 * on the crisis sets of test/fixtures/crisis, 107 of 216 held-out crisis posts
 * (heldout-2026-12-02.jsonl) are negative by sentiment alone, 190 with their crisis terms.
 * A negative-surge or slow burn told in words the models miss is then still counted.
 */
export function countsAsNegative(p: ScoredPost): boolean {
  return p.sentiment.label === 'neg' || p.crisis.categories.length > 0;
}

function isSevere(p: ScoredPost): boolean {
  return p.crisis.categories.some((c) => SEVERE_CATEGORIES.includes(c));
}

/** How much a post weighs as evidence: reach, counted fully when it hurts. */
export function evidenceWeight(p: ScoredPost): number {
  const hurts = !p.official && countsAsNegative(p);
  return p.reach * (hurts ? 1 + p.crisis.score : 0.01);
}

/** postIncrements as a flat field, value list (what the batch script reads). */
function flatIncrements(p: ScoredPost): (string | number)[] {
  const inc = postIncrements(p);
  const out: (string | number)[] = [];
  for (const field in inc) out.push(field, inc[field] as number);
  return out;
}

/** The increments one post brings to its brand's bucket. */
export function postIncrements(p: ScoredPost): Bucket {
  const inc: Bucket = { posts: 1, [`p:${p.platform}`]: 1, [`l:${p.lang}`]: 1 };
  // The brand's own voice (an apology quotes the accusation) is never negative or crisis evidence.
  if (p.official) return { ...inc, official: 1 };
  if (countsAsNegative(p)) {
    inc.neg = 1;
    inc.reachNeg = p.reach;
  } else if (p.sentiment.label === 'pos') inc.pos = 1;
  if (p.crisis.categories.length > 0) {
    inc.crisis = 1;
    if (isSevere(p)) inc.severe = 1;
    for (const c of p.crisis.categories) inc[`c:${c}`] = 1;
    for (const t of p.crisis.terms) inc[`t:${t}`] = (inc[`t:${t}`] ?? 0) + 1;
  } else if (p.sentiment.label !== 'neg') {
    // The calm volume: what a launch brings more of, and a crisis does not (see BrandHistory.expect).
    inc.calm = 1;
  }
  for (const m of authorMetrics(p)) inc[`x:${p.platform}:${m}`] = 1;
  return inc;
}

/**
 * What a brand's hour log is started with when a batch creates it (HSETNX): a reader that saw the
 * log before it was deleted and made again knows by the epoch that its sequence means nothing now.
 * Unique to each batch (this process's random part and a count), so a log deleted and made again
 * by the same process has a new one too.
 */
const HOUR_LOG_PROCESS = randomBytes(6).toString('hex');
let hourLogBatches = 0;

// One round trip per batch. A post is counted only if its record was not there yet (SET NX), so a
// retried classify job, a post collected twice or a worker killed mid-batch never counts it twice.
// The fresh posts' increments are summed per bucket first, then written with one HINCRBYFLOAT per
// bucket and field, one ZADD and trim per evidence set, one PEXPIRE per key: a 500-post batch costs
// Redis a few hundred commands instead of ~20 per post. The increments are whole numbers, so the
// sums are exact and the buckets hold what post-by-post increments would have left. Post records
// come as ARGV[5..], one per entry of batch.posts, so their JSON is not escaped into the batch's;
// an empty one for a post the caller knows cannot make an evidence set (see recordCandidates). A
// fresh post that makes one all the same comes back in the reply (after `fresh`) for its record.
// Post storage: the SET NX key is the post's counted-once marker and holds a bare `1`; the whole
// record is written over it (XX, same expiry) only for a post that made its minute's evidence set,
// the only posts anything reads back (alerts' top posts, the influencer rule, the incident page).
// Two days of every post's text would cost ~800 bytes a post for nothing.
// Bucket, evidence and author keys are listed once in batch.keys and named by their index: a page
// shares a few dozen of them, and written out per post they were most of the batch's JSON.
const APPLY_BATCH = `
local HOUR_LOG_KEEP = 256
local ttlMin, ttlHour, cap = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local batch = cjson.decode(ARGV[4])
local K = batch.keys
local ttlAuthors = tonumber(batch.ta)
local ttlDay = tonumber(batch.td)
local dayFields = {'posts', 1}
local authors, authorKeys = {}, {}
local fresh = 0
local sums, sumKeys, sumTtl = {}, {}, {}
local tops, topKeys = {}, {}
local freshAt = {}
local missing = {}
local function add(key, ttl, f)
  local s = sums[key]
  if not s then
    s = {}
    sums[key] = s
    sumKeys[#sumKeys + 1] = key
    sumTtl[key] = ttl
  end
  for i = 1, #f, 2 do s[f[i]] = (s[f[i]] or 0) + f[i + 1] end
end
for i, p in ipairs(batch.posts) do
  if redis.call('SET', p.k, '1', 'NX', 'PX', ttlMin) then
    fresh = fresh + 1
    freshAt[p.id] = i
    for _, b in ipairs(p.b) do
      add(K[b[1]], ttlMin, p.f)
      add(K[b[2]], ttlHour, p.f)
      add(K[b[4]], ttlDay, dayFields)
      local topKey = K[b[3]]
      local t = tops[topKey]
      if not t then
        t = {}
        tops[topKey] = t
        topKeys[#topKeys + 1] = topKey
      end
      t[#t + 1] = p.w
      t[#t + 1] = p.id
    end
    for _, ki in ipairs(p.a) do
      local key = K[ki]
      local a = authors[key]
      if not a then
        a = {}
        authors[key] = a
        authorKeys[#authorKeys + 1] = key
      end
      a[#a + 1] = p.u
    end
  end
end
for _, key in ipairs(authorKeys) do
  local a = authors[key]
  for i = 1, #a, 1000 do redis.call('PFADD', key, unpack(a, i, math.min(i + 999, #a))) end
  redis.call('PEXPIRE', key, ttlAuthors)
end
for _, key in ipairs(sumKeys) do
  for field, v in pairs(sums[key]) do redis.call('HINCRBYFLOAT', key, field, string.format('%.17g', v)) end
  redis.call('PEXPIRE', key, sumTtl[key])
end
-- The hours written, in each brand's hour log (HourCache): one sequence number per brand and batch.
local logs, logSeq = {}, {}
for _, e in ipairs(batch.hl) do
  if sums[K[e[1]]] then
    local log, state = e[2], e[3]
    local seq = logSeq[state]
    if not seq then
      redis.call('HSETNX', state, 'epoch', batch.ep)
      seq = redis.call('HINCRBY', state, 'seq', 1)
      logSeq[state] = seq
      logs[#logs + 1] = {log, state}
    end
    redis.call('ZADD', log, seq, e[4])
  end
end
for _, l in ipairs(logs) do
  -- A brand has about 190 live hours; the rest are hours past retention, written last long ago.
  local n = redis.call('ZCARD', l[1]) - HOUR_LOG_KEEP
  if n > HOUR_LOG_KEEP then
    local cut = redis.call('ZRANGE', l[1], n - 1, n - 1, 'WITHSCORES')
    redis.call('ZREMRANGEBYRANK', l[1], 0, n - 1)
    redis.call('HSET', l[2], 'trimmed', cut[2])
  end
  redis.call('PEXPIRE', l[1], ttlHour)
  redis.call('PEXPIRE', l[2], ttlHour)
end
for _, key in ipairs(topKeys) do
  local t = tops[key]
  -- In slices: unpack() has a limit on how many values it returns.
  for i = 1, #t, 1000 do redis.call('ZADD', key, unpack(t, i, math.min(i + 999, #t))) end
  redis.call('ZREMRANGEBYRANK', key, 0, -(cap + 1))
  redis.call('PEXPIRE', key, ttlMin)
  for _, id in ipairs(redis.call('ZRANGE', key, 0, -1)) do
    local i = freshAt[id]
    if i then
      if ARGV[4 + i] ~= '' then
        redis.call('SET', batch.posts[i].k, ARGV[4 + i], 'XX', 'KEEPTTL')
      else
        missing[#missing + 1] = i
      end
      freshAt[id] = nil
    end
  end
end
for _, l in ipairs(batch.latest) do
  local cur = tonumber(redis.call('GET', l[1]) or '0')
  if l[2] > cur then redis.call('SET', l[1], l[2], 'PX', ttlHour) end
  local first = tonumber(redis.call('GET', l[3]) or '0')
  if first == 0 or l[4] < first then redis.call('SET', l[3], l[4], 'PX', ttlHour)
  else redis.call('PEXPIRE', l[3], ttlHour) end
end
table.insert(missing, 1, fresh)
return missing
`;

// Field totals over the hashes KEYS, added key by key in order (as WindowReader.sum did in
// JavaScript), as a flat field/value list with the fields in the order first seen. Totals go out as
// strings with 17 significant digits: a Lua number returned as such would be cut to an integer.
const SUM_BUCKETS = `
local total, fields = {}, {}
for _, key in ipairs(KEYS) do
  local flat = redis.call('HGETALL', key)
  for i = 1, #flat, 2 do
    local f = flat[i]
    if total[f] == nil then
      total[f] = 0
      fields[#fields + 1] = f
    end
    total[f] = total[f] + tonumber(flat[i + 1])
  end
end
local out = {}
for _, f in ipairs(fields) do
  out[#out + 1] = f
  out[#out + 1] = string.format('%.17g', total[f])
end
return out
`;

// Each evidence id of the sorted sets KEYS with its largest weight (never below 0), in the order
// first seen: the caller sorts, so ties keep the order they had when it merged the sets itself.
const TOP_WEIGHTS = `
local weight, ids = {}, {}
for _, key in ipairs(KEYS) do
  local flat = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
  for i = 1, #flat, 2 do
    local id, w = flat[i], tonumber(flat[i + 1])
    local cur = weight[id]
    if cur == nil then
      ids[#ids + 1] = id
      weight[id] = math.max(w, 0)
    elseif w > cur then
      weight[id] = w
    end
  end
end
local out = {}
for _, id in ipairs(ids) do
  out[#out + 1] = id
  out[#out + 1] = string.format('%.17g', weight[id])
end
return out
`;

export interface ApplyResult {
  /** Posts counted now; the others had been counted before. */
  fresh: number;
  /** Brands touched, with the latest event time seen for each. */
  brands: Map<string, number>;
}

/** Writes a classified batch into the windows, the evidence sets and the post store, each post once. */
export async function applyBatch(
  redis: Redis,
  prefix: string,
  posts: readonly ScoredPost[],
  opts: WindowOptions = DEFAULT_WINDOW_OPTIONS,
): Promise<ApplyResult> {
  const k = keys(prefix);
  const latest = new Map<string, number>();
  const earliest = new Map<string, number>();
  const batch: { keys: string[]; posts: unknown[]; latest: [string, number, string, number][]; hl: [number, string, string, string][]; ep: string; ta: number; td: number } = {
    keys: [],
    posts: [],
    latest: [],
    hl: [],
    ep: `${HOUR_LOG_PROCESS}.${(hourLogBatches += 1)}`,
    ta: opts.authorRetentionMs,
    td: opts.dayRetentionMs,
  };
  // Key indexes (1-based, for Lua) by brand and minute, and by brand, minute and author metric.
  const bucketKeys = new Map<string, number[]>();
  const authorKeys = new Map<string, number>();
  const loggedHours = new Set<string>();
  const index = (key: string) => batch.keys.push(key);
  // Each post's time, minute and evidence weight, worked out once for the candidates and the batch.
  const counted = posts.filter((p) => p.brands.length > 0).map((p) => {
    const t = Date.parse(p.publishedAt);
    return { p, t, m: minuteOf(t), w: evidenceWeight(p) };
  });
  const candidates = recordCandidates(counted, opts.topPerMinute);
  const records: string[] = [];
  for (const { p, t, m, w } of counted) {
    const h = Math.floor(t / HOUR) * HOUR;
    const d = Math.floor(t / DAY) * DAY;
    records.push(candidates.has(p) ? JSON.stringify(p) : '');
    const metrics = authorMetrics(p);
    batch.posts.push({
      k: k.post(p.id),
      id: p.id,
      w,
      f: flatIncrements(p),
      b: p.brands.map((brand) => {
        const id = `${brand}\n${m}`;
        let b = bucketKeys.get(id);
        if (!b) {
          bucketKeys.set(id, (b = [index(k.minute(brand, m)), index(k.hour(brand, h)), index(k.top(brand, m)), index(k.day(brand, d))]));
          const hourId = `${brand}\n${h}`;
          if (!loggedHours.has(hourId)) {
            loggedHours.add(hourId);
            batch.hl.push([b[1] as number, k.hourLog(brand), k.hourLogState(brand), String(h)]);
          }
        }
        return b;
      }),
      u: `${p.platform}:${p.author.id}`,
      a: p.brands.flatMap((brand) =>
        metrics.map((metric) => {
          const id = `${brand}\n${m}\n${metric}`;
          let a = authorKeys.get(id);
          if (a === undefined) authorKeys.set(id, (a = index(k.authors(brand, m, metric))));
          return a;
        }),
      ),
    });
    for (const brand of p.brands) {
      latest.set(brand, Math.max(t, latest.get(brand) ?? 0));
      earliest.set(brand, Math.min(t, earliest.get(brand) ?? t));
    }
  }
  if (batch.posts.length === 0) return { fresh: 0, brands: latest };
  for (const [brand, t] of latest) batch.latest.push([k.latest(brand), t, k.firstSeen(brand), earliest.get(brand) ?? t]);
  const [fresh, ...missing] = (await redis.eval(
    APPLY_BATCH,
    0,
    String(opts.minuteRetentionMs),
    String(opts.hourRetentionMs),
    String(opts.topPerMinute),
    JSON.stringify(batch),
    ...records,
  )) as number[];
  if (missing.length > 0) {
    // Only when posts counted before (a retried job) were left out of the sets this time, so that a
    // post outranked in the batch made one: its record follows in a second step.
    const pipe = redis.pipeline();
    for (const i of missing) {
      const p = counted[i - 1]?.p as ScoredPost;
      pipe.set(k.post(p.id), JSON.stringify(p), 'KEEPTTL', 'XX');
    }
    await pipe.exec();
  }
  return { fresh: Number(fresh), brands: latest };
}

/**
 * The posts whose record may be needed: those that can make their minute's evidence set. A post
 * outranked (a strictly larger weight) by `cap` others of the batch under the same brand and
 * minute cannot, once they are added: it is the record of most posts of a page, whose JSON
 * would cost the classify thread and Redis for nothing.
 */
export function recordCandidates(posts: readonly { p: ScoredPost; m: number; w: number }[], cap: number): Set<ScoredPost> {
  const byKey = new Map<string, { w: number; p: ScoredPost }[]>();
  for (const { p, m, w } of posts) {
    for (const brand of p.brands) {
      const key = `${brand}\n${m}`;
      const list = byKey.get(key) ?? [];
      list.push({ w, p });
      byKey.set(key, list);
    }
  }
  const out = new Set<ScoredPost>();
  for (const list of byKey.values()) {
    if (list.length <= cap) {
      for (const x of list) out.add(x.p);
      continue;
    }
    // Ties at the cap-th weight are all kept: Redis breaks them by id, which this does not redo.
    const floor = list.map((x) => x.w).sort((a, b) => b - a)[cap - 1] as number;
    for (const x of list) if (x.w >= floor) out.add(x.p);
  }
  return out;
}

/**
 * Hour buckets, day volumes, first-seen times and window totals read during one evaluation, by
 * key, shared by its rules: each statistical rule reads the brand's week of hours for its baseline
 * (the two surge rules and the slow burn: three reads of ~170 hashes for the same hours), and both
 * surge rules total the same 15 minutes and hour. The promise is kept, so rules reading at the same
 * time share one read.
 */
interface EvaluationMemo {
  hours: Map<string, Promise<Bucket>>;
  days: Map<string, Promise<number | undefined>>;
  firstSeen: Map<string, Promise<number>>;
  /** Window totals by brand and span: the two surge rules test the same 15 min and hour. */
  sums: Map<string, Promise<Bucket>>;
}

export interface WindowReaderOptions {
  /**
   * Keep hour buckets between evaluations (HourCache), those of the last `keepMs` (the hour
   * retention) for at most `maxBrands` brands (0: none): for the one long-lived reader of a
   * process that evaluates rules. Its readers for one evaluation share it.
   */
  hourCache?: { keepMs: number; maxBrands: number };
}

/** Reads windows for rules, the API and the triage chart. */
export class WindowReader {
  private readonly k: Keys;
  private readonly store: PostStore;
  private memo?: EvaluationMemo;
  private hourCache?: HourCache;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    options: WindowReaderOptions = {},
  ) {
    this.k = keys(prefix);
    this.store = new PostStore(redis, prefix);
    if (options.hourCache && options.hourCache.maxBrands > 0) this.hourCache = new HourCache(redis, this.k, options.hourCache);
  }

  /**
   * A reader for one evaluation (rules of one brand at one time): hour buckets, day volumes,
   * first-seen times and window totals are read once however many rules ask. Not for longer: they
   * change as posts come in (hour buckets may be kept longer, by the hour cache, which knows when).
   */
  forEvaluation(): WindowReader {
    const reader = new WindowReader(this.redis, this.prefix);
    reader.memo = { hours: new Map(), days: new Map(), firstSeen: new Map(), sums: new Map() };
    reader.hourCache = this.hourCache;
    return reader;
  }

  /**
   * Each item's value through the memo (by its key): the items not read yet in one batch read, the
   * rest as read before.
   */
  private memoized<T, V>(cache: Map<string, Promise<V>>, items: readonly T[], keyOf: (item: T) => string, read: (missing: readonly T[]) => Promise<V[]>): Promise<V[]> {
    const missing = items.filter((item) => !cache.has(keyOf(item)));
    if (missing.length > 0) {
      const replies = read(missing);
      missing.forEach((item, i) => cache.set(keyOf(item), replies.then((r) => r[i] as V)));
    }
    return Promise.all(items.map((item) => cache.get(keyOf(item)) as Promise<V>));
  }

  /** Per-minute buckets for [from, to), oldest first, empty minutes included. */
  async series(brand: string, from: number, to: number): Promise<MinuteBucket[]> {
    const minutes: number[] = [];
    for (let m = minuteOf(from); m < to; m += MINUTE) minutes.push(m);
    const pipe = this.redis.pipeline();
    for (const m of minutes) pipe.hgetall(this.k.minute(brand, m));
    const replies = (await pipe.exec()) ?? [];
    return minutes.map((minute, i) => ({ minute, counts: toBucket(replies[i]?.[1]) }));
  }

  /**
   * Totals over [from, to). Whole hours come from the hour buckets, the ragged ends from minutes,
   * so a 7-day window costs ~170 reads instead of ~10,000. Redis adds them up (SUM_BUCKETS): one
   * small reply instead of ~170 hashes to parse, summed in the same order as they were here before.
   */
  sum(brand: string, from: number, to: number): Promise<Bucket> {
    if (!this.memo) return this.readSum(brand, from, to);
    const key = `${brand}\n${from}\n${to}`;
    let total = this.memo.sums.get(key);
    if (!total) this.memo.sums.set(key, (total = this.readSum(brand, from, to)));
    return total;
  }

  private async readSum(brand: string, from: number, to: number): Promise<Bucket> {
    const bucketKeys: string[] = [];
    let t = minuteOf(from);
    while (t < to) {
      if (t % HOUR === 0 && t + HOUR <= to) {
        bucketKeys.push(this.k.hour(brand, t));
        t += HOUR;
      } else {
        bucketKeys.push(this.k.minute(brand, t));
        t += MINUTE;
      }
    }
    if (bucketKeys.length === 0) return {};
    const flat = (await this.redis.eval(SUM_BUCKETS, bucketKeys.length, ...bucketKeys)) as string[];
    const total: Bucket = {};
    for (let i = 0; i + 1 < flat.length; i += 2) total[flat[i] as string] = Number(flat[i + 1]);
    return total;
  }

  /** Hourly totals for [from, to), for baselines. */
  async hourly(brand: string, from: number, to: number): Promise<Bucket[]> {
    const starts: number[] = [];
    for (let h = Math.floor(from / HOUR) * HOUR; h < to; h += HOUR) starts.push(h);
    if (!this.memo) return this.readHours(brand, starts);
    return this.memoized(this.memo.hours, starts, (h) => this.k.hour(brand, h), (missing) => this.readHours(brand, missing));
  }

  private readHours(brand: string, starts: readonly number[]): Promise<Bucket[]> {
    return this.hourCache ? this.hourCache.read(brand, starts) : readHourBuckets(this.redis, this.k, brand, starts);
  }

  /** Whole-day volumes of the UTC days starting in [from, to), oldest first; days never written are left out. */
  async daily(brand: string, from: number, to: number): Promise<{ start: number; count: number }[]> {
    const starts: number[] = [];
    for (let d = Math.ceil(from / DAY) * DAY; d < to; d += DAY) starts.push(d);
    const read = async (days: readonly number[]): Promise<(number | undefined)[]> => {
      const pipe = this.redis.pipeline();
      for (const d of days) pipe.hget(this.k.day(brand, d), 'posts');
      return ((await pipe.exec()) ?? []).map(([, v]) => (typeof v === 'string' ? Number(v) : undefined));
    };
    const counts = this.memo ? await this.memoized(this.memo.days, starts, (d) => this.k.day(brand, d), read) : await read(starts);
    return starts.flatMap((start, i) => {
      const count = counts[i];
      return count === undefined ? [] : [{ start, count }];
    });
  }

  /** The heaviest evidence post ids over [from, to). Redis merges the minutes' sets (TOP_WEIGHTS). */
  async topPosts(brand: string, from: number, to: number, n: number): Promise<string[]> {
    const topKeys: string[] = [];
    for (let m = minuteOf(from); m < to; m += MINUTE) topKeys.push(this.k.top(brand, m));
    if (topKeys.length === 0) return [];
    const flat = (await this.redis.eval(TOP_WEIGHTS, topKeys.length, ...topKeys)) as string[];
    const weights = new Map<string, number>();
    for (let i = 0; i + 1 < flat.length; i += 2) weights.set(flat[i] as string, Number(flat[i + 1]));
    return [...weights].sort((a, b) => b[1] - a[1]).slice(0, n).map(([id]) => id);
  }

  /**
   * Distinct authors of a metric's posts over [from, to), per minute sets merged by PFCOUNT (exact
   * for small counts, within about 1% for large ones); undefined for a metric whose authors are not
   * counted (posts, pos) or a window longer than the author retention.
   */
  async authors(brand: string, metric: string, from: number, to: number, retentionMs = DEFAULT_WINDOW_OPTIONS.authorRetentionMs): Promise<number | undefined> {
    if (!isHarmMetric(metric) || to - from > retentionMs) return undefined;
    const hll: string[] = [];
    for (let m = minuteOf(from); m < to; m += MINUTE) hll.push(this.k.authors(brand, m, metric));
    if (hll.length === 0) return 0;
    return this.redis.pfcount(...hll);
  }

  /** The latest event time seen for a brand, or 0. */
  async latest(brand: string): Promise<number> {
    return Number((await this.redis.get(this.k.latest(brand))) ?? 0);
  }

  /** The latest event time of each brand, in order (0: none), in one round trip. */
  async latestOf(brands: readonly string[]): Promise<number[]> {
    if (brands.length === 0) return [];
    return (await this.redis.mget(brands.map((b) => this.k.latest(b)))).map((v) => Number(v ?? 0));
  }

  /**
   * The earliest event time seen for a brand within the hour retention, or 0: hours before it
   * are not "quiet", they are unknown, and a baseline must not count them.
   */
  async firstSeen(brand: string): Promise<number> {
    if (this.memo) {
      let seen = this.memo.firstSeen.get(brand);
      if (!seen) this.memo.firstSeen.set(brand, (seen = this.redis.get(this.k.firstSeen(brand)).then((v) => Number(v ?? 0))));
      return seen;
    }
    return Number((await this.redis.get(this.k.firstSeen(brand))) ?? 0);
  }

  /** Stored posts by id, in the order asked; ids past the post retention are left out. */
  posts(ids: readonly string[]): Promise<ScoredPost[]> {
    return this.store.byIds(ids);
  }
}

/**
 * The post records among values read from post keys: a key holds the whole record only for an
 * evidence post, else the counted-once marker (`1`), and nothing once expired.
 */
export function parsePostRecords(raws: readonly (string | null)[]): ScoredPost[] {
  return raws.filter((r): r is string => r !== null && r.startsWith('{')).map((r) => JSON.parse(r) as ScoredPost);
}

/** Fields of a bucket that share a prefix (`l:`, `p:`, `t:`, `c:`), without it, largest first. */
export function breakdown(bucket: Bucket, prefix: 'l:' | 'p:' | 't:' | 'c:' | `x:${string}`): Record<string, number> {
  const entries = Object.entries(bucket)
    .filter(([k]) => k.startsWith(prefix))
    .map(([k, v]) => [k.slice(prefix.length), v] as const)
    .sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(entries);
}
