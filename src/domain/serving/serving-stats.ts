import type { Clock } from '../clock.js';
import type { ServedBatch, ServedRequest, ServingObserver } from './serving-observer.js';

/** One second of one deployment's traffic, as the UI's live charts draw it. */
export interface StatsPoint {
  /** Epoch milliseconds of the start of the second. */
  time: number;
  requests: number;
  errors: number;
  /** Latency estimates from the second's latency buckets (about ±10%); 0 when the second had no requests. */
  p50Ms: number;
  p95Ms: number;
}

/** The prediction log writer's queue: predictions waiting to be written, and those dropped since start. */
export interface PredictionLogCounts {
  queued: number;
  dropped: number;
}

export interface StatsSnapshot {
  deployment: string;
  seconds: number;
  /** Oldest first; only seconds that had traffic. The last may be the second still in progress. */
  points: StatsPoint[];
  predictionLog: PredictionLogCounts;
}

export interface ServingStatsOptions {
  clock: Clock;
  /** The prediction log writer's counts (zeros when the app has none). */
  predictionLogCounts?: () => PredictionLogCounts;
  /** Deployments tracked at once; the least recently active is forgotten beyond it. Default 1000. */
  maxDeployments?: number;
}

/** Seconds kept per deployment: the longest window the stats route answers. */
export const statsWindowSeconds = 600;

/**
 * Latency bucket upper bounds in ms, log-spaced by √2 from 0.05 ms to about 9 s: a percentile read
 * from them is within about ±10% of the true value, at 37 counters per second instead of keeping
 * every latency. The last bucket takes everything slower.
 */
export const latencyBoundsMs: readonly number[] = Array.from({ length: 36 }, (_, k) => 0.05 * 2 ** (k / 2));
const bucketCount = latencyBoundsMs.length + 1;
// Per slot: requests, errors, then the latency buckets.
const slotWidth = 2 + bucketCount;
const logStep = Math.log(2) / 2;
const firstBound = latencyBoundsMs[0]!;

/**
 * Live per-second statistics per deployment, in memory, of this process only (each replica keeps
 * its own): a ring of the last 600 seconds per deployment, allocated on its first request. As a
 * ServingObserver it costs a clock read and a few array writes per request.
 */
export class ServingStats implements ServingObserver {
  private readonly rings = new Map<string, DeploymentRing>();
  private readonly maxDeployments: number;

  constructor(private readonly options: ServingStatsOptions) {
    this.maxDeployments = options.maxDeployments ?? 1000;
  }

  request(request: ServedRequest): void {
    let ring = this.rings.get(request.deployment);
    if (ring === undefined) {
      // A failure before any version was chosen is most often an unknown name: tracking those
      // would let any caller grow this map, so only deployments that have answered are tracked.
      if (request.model === '') return;
      if (this.rings.size >= this.maxDeployments) this.forgetLeastActive();
      ring = new DeploymentRing();
      this.rings.set(request.deployment, ring);
    }
    ring.add(Math.floor(this.options.clock.now() / 1000), request.ok, request.latencyMs);
  }

  batch(_batch: ServedBatch): void {
    // Batch sizes go to Prometheus only; the live charts show requests and latency.
  }

  /** The last `seconds` (1..600) seconds of a deployment's traffic; no points when it had none. */
  points(deployment: string, seconds: number): StatsPoint[] {
    const ring = this.rings.get(deployment);
    if (ring === undefined) return [];
    const now = Math.floor(this.options.clock.now() / 1000);
    const window = Math.max(1, Math.min(statsWindowSeconds, Math.floor(seconds)));
    return ring.points(now - window + 1, now);
  }

  /** What the stats route answers: the points and the prediction log's queue counts. */
  snapshot(deployment: string, seconds: number): StatsSnapshot {
    const counts = this.options.predictionLogCounts?.() ?? { queued: 0, dropped: 0 };
    return { deployment, seconds, points: this.points(deployment, seconds), predictionLog: { queued: counts.queued, dropped: counts.dropped } };
  }

  private forgetLeastActive(): void {
    let oldest: string | undefined;
    let oldestSecond = Infinity;
    for (const [name, ring] of this.rings) {
      if (ring.lastSecond < oldestSecond) {
        oldestSecond = ring.lastSecond;
        oldest = name;
      }
    }
    if (oldest !== undefined) this.rings.delete(oldest);
  }
}

/** The bucket a latency falls in: the first whose upper bound is at least the latency. */
export function latencyBucket(latencyMs: number): number {
  if (!(latencyMs > firstBound)) return 0;
  const k = Math.ceil(Math.log(latencyMs / firstBound) / logStep - 1e-9);
  return Math.min(k, bucketCount - 1);
}

class DeploymentRing {
  /** Which second each slot holds; a slot holding an older second is stale and reset on write. */
  private readonly seconds = new Float64Array(statsWindowSeconds).fill(-1);
  private readonly counts = new Uint32Array(statsWindowSeconds * slotWidth);
  lastSecond = -1;

  add(second: number, ok: boolean, latencyMs: number): void {
    const slot = second % statsWindowSeconds;
    const base = slot * slotWidth;
    if (this.seconds[slot] !== second) {
      this.seconds[slot] = second;
      this.counts.fill(0, base, base + slotWidth);
    }
    if (second > this.lastSecond) this.lastSecond = second;
    this.counts[base]! += 1;
    if (!ok) this.counts[base + 1]! += 1;
    this.counts[base + 2 + latencyBucket(latencyMs)]! += 1;
  }

  points(fromSecond: number, toSecond: number): StatsPoint[] {
    const points: StatsPoint[] = [];
    for (let second = Math.max(0, fromSecond); second <= toSecond; second++) {
      const slot = second % statsWindowSeconds;
      if (this.seconds[slot] !== second) continue;
      const base = slot * slotWidth;
      const requests = this.counts[base]!;
      if (requests === 0) continue;
      const buckets = this.counts.subarray(base + 2, base + slotWidth);
      points.push({ time: second * 1000, requests, errors: this.counts[base + 1]!, p50Ms: percentile(buckets, requests, 0.5), p95Ms: percentile(buckets, requests, 0.95) });
    }
    return points;
  }
}

/**
 * The latency below which `q` of the requests fell, interpolated geometrically inside its bucket
 * (the buckets are log-spaced, so that is where the values are spread evenly).
 */
function percentile(buckets: Uint32Array, total: number, q: number): number {
  const rank = q * total;
  let seen = 0;
  for (let k = 0; k < buckets.length; k++) {
    const count = buckets[k]!;
    if (count === 0) continue;
    if (seen + count >= rank) {
      const upper = latencyBoundsMs[k] ?? latencyBoundsMs[latencyBoundsMs.length - 1]! * Math.SQRT2;
      const lower = k === 0 ? upper / Math.SQRT2 : latencyBoundsMs[k - 1]!;
      const within = Math.max(0, rank - seen) / count;
      return round3(lower * (upper / lower) ** within);
    }
    seen += count;
  }
  return 0;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;
