/** `gongkai user reset`: a new temporary password (and by default a new TOTP enrolment) for a staff user. */
import { resetPasswordAsSystem } from '../accounts/user-service.ts';
import { UsageError, out, say, withContext, type Command } from './cli.ts';

export const userResetCommand: Command = {
  name: 'user reset',
  summary: '重置工作人员密码 / reset a staff user\'s password',
  help: [
    'Usage: gongkai user reset <username> [--keep-totp]',
    'Sets a generated temporary password (printed once on stdout) that must be changed at the next sign-in, ends the',
    'user\'s sessions and lifts a lockout. The authenticator is reset too (the user enrols again at sign-in) unless',
    '--keep-totp is given.',
    'Exit codes: 0 reset; 2 bad usage or no such user.',
  ].join('\n'),
  options: { 'keep-totp': { type: 'boolean' } },
  async run({ values, positionals }) {
    const [username, ...extra] = positionals;
    if (!username || extra.length) throw new UsageError('请给出一个用户名 / give exactly one username');
    return withContext(async (ctx) => {
      const password = await resetPasswordAsSystem(ctx, username, { keepTotp: Boolean(values['keep-totp']) });
      say(`已重置用户 ${username} 的密码。临时密码（只显示这一次）/ temporary password (shown once):`);
      out(password);
      return 0;
    });
  },
};
