/**
 * Per-IP limit on new applications (security.md "public forms": 5/hour by default, config.applicationsPerHour),
 * shared by the JSON API and the portal form so the two cannot be used to double the budget. In memory, per process;
 * only submissions that created a case count (a retried submission with its Idempotency-Key does not).
 */
import type { Ctx } from '../../platform/context.ts';
import { TooManyRequests } from '../../errors.ts';

const HOUR_MS = 3_600_000;

/** Checks and records applications per client address. */
export interface ApplicationLimiter {
  /** Throws TooManyRequests (429) when the address used its hourly budget; returns seconds until a slot frees. */
  check(ip: string): void;
  record(ip: string): void;
}

const limiters = new WeakMap<Ctx, Map<string, ApplicationLimiter>>();

/**
 * The limiter of an app's context (one per ctx, so each test app starts afresh). Other public forms that should count
 * only what they accepted (mailbox letters, opinions on solicitations) take their own `bucket` and message.
 */
export function applicationLimiter(ctx: Ctx, opts: { bucket?: string; message?: string } = {}): ApplicationLimiter {
  const bucket = opts.bucket ?? 'applications';
  const message = opts.message ?? '提交申请过于频繁，请稍后再试';
  let buckets = limiters.get(ctx);
  if (!buckets) limiters.set(ctx, (buckets = new Map()));
  let l = buckets.get(bucket);
  if (!l) {
    const hits = new Map<string, number[]>();
    const recent = (ip: string) => {
      const now = ctx.clock.now().getTime();
      const list = (hits.get(ip) ?? []).filter((t) => now - t < HOUR_MS);
      if (list.length) hits.set(ip, list);
      else hits.delete(ip);
      return list;
    };
    l = {
      check(ip) {
        const list = recent(ip);
        if (list.length >= ctx.config.applicationsPerHour) {
          const retryAfter = Math.max(1, Math.ceil((list[0] + HOUR_MS - ctx.clock.now().getTime()) / 1000));
          throw new TooManyRequests(message, { retryAfterSeconds: retryAfter });
        }
      },
      record(ip) {
        hits.set(ip, [...recent(ip), ctx.clock.now().getTime()]);
      },
    };
    buckets.set(bucket, l);
  }
  return l;
}
