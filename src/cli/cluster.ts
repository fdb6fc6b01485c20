/**
 * `gongkai start` with GONGKAI_WORKERS=N (issue 9 "Scale-out"): the primary process migrates the database and loads
 * the demo once, then forks N workers that share the listening port (node:cluster, round-robin). Workers that die
 * are replaced; a crash loop (more than 5 exits within 30 s) stops the server. SIGINT/SIGTERM stop every worker
 * gracefully. Only the first worker runs scheduled jobs on SQLite; on PostgreSQL pg-boss shares them safely, but one
 * job runner per host is still enough. Page-cache invalidation reaches every worker through the database
 * (src/platform/cache/cache-sync.ts, docs/decisions/0002-page-cache-invalidation.md).
 */
import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.ts';
import { say } from './cli.ts';

/** True in a worker forked by `runPrimary`. */
export const isClusterWorker = cluster.isWorker;

/** Forks and supervises the workers; resolves with the exit code once they have all stopped. */
export function runPrimary(config: Config): Promise<number> {
  const n = config.workers;
  const exits: number[] = [];
  let stopping = false;
  let exitCode = 0;
  let jobRunner: Worker | undefined;

  const fork = (runsJobs: boolean) => {
    const w = cluster.fork({ GONGKAI_JOBS: runsJobs && config.jobs ? '1' : '0', GONGKAI_WORKER: '1' });
    if (runsJobs) jobRunner = w;
    return w;
  };

  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: 正在停止 ${Object.keys(cluster.workers ?? {}).length} 个工作进程 / stopping workers`);
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      const force = setTimeout(() => {
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      }, 10_000);
      force.unref();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));

    cluster.on('exit', (w, code, signal) => {
      const alive = Object.keys(cluster.workers ?? {}).length;
      if (stopping) {
        if (alive === 0) resolve(exitCode);
        return;
      }
      const now = Date.now();
      exits.push(now);
      while (exits.length && exits[0] < now - 30_000) exits.shift();
      say(`工作进程 ${w.process.pid} 退出 (${signal ?? code}) / worker exited`);
      if (exits.length > 5) {
        say('工作进程反复崩溃，停止服务 / workers keep crashing; stopping');
        exitCode = 3;
        stop('SIGTERM');
        if (alive === 0) resolve(exitCode);
        return;
      }
      setTimeout(() => !stopping && fork(w === jobRunner), 500).unref();
    });

    for (let i = 0; i < n; i++) fork(i === 0);
    say(`gongkai 已启动 ${n} 个工作进程: http://localhost:${config.port}/  (后台 /admin)`);
  });
}
