/**
 * The scheduled work of gongkai, wired once (composition root for jobs): scheduled publication, deadline reminders,
 * anonymisation of applicants past retention, the sweep of stored bytes no record names, the nightly website-health
 * check and the availability probes of the 站点无法访问 indicator.
 */
import type { Ctx } from './platform/context.ts';
import { createEmbeddedJobs, createPgBossJobs, type Jobs } from './platform/jobs/jobs.ts';
import { releaseScheduledItems } from './catalogue/workflow-service.ts';
import { probeAvailability, runSiteCheck } from './monitoring/monitoring-service.ts';
import { sendDeadlineReminders } from './requests/reminders.ts';
import { anonymiseExpiredApplicants } from './requests/archive-service.ts';
import { sweepOrphanFiles } from './platform/files/orphan-sweep.ts';

/** Creates the jobs engine for the configured database and defines every job; the caller starts it. */
export function createJobs(ctx: Ctx, opts: { baseUrl: string }): Jobs {
  const jobs = ctx.config.databaseUrl ? createPgBossJobs(ctx.config.databaseUrl) : createEmbeddedJobs(ctx.db);
  jobs.define('catalogue.release-scheduled', {
    cron: '* * * * *',
    handler: async () => {
      await releaseScheduledItems(ctx);
    },
  });
  jobs.define('requests.reminders', {
    cron: '0 8 * * *',
    handler: async () => {
      await sendDeadlineReminders(ctx);
    },
  });
  jobs.define('requests.anonymise-expired', {
    cron: '15 3 * * *',
    handler: async () => {
      await anonymiseExpiredApplicants(ctx); // PIPL Arts. 19, 47: identity kept only for the retention period
    },
  });
  jobs.define('files.sweep-orphans', {
    cron: '45 3 * * *',
    maxAttempts: 1,
    handler: async () => {
      await sweepOrphanFiles(ctx); // bytes of uploads whose record never committed, past the grace period
    },
  });
  jobs.define('monitoring.probe', {
    cron: '*/20 * * * *',
    handler: async () => {
      await probeAvailability(ctx, opts.baseUrl);
    },
  });
  jobs.define('monitoring.nightly', {
    cron: '30 2 * * *',
    maxAttempts: 1,
    handler: async () => {
      const agencies = await ctx.db.selectFrom('agencies').select('code').execute();
      for (const a of agencies) await runSiteCheck(ctx, a.code, { baseUrl: opts.baseUrl, trigger: 'schedule', maxDurationMs: 20 * 60_000 });
    },
  });
  jobs.define('monitoring.check', {
    maxAttempts: 1,
    handler: async (p) => {
      await runSiteCheck(ctx, String(p.agencyCode), { baseUrl: opts.baseUrl, trigger: 'manual', maxDurationMs: 20 * 60_000 });
    },
  });
  return jobs;
}
