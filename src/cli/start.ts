/** `gongkai start`: migrates, optionally loads the demo into an empty database, and serves HTTP. */
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { prepareFirstRunSetup } from '../accounts/setup-service.ts';
import { isEmptyDatabase, loadDemo } from '../demo/index.ts';
import { createContext } from '../platform/bootstrap.ts';
import { createJobs } from '../jobs.ts';
import { sweepOrphanFilesAtStartup } from '../platform/files/orphan-sweep.ts';
import { say, type Command } from './cli.ts';
import { isClusterWorker, runPrimary } from './cluster.ts';

export const startCommand: Command = {
  name: 'start',
  summary: '启动服务 / start the web server',
  help: [
    'Migrates the database and serves the portal, back office and API on HOST:PORT (default 0.0.0.0:3000).',
    'GONGKAI_WORKERS=N serves from N worker processes sharing the port (node:cluster); 0 = this process only.',
    '  --demo-if-empty   load the demo data when the database has no agencies (npm start does this)',
    'Exit codes: 0 after a clean shutdown (SIGINT/SIGTERM); 3 the server could not start.',
  ].join('\n'),
  options: { 'demo-if-empty': { type: 'boolean' } },
  async run({ values }) {
    const config = loadConfig();
    // With GONGKAI_WORKERS=N the primary migrates and loads the demo, then forks N workers (src/cli/cluster.ts).
    const ctx = await createContext(config, { migrate: !isClusterWorker });
    if (!isClusterWorker && values['demo-if-empty'] && (await isEmptyDatabase(ctx))) {
      say('首次启动：载入演示数据 / first start: loading demo data');
      await loadDemo(ctx, { progress: (m) => say(`  载入 ${m} …`), credentials: (lines) => lines.forEach((l) => say(l)) });
    }
    const setupToken = isClusterWorker ? undefined : await prepareFirstRunSetup(ctx); // only while there are no users
    if (setupToken) say(`首次设置 / first-run set-up: 打开 /admin/setup，设置令牌 / set-up token: ${setupToken}\n  (也已保存到 / also in ${config.dataDir}/setup-token.txt, 0600)`);
    // Once per start, in the primary: bytes of uploads a crash cut off before their record committed (orphan-sweep.ts).
    const startupSweep = isClusterWorker ? Promise.resolve() : sweepOrphanFilesAtStartup(ctx, say);
    if (config.workers > 0 && !isClusterWorker) {
      void startupSweep.then(() => ctx.database.close()).catch((err: Error) => say(`数据库关闭失败 / closing the database failed: ${err.message}`));
      return runPrimary(config);
    }
    const app = await buildApp(ctx, { logger: true });
    const jobs = config.jobs ? createJobs(ctx, { baseUrl: config.publicUrl ?? `http://127.0.0.1:${config.port}` }) : undefined;
    const shutdown = async () => {
      await jobs?.stop();
      await app.close();
      await ctx.database.close();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    await app.listen({ port: config.port, host: config.host });
    await jobs?.start();
    if (!isClusterWorker) say(`gongkai 已启动: http://localhost:${config.port}/  (后台 /admin)`);
    return new Promise<number>(() => {});
  },
};
