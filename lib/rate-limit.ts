// A token bucket per key, in memory (one app instance; the kiosk sends a few requests a second at most).
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {}

  take(key: string, nowMs = Date.now()): boolean {
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: nowMs };
    b.tokens = Math.min(this.capacity, b.tokens + ((nowMs - b.at) / 1000) * this.perSecond);
    b.at = nowMs;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.buckets.clear(); // bounded memory
    return ok;
  }
}
