/** The agency of a catalogue operation, or NotFound. */
import type { Agency } from '../agencies/agency.ts';
import { selectAgencyById } from '../agencies/agency-store.ts';
import { NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';

/** An agency by id. */
export async function getAgencyById(ctx: Ctx, agencyId: string): Promise<Agency> {
  const a = await selectAgencyById(ctx.db, agencyId);
  if (!a) throw new NotFound('未找到该机构');
  return a;
}
