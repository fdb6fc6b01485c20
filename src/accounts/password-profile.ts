/** The platform's password profile setting (security.md: `dengbao` selectable), stored in settings. */
import { appendAudit } from '../audit/audit-service.ts';
import type { Ctx } from '../platform/context.ts';
import type { DB } from '../platform/db/database.ts';
import { InvalidInput } from '../errors.ts';
import { PASSWORD_PROFILES, type PasswordProfile } from './password.ts';
import { actorOf, type Principal } from './principal.ts';
import { assertPlatformAdmin } from './platform-admin.ts';

const KEY = 'accounts.password_profile';

/** The password profile in force (default `standard`). */
export async function getPasswordProfile(ctx: Ctx, db: DB = ctx.db): Promise<PasswordProfile> {
  const r = await db.selectFrom('settings').select('value').where('agency_id', '=', '').where('key', '=', KEY).executeTakeFirst();
  const v = r ? (JSON.parse(r.value) as string) : 'standard';
  return v in PASSWORD_PROFILES ? (v as PasswordProfile) : 'standard';
}

/** Changes the password profile (administrators of a top-level agency only); audited as a setting change. */
export async function setPasswordProfile(ctx: Ctx, p: Principal | undefined, profile: string, ip?: string): Promise<void> {
  const admin = await assertPlatformAdmin(ctx, p);
  if (!(profile in PASSWORD_PROFILES)) throw new InvalidInput('请选择密码策略', { profile: '请选择密码策略' });
  const before = await getPasswordProfile(ctx);
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('settings')
      .values({ agency_id: '', key: KEY, value: JSON.stringify(profile), updated_at: at })
      .onConflict((oc) => oc.columns(['agency_id', 'key']).doUpdateSet({ value: JSON.stringify(profile), updated_at: at }))
      .execute();
    await appendAudit(trx, ctx.dialect, actorOf(admin, ip), {
      action: 'settings.change', objectType: 'setting', objectId: KEY, summary: { before, after: profile },
    }, ctx.clock.now());
  });
}
