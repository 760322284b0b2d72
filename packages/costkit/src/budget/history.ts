/**
 * What this process has seen of a model's calls: its recent output lengths
 * (for calls that set no output cap) and how far the prompt rule was off
 * (calibration). Fixed-size rings per model; the percentile is recomputed
 * every 64 samples, not per call: sorting the ring costs ~7 µs, and a quarter
 * of the ring's samples moves a bound on a reservation too little to matter.
 */

const RING = 256;
const RECOMPUTE_EVERY = 64;
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

interface Seen {
  output: Percentile;
  inputRatio: Percentile;
}

export class ModelHistory {
  /** provider -> model: two lookups by the call's own strings instead of one by a key built per call. */
  private readonly providers = new Map<string, Map<string, Seen>>();
  private size = 0;

  constructor(
    private readonly outputQuantile: number,
    private readonly inputQuantile: number,
  ) {}

  of(provider: string, model: string): Seen {
    let models = this.providers.get(provider);
    let entry = models?.get(model);
    if (!entry) {
      if (this.size >= MAX_MODELS) {
        this.providers.clear();
        this.size = 0;
        models = undefined;
      }
      if (!models) this.providers.set(provider, (models = new Map()));
      models.set(model, (entry = { output: new Percentile(this.outputQuantile), inputRatio: new Percentile(this.inputQuantile) }));
      this.size++;
    }
    return entry;
  }

  peek(provider: string, model: string): Seen | undefined {
    return this.providers.get(provider)?.get(model);
  }
}
