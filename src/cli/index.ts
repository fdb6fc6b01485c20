/**
 * `gongkai <command>`: the command table. A command lives in its own file under src/cli/ and is added here with one
 * entry. Modules load only when their command runs, so `gongkai calendar is-workday` starts fast and does not depend
 * on the web app (or on a module someone is editing).
 */
import { exitCodeFor, parseCommandArgs, say, type Command } from './cli.ts';

/** A command's entry: its name and one-line summary for the usage text, and how to load it. */
interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

const commands: CommandEntry[] = [
  { name: 'start', summary: '启动服务 / start the web server', load: async () => (await import('./start.ts')).startCommand },
  { name: 'migrate', summary: '升级数据库结构 / apply database migrations', load: async () => (await import('./migrate.ts')).migrateCommand },
  { name: 'demo', summary: '载入演示数据 / load demo data into an empty database', load: async () => (await import('./demo.ts')).demoCommand },
  { name: 'user add', summary: '添加工作人员账号 / add a staff user', load: async () => (await import('./user-add.ts')).userAddCommand },
  { name: 'user disable', summary: '停用工作人员账号 / disable a staff user', load: async () => (await import('./user-disable.ts')).userDisableCommand },
  { name: 'user reset', summary: "重置工作人员密码 / reset a staff user's password", load: async () => (await import('./user-reset.ts')).userResetCommand },
  { name: 'audit verify', summary: '校验审计日志哈希链 / verify the audit log hash chain', load: async () => (await import('./audit-verify.ts')).auditVerifyCommand },
  { name: 'calendar is-workday', summary: '某日是否为工作日 / is a date a working day', load: async () => (await import('./calendar-is-workday.ts')).calendarIsWorkdayCommand },
  { name: 'calendar add-workdays', summary: '某日之后第 n 个工作日 / the n-th working day after a date', load: async () => (await import('./calendar-add-workdays.ts')).calendarAddWorkdaysCommand },
  { name: 'calendar show', summary: "列出某年放假日和调休上班日 / list a year's rest and make-up days", load: async () => (await import('./calendar-show.ts')).calendarShowCommand },
  { name: 'deadline', summary: '计算依申请公开答复期限 / reply deadline of a disclosure request', load: async () => (await import('./deadline.ts')).deadlineCommand },
  { name: 'report build', summary: '由业务记录生成年度报告 / build an annual report from the records', load: async () => (await import('./report-build.ts')).reportBuildCommand },
  { name: 'report check', summary: '检查已发布的年度报告 / check a published annual report', load: async () => (await import('./report-check.ts')).reportCheckCommand },
  { name: 'requests recount', summary: '重算依申请公开统计 / recompute the case counts of table 三', load: async () => (await import('./requests-recount.ts')).requestsRecountCommand },
  { name: 'check-links', summary: '检查网站链接、栏目与个人信息 / check links, columns and personal data', load: async () => (await import('./check-links.ts')).checkLinksCommand },
  { name: 'backup', summary: '备份数据库和文件 / back up the database and stored files', load: async () => (await import('./backup.ts')).backupCommand },
  { name: 'restore', summary: '从备份恢复 / restore from a backup', load: async () => (await import('./backup.ts')).restoreCommand },
  { name: 'search reindex', summary: '重建全文检索索引 / rebuild the search index', load: async () => (await import('./search-reindex.ts')).searchReindexCommand },
  { name: 'files sweep', summary: '清理未被引用的存储文件 / delete stored files no record refers to', load: async () => (await import('./files-sweep.ts')).filesSweepCommand },
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'gongkai: 政务公开平台 / open-government-information platform',
    '',
    'Usage: gongkai <command> [options]   (gongkai <command> --help for details)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Environment: GONGKAI_DATA_DIR (default ./data), DATABASE_URL (postgres://… for PostgreSQL); see .env.example.',
    'Exit codes: 0 success; 1 "no" / violations found where a command says so; 2 bad usage or invalid input; 3 other errors.',
  ].join('\n');
}

/** Runs the CLI on argv and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    (argv.length === 0 ? say : (s: string) => process.stdout.write(s + '\n'))(usage());
    return argv.length === 0 ? 2 : 0;
  }
  // Longest matching command name wins (`user add` before `user`).
  const match = commands
    .filter((c) => {
      const words = c.name.split(' ');
      return words.every((w, i) => argv[i] === w);
    })
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!match) {
    say(`未知命令: ${argv.slice(0, 2).join(' ')}\n\n${usage()}`);
    return 2;
  }
  const rest = argv.slice(match.name.split(' ').length);
  try {
    const command = await match.load();
    const parsed = parseCommandArgs(command, rest);
    if (parsed.values.help) {
      process.stdout.write(`gongkai ${command.name}: ${command.summary}\n\n${command.help}\n`);
      return 0;
    }
    return await command.run(parsed as Parameters<Command['run']>[0]);
  } catch (err) {
    return exitCodeFor(err);
  }
}

const code = await main(process.argv.slice(2));
if (code !== -1) process.exitCode = code;
