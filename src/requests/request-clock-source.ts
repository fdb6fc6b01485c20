/**
 * Disclosure requests in the calendar's recompute registry (issue: calendar "Recompute"): when administrators change
 * the calendar, every open case's reply deadline is recomputed from its own facts (receipt, 补正, consultation
 * pauses, extension) and each moved date becomes a public timeline event carrying the reason.
 */
import { registerClockSource } from '../calendar/clock-sources.ts';
import { todayOn } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { CONCLUDED_STATES } from './request.ts';
import { replyClockInput } from './request-clocks.ts';
import { insertEvent, selectConsultations, selectRequestsByIds } from './request-store.ts';

registerClockSource('requests', {
  async listOpenClocks(ctx, agencyIds) {
    if (!agencyIds.length) return [];
    const ids = await ctx.db.selectFrom('info_requests').select('request_id')
      .where('agency_id', 'in', [...agencyIds]).where('state', 'not in', [...CONCLUDED_STATES]).execute();
    const cases = await selectRequestsByIds(ctx.db, ids.map((r) => r.request_id));
    const today = todayOn(ctx.clock);
    const out = [];
    for (const c of cases) {
      const input = replyClockInput(c, await selectConsultations(ctx.db, c.id), today);
      if (input) out.push({ id: c.id, agencyId: c.agencyId, input: { clock: 'reply' as const, ...input } });
    }
    return out;
  },
  async applyRecomputed(ctx, changes, cause) {
    const at = cause.at.toISOString();
    for (const c of changes) {
      const row = await ctx.db.updateTable('info_requests').set({ due_on: c.newDueOn }).where('request_id', '=', c.id)
        .returning('agency_id').executeTakeFirst();
      if (!row) continue;
      await insertEvent(ctx.db, row.agency_id, {
        id: newId(), requestId: c.id, type: 'due_recomputed', at, on: todayOn(ctx.clock), actorUserId: cause.actor.userId,
        actorLabel: cause.actor.label, detail: { from: c.oldDueOn, to: c.newDueOn, reason: c.reason.text, reasonEn: c.reason.textEn },
      });
    }
  },
});
