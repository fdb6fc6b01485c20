/**
 * The catalogue in the calendar's recompute registry (calendar/clock-sources.ts): when administrators change the
 * calendar (a year's notice, local rest or working days, the counting rule), the Art. 26 deadline of every
 * proactively disclosed document not yet published is recomputed from the day its clock started (成文日期, or the day
 * its attribute changed to 主动公开), and each moved date is audited with the reason.
 */
import { appendAudit } from '../audit/audit-service.ts';
import { registerClockSource } from '../calendar/clock-sources.ts';

/** Item states whose Art. 26 clock is still running (nothing published yet). */
const OPEN_STATES = ['draft', 'submitted', 'approved', 'scheduled'];

registerClockSource('catalogue', {
  async listOpenClocks(ctx, agencyIds) {
    if (!agencyIds.length) return [];
    const rows = await ctx.db.selectFrom('catalogue_items').select(['item_id', 'agency_id', 'formed_on', 'publication_clock_from'])
      .where('agency_id', 'in', [...agencyIds]).where('kind', '=', 'document').where('disclosure', '=', 'proactive')
      .where('state', 'in', OPEN_STATES).where('live_version', 'is', null).where('publication_due_on', 'is not', null).execute();
    return rows.flatMap((r) => {
      const from = r.publication_clock_from ?? r.formed_on;
      if (!from) return [];
      return [{ id: r.item_id, agencyId: r.agency_id, input: { clock: 'publication' as const, formedOn: from, changed: from !== r.formed_on } }];
    });
  },
  async applyRecomputed(ctx, changes, cause) {
    for (const c of changes) {
      const row = await ctx.db.updateTable('catalogue_items').set({ publication_due_on: c.newDueOn }).where('item_id', '=', c.id)
        .returning('agency_id').executeTakeFirst();
      if (!row) continue;
      await appendAudit(ctx.db, ctx.dialect, cause.actor, {
        action: 'catalogue.due_recomputed', objectType: 'catalogue_item', objectId: c.id, agencyId: row.agency_id,
        summary: { from: c.oldDueOn, to: c.newDueOn, reason: c.reason.text, cause: cause.action },
      }, cause.at);
    }
  },
});
