/**
 * Page-cache invalidation across processes (docs/decisions/0002-page-cache-invalidation.md). Every `content.changed`
 * drops the local entries at once and writes a new version into the `settings` row (agency, 'page_cache.version')
 * ('' = platform-wide); every process polls those rows every `intervalMs` (one query on the `settings_key` index over a
 * handful of rows, migration 0700) and drops the pages of each agency whose version moved. Works for node:cluster workers, for several hosts on
 * one PostgreSQL, and for CLI commands (imports, demo) that change content while the server runs.
 */
import type { Ctx } from '../context.ts';
import { newId } from '../ids.ts';
import type { PageCache } from './page-cache.ts';

/** The settings key holding an agency's page version. */
export const PAGE_VERSION_KEY = 'page_cache.version';

/** A running synchronisation. */
export interface CacheSync {
  /** Polls once now (tests call it instead of waiting for the timer). */
  poll(): Promise<void>;
  /** Resolves when every version write started so far has finished. */
  flush(): Promise<void>;
  stop(): void;
}

/** Records that an agency's public pages (null: all pages) changed, for the other processes. */
export async function bumpPageVersion(ctx: Pick<Ctx, 'db' | 'clock'>, agencyId: string | null): Promise<string> {
  const row = { agency_id: agencyId ?? '', key: PAGE_VERSION_KEY, value: JSON.stringify(newId()), updated_at: ctx.clock.now().toISOString() };
  await ctx.db
    .insertInto('settings')
    .values(row)
    .onConflict((oc) => oc.columns(['agency_id', 'key']).doUpdateSet({ value: row.value, updated_at: row.updated_at }))
    .execute();
  return row.value;
}

/** Wires `content.changed` to the cache and starts polling the versions written by other processes. */
export function startCacheSync(
  ctx: Ctx,
  cache: PageCache,
  opts: { intervalMs?: number; onError?: (err: unknown) => void } = {},
): CacheSync {
  const seen = new Map<string, string>();
  const pending = new Set<Promise<void>>();
  const onError = opts.onError ?? (() => {});
  let primed = false;
  let polling: Promise<void> | undefined;
  let stopped = false;

  ctx.events.on('content.changed', ({ agencyId }) => {
    cache.invalidate(agencyId);
    if (stopped) return;
    // Our own write needs no second invalidation when the poll sees it.
    const p = bumpPageVersion(ctx, agencyId)
      .then((v) => void seen.set(agencyId ?? '', v))
      .catch(onError)
      .finally(() => pending.delete(p));
    pending.add(p);
  });

  async function pollOnce(): Promise<void> {
    const rows = await ctx.db
      .selectFrom('settings')
      .select(['agency_id', 'value'])
      .where('key', '=', PAGE_VERSION_KEY)
      .execute();
    for (const r of rows) {
      const before = seen.get(r.agency_id);
      seen.set(r.agency_id, r.value);
      // The first poll only learns the versions: the cache started empty, so nothing in it is older.
      if (primed && before !== r.value) cache.invalidate(r.agency_id === '' ? null : r.agency_id);
    }
    primed = true;
  }

  const poll = () =>
    (polling ??= pollOnce()
      .catch(onError)
      .finally(() => {
        polling = undefined;
      }));

  const timer = setInterval(() => void poll(), opts.intervalMs ?? 250);
  timer.unref();
  void poll();
  return {
    poll,
    async flush() {
      await Promise.all([...pending]);
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
