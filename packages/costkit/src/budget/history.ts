/**
 * What this process has seen of a model's calls: its recent output lengths
 * (for calls that set no output cap) and how far the prompt rule was off
 * (calibration). Fixed-size rings per model; the percentile is recomputed
 * every few samples, not per call.
 */

const RING = 256;
const RECOMPUTE_EVERY = 16;
/** Bounded so a stream of distinct model names cannot grow memory without end. */
const MAX_MODELS = 1000;

class Percentile {
  private readonly samples = new Float64Array(RING);
  private count = 0;
  private sinceComputed = 0;
  private cached = Number.NaN;

  constructor(private readonly quantile: number) {}

  get size(): number {
    return Math.min(this.count, RING);
  }

  add(value: number): void {
    this.samples[this.count % RING] = value;
    this.count++;
    this.sinceComputed++;
  }

  value(): number {
    if (!Number.isNaN(this.cached) && this.sinceComputed < RECOMPUTE_EVERY) return this.cached;
    const n = this.size;
    if (n === 0) return Number.NaN;
    // Float64Array sorts numerically.
    const sorted = this.samples.slice(0, n).sort();
    this.sinceComputed = 0;
    return (this.cached = sorted[Math.min(n - 1, Math.ceil(this.quantile * n) - 1)]!);
  }
}

export class ModelHistory {
  private readonly models = new Map<string, { output: Percentile; inputRatio: Percentile }>();

  constructor(
    private readonly outputQuantile: number,
    private readonly inputQuantile: number,
  ) {}

  of(key: string): { output: Percentile; inputRatio: Percentile } {
    let entry = this.models.get(key);
    if (!entry) {
      if (this.models.size >= MAX_MODELS) this.models.clear();
      this.models.set(key, (entry = { output: new Percentile(this.outputQuantile), inputRatio: new Percentile(this.inputQuantile) }));
    }
    return entry;
  }

  peek(key: string): { output: Percentile; inputRatio: Percentile } | undefined {
    return this.models.get(key);
  }
}
