/**
 * Which agencies an administrator manages staff accounts for: every agency where they hold the administrator role,
 * and every agency below it in the agency tree (a department's administrator sets up the accounts of its
 * subordinate bodies; the platform administrator — administrator of a top-level agency — covers the whole tree).
 * Never above or beside: an administrator of a sub-agency cannot reach its parent or its siblings.
 */
import { selectAgencies } from '../agencies/agency-store.ts';
import type { Agency } from '../agencies/agency.ts';
import type { Ctx } from '../platform/context.ts';
import type { DB } from '../platform/db/database.ts';
import { agenciesWithPermission, type Principal } from './principal.ts';

/** The ids of `roots` and all their descendants in `agencies` (cycles in bad data are cut). */
export function subtreeIds(agencies: Pick<Agency, 'id' | 'parentId'>[], roots: string[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const a of agencies) {
    if (!a.parentId) continue;
    const list = children.get(a.parentId) ?? [];
    list.push(a.id);
    children.set(a.parentId, list);
  }
  const known = new Set(agencies.map((a) => a.id));
  const out = new Set<string>();
  const queue = roots.filter((id) => known.has(id));
  while (queue.length) {
    const id = queue.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    queue.push(...(children.get(id) ?? []));
  }
  return out;
}

/** The agency ids whose staff accounts the principal manages (their admin agencies and the subtrees below). */
export async function managedAgencyIds(ctx: Ctx | { db: DB }, p: Principal): Promise<Set<string>> {
  const roots = agenciesWithPermission(p, 'users.manage');
  if (!roots.length) return new Set();
  return subtreeIds(await selectAgencies(ctx.db), roots);
}

/** The agencies the principal manages accounts for, in tree order with their depth below the topmost one shown. */
export async function managedAgencyTree(ctx: Ctx, p: Principal): Promise<{ agency: Agency; depth: number }[]> {
  const all = await selectAgencies(ctx.db);
  const ids = subtreeIds(all, agenciesWithPermission(p, 'users.manage'));
  const out: { agency: Agency; depth: number }[] = [];
  const visit = (parentId: string | null, depth: number, seen: Set<string>) => {
    for (const a of all.filter((x) => x.parentId === parentId && !seen.has(x.id))) {
      seen.add(a.id);
      const mine = ids.has(a.id);
      if (mine) out.push({ agency: a, depth });
      visit(a.id, mine ? depth + 1 : depth, seen);
    }
  };
  visit(null, 0, new Set());
  return out;
}
