/**
 * Demo staff accounts (issue 2: "in demo mode each demo staff account gets a random password printed once to the
 * terminal and written to a 0600 file in the data directory, and enrols TOTP with a QR code at first login").
 * No default passwords: every run generates new ones. The accounts and their names are demo inventions.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePassword } from '../accounts/password.ts';
import type { Role } from '../accounts/principal.ts';
import { createUserAsSystem } from '../accounts/user-service.ts';
import type { Ctx } from '../platform/context.ts';
import type { DemoAgencies } from './demo-agencies.ts';

/** The file the demo credentials are written to, in the data directory. */
export const DEMO_CREDENTIALS_FILE = 'demo-credentials.txt';

/** One demo account: username, display name, the agency key in DemoAgencies, the role. */
export const DEMO_ACCOUNTS: [string, string, keyof DemoAgencies, Role][] = [
  ['kjt.admin', '演示管理员（省科技厅）', 'gskjt', 'admin'],
  ['kjt.editor', '演示编辑（省科技厅）', 'gskjt', 'editor'],
  ['kjt.reviewer', '演示审核人（省科技厅）', 'gskjt', 'reviewer'],
  ['kjt.handler', '演示承办人（省科技厅）', 'gskjt', 'case_handler'],
  ['kjt.auditor', '演示审计员（省科技厅）', 'gskjt', 'auditor'],
  ['gansu.supervisor', '演示监督员（省政府）', 'province', 'supervisor'],
  ['zrzy.handler', '演示承办人（演示自然资源局）', 'busy', 'case_handler'],
  ['zrzy.editor', '演示编辑（演示自然资源局）', 'busy', 'editor'],
  ['zrzy.reviewer', '演示审核人（演示自然资源局）', 'busy', 'reviewer'],
];

/**
 * Creates the demo staff with random passwords, writes `<dataDir>/demo-credentials.txt` (0600) and hands the same
 * lines to `credentials` (printed once by the CLI). Returns the lines.
 */
export async function loadAccountDemo(
  ctx: Ctx, agencies: DemoAgencies, credentials?: (lines: string[]) => void,
): Promise<string[]> {
  const rows: string[] = [];
  for (const [username, displayName, agencyKey, role] of DEMO_ACCOUNTS) {
    const password = generatePassword(randomBytes);
    await createUserAsSystem(ctx, { username, displayName, grants: [{ agencyId: agencies[agencyKey].id, role }] }, {
      password, mustChangePassword: false,
    });
    rows.push(`  ${username.padEnd(18)} ${password}   ${agencies[agencyKey].code} · ${role}`);
  }
  const lines = [
    '演示工作人员账号（仅显示这一次；首次登录时用手机身份验证器设置双因素认证）',
    'Demo staff accounts (shown once; set up an authenticator app at first sign-in) — /admin/login',
    ...rows,
  ];
  mkdirSync(ctx.config.dataDir, { recursive: true, mode: 0o700 });
  const file = join(ctx.config.dataDir, DEMO_CREDENTIALS_FILE);
  writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  credentials?.([...lines, `（已保存到 / saved to ${file}）`]);
  return lines;
}
