/**
 * Transfer speed over a sliding window (the last few seconds), so the shown speed and ETA follow
 * the current rate instead of the average since the start.
 */
export class Speedometer {
  private readonly samples: { at: number; loaded: number }[] = [];

  constructor(
    private readonly windowMs = 3000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records the byte count now; returns bytes per second (0 until two samples exist). */
  record(loaded: number): number {
    const at = this.now();
    this.samples.push({ at, loaded });
    while (this.samples.length > 2 && at - this.samples[0]!.at > this.windowMs) this.samples.shift();
    return this.rate();
  }

  rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at <= first.at) return 0;
    return ((last.loaded - first.loaded) * 1000) / (last.at - first.at);
  }

  /** Seconds left for `remaining` bytes at the current rate; Infinity while the rate is unknown. */
  eta(remaining: number): number {
    const rate = this.rate();
    return rate > 0 ? remaining / rate : Number.POSITIVE_INFINITY;
  }
}
