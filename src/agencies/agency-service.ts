/** Use cases of agencies: the public list and 机构信息 pages, and staff editing of organisation information. */
import { assertPermission, actorOf, type Principal } from '../accounts/principal.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { Conflict, InvalidInput, NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { sanitizeRichText } from '../platform/html/sanitize.ts';
import { AgencyInfoInput, AgencyStructureInput, type Agency, type AgencyProfile } from './agency.ts';
import {
  deleteLeaders, deleteUnits, insertLeader, insertUnit, selectAgencies, selectAgencyByCode, selectAgencyById,
  selectLeaders, selectUnits, updateAgencyInfo,
} from './agency-store.ts';
import { newId } from '../platform/ids.ts';
import { parseInput } from '../platform/validation.ts';

/** All agencies in tree order. */
export function listAgencies(ctx: Ctx): Promise<Agency[]> {
  return selectAgencies(ctx.db);
}

/** One agency by code, or NotFound. */
export async function getAgency(ctx: Ctx, code: string): Promise<Agency> {
  const a = await selectAgencyByCode(ctx.db, code);
  if (!a) throw new NotFound('未找到该机构');
  return a;
}

/** The ids of an agency and all agencies below it. */
export async function subtreeIds(ctx: Ctx, agencyId: string): Promise<string[]> {
  const all = await selectAgencies(ctx.db);
  const children = new Map<string | null, string[]>();
  for (const a of all) children.set(a.parentId, [...(children.get(a.parentId) ?? []), a.id]);
  const out: string[] = [];
  const stack = [agencyId];
  while (stack.length) {
    const id = stack.pop()!;
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** The 机构信息 of an agency: fields, leaders, units, parent and children. */
export async function getAgencyProfile(ctx: Ctx, code: string): Promise<AgencyProfile> {
  const a = await getAgency(ctx, code);
  const [leaders, units, all] = await Promise.all([
    selectLeaders(ctx.db, a.id),
    selectUnits(ctx.db, a.id),
    selectAgencies(ctx.db),
  ]);
  const parent = a.parentId ? all.find((x) => x.id === a.parentId) : undefined;
  return {
    ...a,
    leaders,
    units,
    parent: parent ? { code: parent.code, name: parent.name } : undefined,
    children: all.filter((x) => x.parentId === a.id).map((x) => ({ code: x.code, name: x.name })),
  };
}

function parseBoth(raw: unknown): [AgencyInfoInput, AgencyStructureInput] {
  const fields: Record<string, string> = {};
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      Object.assign(fields, err.fields);
      return undefined;
    }
  };
  const info = attempt(() => parseInput(AgencyInfoInput, raw));
  const structure = attempt(() => parseInput(AgencyStructureInput, raw));
  if (!info || !structure) throw new InvalidInput('提交的内容有误，请检查标出的项目', fields);
  return [info, structure];
}

/**
 * Staff edit of an agency's organisation information, with optimistic locking and an audit entry. When `raw` also
 * carries `leaders` and/or `units` arrays, they replace the current lists in the same transaction.
 */
export async function editAgencyInfo(
  ctx: Ctx,
  principal: Principal | undefined,
  code: string,
  raw: unknown,
  ip?: string,
): Promise<Agency> {
  const agency = await getAgency(ctx, code);
  const p = assertPermission(principal, 'agency.edit', agency.id);
  // Both parts are checked before anything is written, and their problems reported together.
  const [input, structure] = parseBoth(raw);
  const strip = <T extends { id: string }>(rows: T[]) => JSON.stringify(rows.map(({ id: _id, ...rest }) => rest));
  const leadersChanged = structure.leaders && strip(await selectLeaders(ctx.db, agency.id)) !== strip(structure.leaders.map((l) => ({ id: '', ...l })));
  const unitsChanged = structure.units && strip(await selectUnits(ctx.db, agency.id)) !== strip(structure.units.map((u) => ({ id: '', ...u })));
  const now = ctx.clock.now().toISOString();
  const fields = { ...input, functions: sanitizeRichText(input.functions) };
  await ctx.db.transaction().execute(async (trx) => {
    const ok = await updateAgencyInfo(trx, agency.id, input.version, fields, now);
    if (!ok) {
      throw new Conflict('该机构信息已被他人修改，请刷新后重新编辑', { currentVersion: agency.version }, 'version_conflict');
    }
    const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter(
      (k) => k !== 'version' && fields[k] !== (agency as unknown as Record<string, unknown>)[k],
    ) as string[];
    if (structure.leaders && leadersChanged) {
      await deleteLeaders(trx, agency.id);
      for (const [i, l] of structure.leaders.entries()) await insertLeader(trx, agency.id, { id: newId(), ...l }, i);
      changed.push('leaders');
    }
    if (structure.units && unitsChanged) {
      await deleteUnits(trx, agency.id);
      for (const [i, u] of structure.units.entries()) await insertUnit(trx, agency.id, { id: newId(), ...u }, i);
      changed.push('units');
    }
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'agency.edit', objectType: 'agency', objectId: agency.id, agencyId: agency.id,
      summary: { changed, version: input.version + 1 },
    }, ctx.clock.now());
  });
  ctx.events.emit('content.changed', { agencyId: agency.id, reason: 'agency.edit' });
  const updated = await selectAgencyById(ctx.db, agency.id);
  if (!updated) throw new InvalidInput('机构不存在');
  return updated;
}
