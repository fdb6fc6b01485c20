/**
 * Background jobs (reminders, link checks, report builds): one interface, two engines (design.md §1). On SQLite an
 * in-process queue in the `jobs` table, which several processes on one database file share safely (claims are single
 * atomic statements; cron slots are de-duplicated by a unique key). On PostgreSQL pg-boss, so any number of app
 * processes share the work without doing it twice. Schedules use croner in Asia/Shanghai.
 */
import { hostname } from 'node:os';
import { Cron } from 'croner';
import PgBoss from 'pg-boss';
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';
import { newId } from '../ids.ts';

/** A job's work. Throwing marks the attempt failed; it is retried up to its attempts. */
export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

/** Options of a job kind. */
export interface JobDefinition {
  handler: JobHandler;
  /** A cron expression (Asia/Shanghai) to run it on a schedule. */
  cron?: string;
  maxAttempts?: number;
}

/** The jobs engine. */
export interface Jobs {
  readonly engine: 'embedded' | 'pg-boss';
  define(name: string, def: JobDefinition): void;
  /** Queues a job; with `singletonKey`, at most one job with that key ever exists (returns null for a duplicate). */
  enqueue(name: string, payload?: Record<string, unknown>, opts?: { singletonKey?: string }): Promise<string | null>;
  /** Starts polling and schedules. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Works off every due job now (tests, CLI); returns how many ran. Embedded engine only. */
  drain(): Promise<number>;
}

const TZ = 'Asia/Shanghai';
const LOCK_MS = 10 * 60_000;

/** The embedded engine over the `jobs` table. */
export function createEmbeddedJobs(db: DB, opts: { pollMs?: number; now?: () => Date } = {}): Jobs {
  const defs = new Map<string, JobDefinition>();
  const crons: Cron[] = [];
  const worker = `${hostname()}:${process.pid}:${newId().slice(-6)}`;
  const now = opts.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const enqueue: Jobs['enqueue'] = async (name, payload = {}, o = {}) => {
    const id = newId();
    const at = now().toISOString();
    const res = await db
      .insertInto('jobs')
      .values({
        job_id: id, name, payload: JSON.stringify(payload), singleton_key: o.singletonKey ?? null, status: 'queued',
        run_after: at, max_attempts: defs.get(name)?.maxAttempts ?? 3, locked_by: null, locked_until: null,
        last_error: null, created_at: at, finished_at: null,
      })
      .onConflict((oc) => oc.column('singleton_key').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0 ? id : null;
  };

  /** Claims one due job of a defined kind in a single statement, so two processes never take the same one. */
  const claim = async () => {
    const names = [...defs.keys()];
    if (!names.length) return undefined;
    const at = now();
    const r = await sql<{ job_id: string; name: string; payload: string; attempts: number; max_attempts: number }>`
      update jobs set status = 'active', locked_by = ${worker}, locked_until = ${new Date(at.getTime() + LOCK_MS).toISOString()},
        attempts = attempts + 1
      where job_id = (
        select job_id from jobs
        where ((status = 'queued' and run_after <= ${at.toISOString()}) or (status = 'active' and locked_until < ${at.toISOString()}))
          and name in (${sql.join(names)})
        order by run_after limit 1)
      returning job_id, name, payload, attempts, max_attempts`.execute(db);
    return r.rows[0];
  };

  const runOne = async (): Promise<boolean> => {
    const job = await claim();
    if (!job) return false;
    try {
      await defs.get(job.name)!.handler(JSON.parse(job.payload) as Record<string, unknown>);
      await db.updateTable('jobs').set({ status: 'done', finished_at: now().toISOString(), locked_by: null, locked_until: null }).where('job_id', '=', job.job_id).execute();
    } catch (err) {
      const final = job.attempts >= job.max_attempts;
      const retryAt = new Date(now().getTime() + 30_000 * 2 ** (job.attempts - 1)).toISOString();
      await db.updateTable('jobs').set({
        status: final ? 'failed' : 'queued', run_after: final ? now().toISOString() : retryAt, locked_by: null, locked_until: null,
        last_error: String((err as Error)?.message ?? err).slice(0, 1000), finished_at: final ? now().toISOString() : null,
      }).where('job_id', '=', job.job_id).execute();
    }
    return true;
  };

  const drain = async () => {
    let n = 0;
    while (await runOne()) n++;
    return n;
  };

  return {
    engine: 'embedded',
    define(name, def) {
      defs.set(name, def);
    },
    enqueue,
    async start() {
      for (const [name, def] of defs) {
        if (!def.cron) continue;
        // Every process fires; the slot's singleton key lets only the first enqueue count.
        crons.push(new Cron(def.cron, { timezone: TZ, protect: true }, async () => {
          const slot = now().toISOString().slice(0, 16);
          await enqueue(name, {}, { singletonKey: `${name}@${slot}` }).catch(() => null);
        }));
      }
      const tick = async () => {
        if (running) return;
        running = true;
        try {
          await drain();
        } catch {
          /* the next tick retries; a broken database shows in /healthz and logs elsewhere */
        } finally {
          running = false;
        }
      };
      timer = setInterval(tick, opts.pollMs ?? 1000);
      timer.unref();
    },
    async stop() {
      for (const c of crons) c.stop();
      crons.length = 0;
      if (timer) clearInterval(timer);
      while (running) await new Promise((r) => setTimeout(r, 20));
    },
    drain,
  };
}

/** The PostgreSQL engine through pg-boss (its tables live in their own schema). */
export function createPgBossJobs(connectionString: string, opts: { schema?: string } = {}): Jobs {
  const boss = new PgBoss({ connectionString, schema: opts.schema ?? 'pgboss', max: 4 });
  const defs = new Map<string, JobDefinition>();
  let started: Promise<void> | undefined;
  const ensureStarted = () => (started ??= (async () => {
    boss.on('error', () => {});
    await boss.start();
  })());
  return {
    engine: 'pg-boss',
    define(name, def) {
      defs.set(name, def);
    },
    async enqueue(name, payload = {}, o = {}) {
      await ensureStarted();
      await boss.createQueue(name).catch(() => {});
      // pg-boss 10 enforces a singleton key only within a time slot (at most its 12-hour archive interval); our keys
      // name their cron slot, so 12 hours is plenty.
      return boss.send(name, payload, {
        ...(o.singletonKey ? { singletonKey: o.singletonKey, singletonSeconds: 43_200 } : {}),
        retryLimit: (defs.get(name)?.maxAttempts ?? 3) - 1, retryBackoff: true,
      });
    },
    async start() {
      await ensureStarted();
      for (const [name, def] of defs) {
        await boss.createQueue(name).catch(() => {});
        await boss.work<Record<string, unknown>>(name, { pollingIntervalSeconds: 1, batchSize: 10 }, async (jobs) => {
          for (const j of jobs) await def.handler(j.data ?? {});
        });
        if (def.cron) await boss.schedule(name, def.cron, {}, { tz: TZ });
      }
    },
    async stop() {
      if (started) await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    },
    async drain() {
      throw new Error('drain() is for the embedded engine; pg-boss workers run continuously');
    },
  };
}
