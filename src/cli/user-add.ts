/** `gongkai user add`: creates a staff user with a temporary password printed once. */
import { ROLES, type Role } from '../accounts/principal.ts';
import { agencyIdOfCode, createUserAsSystem } from '../accounts/user-service.ts';
import { UsageError, out, say, withContext, type Command } from './cli.ts';

export const userAddCommand: Command = {
  name: 'user add',
  summary: '添加工作人员账号 / add a staff user',
  help: [
    'Usage: gongkai user add <username> --agency <code> --role <role> [--role <role>…] [--name <姓名>] [--email <address>]',
    `Roles: ${Object.keys(ROLES).join(', ')} (supervisor covers the agency and every agency below it).`,
    'Prints the generated temporary password once on stdout; the user changes it and sets up TOTP at first sign-in.',
    'Exit codes: 0 created; 2 bad usage or invalid input (username taken, unknown agency or role).',
  ].join('\n'),
  options: { agency: { type: 'string' }, role: { type: 'string', multiple: true }, name: { type: 'string' }, email: { type: 'string' } },
  async run({ values, positionals }) {
    const [username, ...extra] = positionals;
    if (!username || extra.length) throw new UsageError('请给出一个用户名 / give exactly one username');
    if (typeof values.agency !== 'string') throw new UsageError('缺少 --agency <机构代码>');
    const roles = (values.role as string[] | undefined) ?? [];
    if (!roles.length) throw new UsageError('缺少 --role <角色>');
    const unknown = roles.filter((r) => !(r in ROLES));
    if (unknown.length) throw new UsageError(`未知角色: ${unknown.join(', ')}（可选 ${Object.keys(ROLES).join(', ')}）`);
    return withContext(async (ctx) => {
      const agencyId = await agencyIdOfCode(ctx, values.agency as string);
      const created = await createUserAsSystem(ctx, {
        username, displayName: (values.name as string | undefined) ?? username, email: (values.email as string | undefined) ?? '',
        grants: roles.map((role) => ({ agencyId, role: role as Role })),
      });
      say(`已创建用户 ${username.toLowerCase()}。临时密码（只显示这一次，首次登录须修改）/ temporary password (shown once):`);
      out(created.temporaryPassword);
      return 0;
    });
  },
};
