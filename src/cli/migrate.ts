/** `gongkai migrate`: applies pending database migrations. */
import { migrateToLatest } from '../platform/db/migrate.ts';
import { say, withContext, type Command } from './cli.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: '升级数据库结构 / apply database migrations',
  help: 'Applies every pending migration to the database named by DATABASE_URL (or the SQLite file in GONGKAI_DATA_DIR).\nExit codes: 0 done; 3 a migration failed.',
  async run() {
    return withContext(async (ctx) => {
      const res = await migrateToLatest(ctx.db);
      const applied = (res.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
      say(applied.length ? `已应用 ${applied.length} 个迁移: ${applied.join(', ')}` : '数据库已是最新结构');
      return 0;
    }, { migrate: false });
  },
};
