/**
 * The mailbox's clocks in the calendar's recompute registry (issue: calendar "Recompute"): when administrators change
 * the calendar, every open letter's reply date is recomputed and the change is recorded in the audit log with the
 * reason.
 */
import { appendAudit } from '../audit/audit-service.ts';
import { registerClockSource } from '../calendar/clock-sources.ts';

registerClockSource('mailbox', {
  async listOpenClocks(ctx, agencyIds) {
    if (!agencyIds.length) return [];
    const rows = await ctx.db.selectFrom('mailbox_letters').select(['letter_id', 'agency_id', 'received_on', 'reply_workdays'])
      .where('agency_id', 'in', [...agencyIds]).where('status', 'in', ['received', 'assigned']).execute();
    return rows.map((r) => ({ id: r.letter_id, agencyId: r.agency_id, input: { clock: 'mailbox_reply' as const, received: r.received_on, workdays: r.reply_workdays } }));
  },
  async applyRecomputed(ctx, changes, cause) {
    for (const c of changes) {
      const row = await ctx.db.updateTable('mailbox_letters').set({ due_on: c.newDueOn }).where('letter_id', '=', c.id)
        .returning('agency_id').executeTakeFirst();
      await appendAudit(ctx.db, ctx.dialect, cause.actor, {
        action: 'letter.due_recomputed', objectType: 'letter', objectId: c.id, agencyId: row?.agency_id ?? null,
        summary: { from: c.oldDueOn, to: c.newDueOn, reason: c.reason.text, cause: cause.action },
      }, cause.at);
    }
  },
});
