/** `gongkai user disable`: disables a staff user and ends their sessions. */
import { disableUserAsSystem } from '../accounts/user-service.ts';
import { UsageError, say, withContext, type Command } from './cli.ts';

export const userDisableCommand: Command = {
  name: 'user disable',
  summary: '停用工作人员账号 / disable a staff user',
  help: [
    'Usage: gongkai user disable <username>',
    'Disables the account and ends every session it has, at once. An administrator can enable it again in the back office.',
    'Exit codes: 0 disabled; 2 bad usage or no such user.',
  ].join('\n'),
  async run({ positionals }) {
    const [username, ...extra] = positionals;
    if (!username || extra.length) throw new UsageError('请给出一个用户名 / give exactly one username');
    return withContext(async (ctx) => {
      await disableUserAsSystem(ctx, username);
      say(`已停用用户 ${username}，其所有会话已结束。/ ${username} is disabled; its sessions have ended.`);
      return 0;
    });
  },
};
