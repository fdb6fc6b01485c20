/**
 * First-run setup (issue 2: "first-run setup creates the first administrator (no default passwords)"). While there
 * are no users, `gongkai start` issues a one-time setup token, printed to the terminal and written to a 0600 file in
 * the data directory; only its hash is stored. Whoever holds it creates the first administrator (of the top-level
 * agencies, creating the first agency too on an empty database), who then enrols TOTP at first login.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AGENCY_KINDS, type AgencyKind } from '../agencies/agency.ts';
import { insertAgency, selectAgencies } from '../agencies/agency-store.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { SYSTEM_ACTOR } from '../audit/audit.ts';
import { Conflict, InvalidInput } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { isUniqueViolation } from '../platform/db/database.ts';
import { newId, newToken } from '../platform/ids.ts';
import { parseInput } from '../platform/validation.ts';
import { countUsers } from './account-store.ts';
import { createUserAsSystem } from './user-service.ts';

const KEY = 'setup.token_hash';
/** The file `gongkai start` writes the setup token to. */
export const SETUP_TOKEN_FILE = 'setup-token.txt';

function hashOf(token: string): string {
  return createHash('sha256').update(`gongkai-setup:${token.trim()}`).digest('hex');
}

/** True while no user exists (the back office then leads to /admin/setup). */
export async function isSetupDue(ctx: Ctx): Promise<boolean> {
  return (await countUsers(ctx.db)) === 0;
}

/**
 * Issues a fresh setup token when setup is due (each start replaces the previous one) and writes it to
 * `<dataDir>/setup-token.txt` (0600). Returns the token to print, or undefined when users exist.
 */
export async function prepareFirstRunSetup(ctx: Ctx): Promise<string | undefined> {
  const file = join(ctx.config.dataDir, SETUP_TOKEN_FILE);
  if (!(await isSetupDue(ctx))) {
    rmSync(file, { force: true });
    return undefined;
  }
  const token = newToken(20);
  const at = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('settings')
    .values({ agency_id: '', key: KEY, value: JSON.stringify(hashOf(token)), updated_at: at })
    .onConflict((oc) => oc.columns(['agency_id', 'key']).doUpdateSet({ value: JSON.stringify(hashOf(token)), updated_at: at }))
    .execute();
  mkdirSync(ctx.config.dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}

/** Whether the database has agencies already (the setup form then asks only for the administrator). */
export async function setupNeedsAgency(ctx: Ctx): Promise<boolean> {
  return (await selectAgencies(ctx.db)).length === 0;
}

const SetupInput = z.object({
  token: z.string().trim().min(1, { error: '请填写设置令牌' }).max(100),
  username: z.string(),
  displayName: z.string(),
  password: z.string().max(256),
  confirm: z.string().max(256),
  agencyCode: z.string().trim().toLowerCase().optional(),
  agencyName: z.string().trim().max(100).optional(),
  agencyShortName: z.string().trim().max(40).optional(),
  agencyKind: z.enum(Object.keys(AGENCY_KINDS) as [AgencyKind, ...AgencyKind[]]).optional(),
});

/** Creates the first administrator (and, on an empty database, the first agency); returns the username. */
export async function completeFirstRunSetup(ctx: Ctx, raw: unknown, ip?: string): Promise<{ username: string; password: string }> {
  const input = parseInput(SetupInput, raw);
  const stored = await ctx.db.selectFrom('settings').select('value').where('agency_id', '=', '').where('key', '=', KEY).executeTakeFirst();
  const expected = stored ? Buffer.from(JSON.parse(stored.value) as string, 'hex') : undefined;
  const given = Buffer.from(hashOf(input.token), 'hex');
  if (!expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new InvalidInput('设置令牌不正确', { token: '设置令牌不正确' });
  }
  if (!(await isSetupDue(ctx))) throw new Conflict('系统已完成初始设置', undefined, 'setup_done');
  if (input.password !== input.confirm) throw new InvalidInput('两次输入的新密码不一致', { confirm: '两次输入的新密码不一致' });
  const needsAgency = await setupNeedsAgency(ctx);
  if (needsAgency) {
    const fields: Record<string, string> = {};
    if (!input.agencyCode || !/^[a-z0-9]{2,32}$/.test(input.agencyCode)) fields.agencyCode = '机构代码为 2–32 位小写字母或数字';
    if (!input.agencyName || input.agencyName.length < 2) fields.agencyName = '请填写机构全称';
    if (!input.agencyShortName) fields.agencyShortName = '请填写机构简称';
    if (Object.keys(fields).length) throw new InvalidInput('提交的内容有误，请检查标出的项目', fields);
  }
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    let roots = (await selectAgencies(trx)).filter((a) => a.parentId === null).map((a) => a.id);
    if (needsAgency) {
      const id = newId();
      try {
        await insertAgency(trx, {
          id, code: input.agencyCode!, parentId: null, kind: input.agencyKind ?? 'government', name: input.agencyName!,
          shortName: input.agencyShortName!, nameEn: '', creditCode: '', orgCode: '', address: '', postcode: '',
          officeHours: '', phone: '', fax: '', email: '', website: '', functions: '', isDemo: false,
        }, now.toISOString());
      } catch (err) {
        if (isUniqueViolation(err)) throw new InvalidInput('该机构代码已被使用', { agencyCode: '该机构代码已被使用' });
        throw err;
      }
      await appendAudit(trx, ctx.dialect, SYSTEM_ACTOR, {
        action: 'agency.create', objectType: 'agency', objectId: id, agencyId: id, summary: { via: 'setup' },
      }, now);
      roots = [id];
    }
    await createUserAsSystem(ctx, {
      username: input.username, displayName: input.displayName, grants: roots.map((agencyId) => ({ agencyId, role: 'admin' })),
    }, { password: input.password, mustChangePassword: false, actor: { ...SYSTEM_ACTOR, ip }, trx });
    await trx.deleteFrom('settings').where('agency_id', '=', '').where('key', '=', KEY).execute();
    await appendAudit(trx, ctx.dialect, { ...SYSTEM_ACTOR, ip }, {
      action: 'setup.complete', objectType: 'platform', summary: { agencyCreated: needsAgency },
    }, now);
  });
  rmSync(join(ctx.config.dataDir, SETUP_TOKEN_FILE), { force: true });
  ctx.events.emit('content.changed', { agencyId: null, reason: 'setup' });
  return { username: input.username.trim().toLowerCase(), password: input.password };
}

