/** `gongkai files sweep`: deletes stored bytes that no record names, past the grace period (orphan-sweep.ts). */
import { describeSweep, sweepOrphanFiles } from '../platform/files/orphan-sweep.ts';
import { UsageError, out, say, withContext, type Command } from './cli.ts';

export const filesSweepCommand: Command = {
  name: 'files sweep',
  summary: '清理未被引用的存储文件 / delete stored files no record refers to',
  help: [
    'Lists the file store and deletes every object that no database row names and that is older than the grace period',
    '(bytes of uploads whose submission never committed, e.g. after a crash). Safe while the server runs: objects',
    'younger than the grace period are kept. A run that removes something is recorded in the audit log (counts only).',
    '  --dry-run              only list what would be removed',
    '  --grace-minutes <n>    keep objects modified within the last n minutes (>= 5; default GONGKAI_FILE_SWEEP_GRACE_MINUTES, 60)',
    'Prints one line per removed object on stdout: <storage key> TAB <bytes> TAB <modified at>; a summary on stderr.',
    'Exit codes: 0 done; 2 bad usage; 3 the store or database could not be read.',
  ].join('\n'),
  options: { 'dry-run': { type: 'boolean' }, 'grace-minutes': { type: 'string' } },
  async run({ values }) {
    const raw = values['grace-minutes'] as string | undefined;
    const minutes = raw === undefined ? undefined : Number(raw);
    if (minutes !== undefined && (!/^\d+$/.test(raw!) || minutes < 5)) throw new UsageError('--grace-minutes 须为不小于 5 的整数 / must be an integer >= 5');
    return withContext(async (ctx) => {
      const r = await sweepOrphanFiles(ctx, { dryRun: Boolean(values['dry-run']), graceMs: minutes === undefined ? undefined : minutes * 60_000 });
      for (const o of r.removed) out(`${o.key}\t${o.size}\t${o.modifiedAt.toISOString()}`);
      say(describeSweep(r));
      return 0;
    });
  },
};
