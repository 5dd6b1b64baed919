/**
 * A trained model: multinomial logistic regression over hashed features, one weight per bucket
 * and class. The sentiment models (classes neg, neu, pos) and the crisis-category models (none and
 * the six categories, ../crisis-model.ts) share it. Stored as gzip of: `VGSM`, the header's length (uint32 LE), the header
 * (JSON), the biases (float32 per class), then the weights quantised to int8 or int16
 * (`features.weightBits`; bucket-major, `weights[bucket * classes + class]`) with one scale in
 * the header. Format 1 is int16 only; format 2 says the width in the header.
 */
import { endianness } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { SentimentLabel } from '../../types.js';
import type { NeutralBand } from './calibration.js';
import type { FeatureConfig, FeatureVector } from './features.js';

const MAGIC = 'VGSM';
const FORMAT = 2;
/** Formats this code reads. */
const READS = [1, 2];

/** The classes a sentiment model may have. */
export const SENTIMENT_CLASSES: readonly SentimentLabel[] = ['neg', 'neu', 'pos'];

export interface ModelHeader<C extends string = SentimentLabel> {
  format: number;
  /** ISO 639-3. */
  lang: string;
  /** Classes in weight order. */
  classes: C[];
  features: FeatureConfig;
  /** Two-class models: raw scores strictly inside this band are labelled neutral. */
  neutral?: NeutralBand;
  /** weight = stored integer × scale. */
  scale: number;
  /**
   * When set, the model reads each feature's bucket modulo 2^foldBits: a smaller table over the
   * same features (the crisis model's, 16 bits: its seven classes fit in a core's cache).
   */
  foldBits?: number;
  /** How it was trained: rows, hyper-parameters, seed, figures. For people; never read back. */
  training: Record<string, unknown>;
}

export class LinearModel<C extends string = SentimentLabel> {
  readonly classes: readonly C[];
  private readonly k: number;
  private readonly logits: Float64Array;
  /** Buckets are read modulo the table's size (`foldBits`); for a model of the full size this changes nothing. */
  private readonly mask: number;

  /**
   * @param weights the stored integer weights, kept as they are: a quarter (int8) or half (int16)
   * the memory of float32, and as many fewer cache misses, which are most of a post's scoring time.
   */
  constructor(
    readonly header: ModelHeader<C>,
    readonly weights: Int8Array | Int16Array,
    readonly bias: Float32Array,
  ) {
    this.classes = header.classes;
    this.k = header.classes.length;
    const bits = header.foldBits ?? header.features.bits;
    this.mask = (1 << bits) - 1;
    if (weights.length !== (1 << bits) * this.k) throw new Error(`model ${header.lang}: ${weights.length} weights for ${this.k} classes and ${bits} bits`);
    this.logits = new Float64Array(this.k);
  }

  /** Class probabilities of one post into `out` (length: classes). */
  probabilities(v: Pick<FeatureVector, 'idx' | 'val' | 'n'>, out: Float64Array): void {
    const { k, logits, weights, mask } = this;
    const scale = this.header.scale;
    const { idx, val, n } = v;
    if (k === 2 || k === 3) {
      // Sums in locals rather than in `logits`: the weight reads (cache misses, most of the
      // cost) no longer queue behind a load and store of the sum per class; same arithmetic,
      // in the same order, so the same doubles.
      let l0 = 0;
      let l1 = 0;
      let l2 = 0;
      for (let i = 0; i < n; i++) {
        const base = ((idx[i] ?? 0) & mask) * k;
        const x = val[i] ?? 0;
        l0 += (weights[base] ?? 0) * x;
        l1 += (weights[base + 1] ?? 0) * x;
        if (k === 3) l2 += (weights[base + 2] ?? 0) * x;
      }
      logits[0] = l0;
      logits[1] = l1;
      if (k === 3) logits[2] = l2;
    } else if (k === 7) {
      // The crisis models (none and six categories): the same sums in locals halved their cost a
      // post against the loop below (5.5 to 2.8 µs over the calm week's posts, 2 December 2026).
      let l0 = 0;
      let l1 = 0;
      let l2 = 0;
      let l3 = 0;
      let l4 = 0;
      let l5 = 0;
      let l6 = 0;
      for (let i = 0; i < n; i++) {
        const base = ((idx[i] ?? 0) & mask) * 7;
        const x = val[i] ?? 0;
        l0 += (weights[base] ?? 0) * x;
        l1 += (weights[base + 1] ?? 0) * x;
        l2 += (weights[base + 2] ?? 0) * x;
        l3 += (weights[base + 3] ?? 0) * x;
        l4 += (weights[base + 4] ?? 0) * x;
        l5 += (weights[base + 5] ?? 0) * x;
        l6 += (weights[base + 6] ?? 0) * x;
      }
      logits[0] = l0;
      logits[1] = l1;
      logits[2] = l2;
      logits[3] = l3;
      logits[4] = l4;
      logits[5] = l5;
      logits[6] = l6;
    } else {
      logits.fill(0);
      for (let i = 0; i < n; i++) {
        const base = ((idx[i] ?? 0) & mask) * k;
        const x = val[i] ?? 0;
        for (let c = 0; c < k; c++) logits[c] = (logits[c] ?? 0) + (weights[base + c] ?? 0) * x;
      }
    }
    for (let c = 0; c < k; c++) logits[c] = (logits[c] ?? 0) * scale + (this.bias[c] ?? 0);
    normalizeLogits(logits, k, out);
  }

  /** Bytes of the weights in memory. */
  get bytes(): number {
    return this.weights.byteLength + this.bias.byteLength;
  }
}

/** Softmax of the linear scores: shared by training and scoring so that both agree exactly. */
export function softmax(
  weights: Float32Array,
  bias: Float32Array,
  k: number,
  idx: Int32Array,
  val: Float32Array,
  n: number,
  logits: Float64Array,
  out: Float64Array,
): void {
  for (let c = 0; c < k; c++) logits[c] = bias[c] ?? 0;
  for (let i = 0; i < n; i++) {
    const base = (idx[i] ?? 0) * k;
    const x = val[i] ?? 0;
    for (let c = 0; c < k; c++) logits[c] = (logits[c] ?? 0) + (weights[base + c] ?? 0) * x;
  }
  normalizeLogits(logits, k, out);
}

/**
 * Linear scores to probabilities (max subtracted first so that exp cannot overflow): one code for
 * training and scoring. The weighted sums before it stay apart: one loop over float32 weights, one
 * over the stored integers, each kept monomorphic for the JIT.
 */
function normalizeLogits(logits: Float64Array, k: number, out: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, logits[c] ?? 0);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp((logits[c] ?? 0) - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) out[c] = (out[c] ?? 0) / sum;
}

/** Weights rounded the way they are stored: what ships is what was measured. */
export function quantize(weights: Float32Array, bits: 8 | 16 = 16): { q: Int8Array | Int16Array; scale: number } {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const top = bits === 8 ? 127 : 32767;
  const scale = max === 0 ? 1 : max / top;
  const q = bits === 8 ? new Int8Array(weights.length) : new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.round((weights[i] ?? 0) / scale);
  return { q, scale };
}

export function encodeModel<C extends string>(header: Omit<ModelHeader<C>, 'format' | 'scale'>, weights: Float32Array, bias: Float32Array): Buffer {
  const { q, scale } = quantize(weights, header.features.weightBits);
  const json = Buffer.from(JSON.stringify({ format: FORMAT, ...header, scale }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const parts = [Buffer.from(MAGIC, 'ascii'), length, json, Buffer.from(bias.buffer, bias.byteOffset, bias.byteLength), Buffer.from(q.buffer, q.byteOffset, q.byteLength)];
  // Level 9 and no timestamp: the same weights give the same bytes.
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

/** @param allowed the classes a model of this kind may have: a file of another kind is refused. */
export function decodeModel<C extends string = SentimentLabel>(file: Buffer, where: string, allowed: readonly C[] = SENTIMENT_CLASSES as readonly string[] as readonly C[]): LinearModel<C> {
  const raw = gunzipSync(file);
  if (raw.subarray(0, 4).toString('ascii') !== MAGIC) throw new Error(`${where}: not a Vigie model`);
  const headerLength = raw.readUInt32LE(4);
  const header = JSON.parse(raw.subarray(8, 8 + headerLength).toString('utf8')) as ModelHeader<C>;
  if (!READS.includes(header.format)) throw new Error(`${where}: model format ${header.format}, this Vigie reads ${READS.join(' and ')}`);
  const unknown = header.classes.filter((c) => !allowed.includes(c));
  if (unknown.length > 0) throw new Error(`${where}: classes ${unknown.join(', ')} are not among ${allowed.join(', ')}`);
  const width = header.format === 1 ? 2 : (header.features.weightBits ?? 16) / 8;
  if (width !== 1 && width !== 2) throw new Error(`${where}: ${header.features.weightBits} bits per weight`);
  const k = header.classes.length;
  let at = 8 + headerLength;
  const bias = new Float32Array(k);
  for (let c = 0; c < k; c++, at += 4) bias[c] = raw.readFloatLE(at);
  const count = (1 << (header.foldBits ?? header.features.bits)) * k;
  if (raw.length !== at + count * width) throw new Error(`${where}: ${raw.length - at} bytes of weights, expected ${count * width}`);
  if (width === 1) return new LinearModel<C>(header, new Int8Array(raw.buffer.slice(raw.byteOffset + at, raw.byteOffset + at + count)), bias);
  // One copy into an aligned buffer; int16 is stored little-endian.
  let weights = new Int16Array(raw.buffer.slice(raw.byteOffset + at, raw.byteOffset + at + count * 2));
  if (endianness() !== 'LE') {
    weights = new Int16Array(count);
    for (let i = 0; i < count; i++, at += 2) weights[i] = raw.readInt16LE(at);
  }
  return new LinearModel<C>(header, weights, bias);
}
