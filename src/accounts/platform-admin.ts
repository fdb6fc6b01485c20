/** Platform-wide settings belong to administrators of a top-level agency (the one first-run setup creates). */
import { selectAgencies } from '../agencies/agency-store.ts';
import { Forbidden } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { hasPermission, type Principal } from './principal.ts';

/** True when the principal administers a top-level agency. */
export async function isPlatformAdmin(ctx: Ctx, p: Principal | undefined): Promise<boolean> {
  if (!p) return false;
  const roots = (await selectAgencies(ctx.db)).filter((a) => a.parentId === null);
  return roots.some((a) => hasPermission(p, 'settings.edit', a.id));
}

/** Throws Forbidden unless the principal administers a top-level agency. */
export async function assertPlatformAdmin(ctx: Ctx, p: Principal | undefined): Promise<Principal> {
  if (!p || !(await isPlatformAdmin(ctx, p))) throw new Forbidden();
  return p;
}
