/**
 * `gongkai <command>`: the command table. A command lives in its own file under src/cli/ and is added here with one
 * import and one entry.
 */
import { auditVerifyCommand } from './audit-verify.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { calendarAddWorkdaysCommand } from './calendar-add-workdays.ts';
import { calendarIsWorkdayCommand } from './calendar-is-workday.ts';
import { calendarShowCommand } from './calendar-show.ts';
import { deadlineCommand } from './deadline.ts';
import { checkLinksCommand } from './check-links.ts';
import { exitCodeFor, parseCommandArgs, say, type Command } from './cli.ts';
import { demoCommand } from './demo.ts';
import { migrateCommand } from './migrate.ts';
import { reportCheckCommand } from './report-check.ts';
import { reportBuildCommand } from './report-build.ts';
import { startCommand } from './start.ts';
import { userAddCommand } from './user-add.ts';
import { userDisableCommand } from './user-disable.ts';
import { userResetCommand } from './user-reset.ts';

const commands: Command[] = [
  startCommand,
  migrateCommand,
  demoCommand,
  auditVerifyCommand,
  userAddCommand, userDisableCommand, userResetCommand,
  calendarIsWorkdayCommand, calendarAddWorkdaysCommand, calendarShowCommand, deadlineCommand,
  checkLinksCommand,
  backupCommand,
  restoreCommand,
  reportCheckCommand,
  reportBuildCommand,
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
    const parsed = parseCommandArgs(match, rest);
    if (parsed.values.help) {
      process.stdout.write(`gongkai ${match.name}: ${match.summary}\n\n${match.help}\n`);
      return 0;
    }
    return await match.run(parsed as Parameters<Command['run']>[0]);
  } catch (err) {
    return exitCodeFor(err);
  }
}

const code = await main(process.argv.slice(2));
if (code !== -1) process.exitCode = code;
