/** `gongkai start`: migrates, optionally loads the demo into an empty database, and serves HTTP. */
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { isEmptyDatabase, loadDemo } from '../demo/index.ts';
import { createContext } from '../platform/bootstrap.ts';
import { say, type Command } from './cli.ts';

export const startCommand: Command = {
  name: 'start',
  summary: '启动服务 / start the web server',
  help: [
    'Migrates the database and serves the portal, back office and API on HOST:PORT (default 0.0.0.0:3000).',
    '  --demo-if-empty   load the demo data when the database has no agencies (npm start does this)',
    'Exit codes: 0 after a clean shutdown (SIGINT/SIGTERM); 3 the server could not start.',
  ].join('\n'),
  options: { 'demo-if-empty': { type: 'boolean' } },
  async run({ values }) {
    const config = loadConfig();
    const ctx = await createContext(config);
    if (values['demo-if-empty'] && (await isEmptyDatabase(ctx))) {
      say('首次启动：载入演示数据 / first start: loading demo data');
      await loadDemo(ctx, { progress: (m) => say(`  载入 ${m} …`), credentials: (lines) => lines.forEach((l) => say(l)) });
    }
    const app = await buildApp(ctx, { logger: true });
    const shutdown = async () => {
      await app.close();
      await ctx.database.close();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    await app.listen({ port: config.port, host: config.host });
    say(`gongkai 已启动: http://localhost:${config.port}/  (后台 /admin)`);
    return new Promise<number>(() => {});
  },
};
