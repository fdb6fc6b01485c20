/**
 * Which calendar the calendar commands answer from. The national calendar ships with the code, so the commands need
 * no database: they read one only when there is one to read — DATABASE_URL is set, or the SQLite file
 * `$GONGKAI_DATA_DIR/gongkai.sqlite` exists — and then use the notices and local days administrators entered. They
 * never migrate, never create the data directory, never write. `--national` ignores any database; `--agency <code>`
 * adds that agency's local days and counting rule (it needs the database).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nationalCalendar, type Calendar } from '../calendar/calendar.ts';
import { loadConfig } from '../config.ts';
import { UsageError, say, type Command } from './cli.ts';

/** The options every calendar command takes. */
export const CALENDAR_SOURCE_OPTIONS = {
  agency: { type: 'string' },
  national: { type: 'boolean' },
} as const satisfies NonNullable<Command['options']>;

/** The help paragraph every calendar command shows. */
export const CALENDAR_SOURCE_HELP = [
  'Calendar used: the national calendar shipped with gongkai (国务院办公厅 notices 2019 onwards, seeded from',
  'chinese-days), plus the notices and local days administrators entered in the back office when a database exists:',
  'DATABASE_URL is set, or $GONGKAI_DATA_DIR/gongkai.sqlite (default ./data) exists. No database is created or',
  'migrated; without one the answer comes from the shipped calendar alone.',
  '  --national       ignore any database (shipped calendar only)',
  '  --agency <code>  use that agency\'s calendar: local holidays of it and its parents, its counting rule',
  'Years without an announced notice are counted on weekends only; a warning says so on stderr.',
].join('\n');

/** Loads the calendar the options ask for. */
export async function loadCliCalendar(values: Record<string, unknown>): Promise<Calendar> {
  const agencyCode = typeof values.agency === 'string' ? values.agency : undefined;
  if (values.national) {
    if (agencyCode) throw new UsageError('--national 与 --agency 不能同时使用');
    return nationalCalendar();
  }
  const config = loadConfig();
  const sqliteFile = join(config.dataDir, 'gongkai.sqlite');
  if (!config.databaseUrl && !existsSync(sqliteFile)) {
    if (agencyCode) throw new UsageError(`--agency 需要数据库（未设置 DATABASE_URL，且没有 ${sqliteFile}）`);
    return nationalCalendar();
  }
  // Loaded only when there is a database to read: the drivers and query builder are most of a command's start-up.
  const [{ openDatabase }, { selectAgencyByCode }, { calendarOf, loadCalendarSnapshot }] = await Promise.all([
    import('../platform/db/database.ts'),
    import('../agencies/agency-store.ts'),
    import('../calendar/calendar-snapshot.ts'),
  ]);
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
  try {
    let agencyId: string | null = null;
    if (agencyCode) {
      const agency = await selectAgencyByCode(database.db, agencyCode).catch(() => undefined);
      if (!agency) throw new UsageError(`未找到机构代码“${agencyCode}”`);
      agencyId = agency.id;
    }
    try {
      return calendarOf(await loadCalendarSnapshot(database.db), agencyId);
    } catch (err) {
      // A database from before the calendar tables (not yet migrated) holds no calendar entries: the seed is the answer.
      if (!agencyId && /no such table|does not exist/.test((err as Error).message)) return nationalCalendar();
      throw err;
    }
  } finally {
    await database.close();
  }
}

/** Warns on stderr about every year in [fromYear, toYear] that has no announced notice. */
export function warnUnannounced(calendar: Calendar, fromYear: number, toYear: number): void {
  for (let year = fromYear; year <= toYear; year++) {
    if (!calendar.isAnnounced(year)) {
      say(`注意：${year}年节假日安排尚未公布，该年仅按周末计算，结果为暂定。/ Warning: the ${year} holiday arrangement has not been announced; that year counts weekends only and the answer is provisional.`);
    }
  }
}
