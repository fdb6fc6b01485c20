/** `gongkai demo`: loads the demo data into an empty database. */
import { isEmptyDatabase, loadDemo } from '../demo/index.ts';
import { say, withContext, type Command } from './cli.ts';

export const demoCommand: Command = {
  name: 'demo',
  summary: '载入演示数据 / load demo data into an empty database',
  help: 'Loads the demo agencies (甘肃省科学技术厅 gskjt and a busier demo agency) with their records.\nRefuses a database that already has agencies.\nExit codes: 0 loaded; 2 the database is not empty.',
  async run() {
    return withContext(async (ctx) => {
      if (!(await isEmptyDatabase(ctx))) {
        say('数据库中已有数据，未载入演示数据。/ The database is not empty; demo data not loaded.');
        return 2;
      }
      const started = Date.now();
      await loadDemo(ctx, { progress: (m) => say(`载入 ${m} …`), credentials: (lines) => lines.forEach((l) => say(l)) });
      say(`演示数据已载入（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
      return 0;
    });
  },
};
