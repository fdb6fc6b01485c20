/**
 * Deadline reminders a scheduled job calls once a day: each handler gets one email listing their cases that are
 * overdue or due within a few working days, and cases whose 补正 or payment period has run out (so staff close
 * them as 视为放弃). Unassigned cases go to the agency's office address. Each case is reminded at most once a day.
 */
import { calendarFor } from '../calendar/calendar-snapshot.ts';
import { addCalendarDays } from '../calendar/dates.ts';
import { SYSTEM_ACTOR } from '../audit/audit.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { RUNNING_STATES } from './case-service.ts';
import type { RequestState } from './request.ts';
import { recordEvent } from './workflow-engine.ts';

/** Working days ahead that trigger a reminder. */
export const REMIND_WORKDAYS = 3;
/** Calendar days that surely cover REMIND_WORKDAYS working days on any calendar (the longest holidays are 8 days). */
const HORIZON_BOUND_DAYS = 31;

/** What the reminder run did. */
export interface ReminderRun {
  emails: number;
  cases: number;
}

/** Sends today's reminders; safe to run more than once a day. */
export async function sendDeadlineReminders(ctx: Ctx): Promise<ReminderRun> {
  const today = todayOn(ctx.clock);
  // Candidates by a generous calendar-day bound, then each case against its agency's calendar (local rest days).
  const bound = addCalendarDays(today, HORIZON_BOUND_DAYS);
  const candidates = await ctx.db.selectFrom('info_requests')
    .leftJoin('users', 'users.user_id', 'info_requests.assignee_user_id')
    .innerJoin('agencies', 'agencies.agency_id', 'info_requests.agency_id')
    .select(['info_requests.request_id', 'info_requests.agency_id', 'info_requests.tracking_code', 'info_requests.title', 'info_requests.state',
      'info_requests.due_on', 'info_requests.correction_due_on', 'info_requests.fee_due_on', 'users.email as user_email', 'agencies.email as agency_email', 'agencies.name as agency_name'])
    .where((eb) => eb.or([
      eb.and([eb('info_requests.state', 'in', RUNNING_STATES), eb('info_requests.due_on', '<=', bound)]),
      eb.and([eb('info_requests.state', '=', 'correction_requested'), eb('info_requests.correction_due_on', '<', today)]),
      eb.and([eb('info_requests.state', '=', 'awaiting_fee'), eb('info_requests.fee_due_on', '<', today)]),
    ]))
    .where('info_requests.is_demo', '=', 0)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('request_events').select('event_id')
      .whereRef('request_events.request_id', '=', 'info_requests.request_id').where('request_events.type', '=', 'reminder').where('request_events.happened_on', '=', today))))
    .orderBy('info_requests.due_on').execute();
  const horizons = new Map<string, string>();
  for (const id of new Set(candidates.map((r) => r.agency_id))) horizons.set(id, (await calendarFor(ctx, id)).addWorkdays(today, REMIND_WORKDAYS));
  const rows = candidates.filter((r) => (RUNNING_STATES.includes(r.state as RequestState) && r.due_on !== null && r.due_on <= horizons.get(r.agency_id)!)
    || (r.state === 'correction_requested' && r.correction_due_on !== null && r.correction_due_on < today)
    || (r.state === 'awaiting_fee' && r.fee_due_on !== null && r.fee_due_on < today));
  const byRecipient = new Map<string, typeof rows>();
  for (const r of rows) {
    const to = r.user_email || r.agency_email;
    if (!to) continue;
    byRecipient.set(to, [...(byRecipient.get(to) ?? []), r]);
  }
  const base = ctx.config.publicUrl ?? '';
  let emails = 0;
  let cases = 0;
  for (const [to, list] of byRecipient) {
    const lines = list.map((r) => {
      const what = r.state === 'correction_requested' ? `补正期限已于${r.correction_due_on}届满，请确认是否视为放弃申请`
        : r.state === 'awaiting_fee' ? `缴费期限已于${r.fee_due_on}届满，请确认是否视为放弃申请`
        : r.due_on! < today ? `已超过答复期限（${r.due_on}）` : `答复期限：${r.due_on}`;
      return `- ${r.title || '（无标题）'}（查询码 ${r.tracking_code}）：${what}\n  ${base}/admin/requests/${r.request_id}`;
    });
    await ctx.mailer.send({ to, subject: `政府信息公开申请期限提醒（${list.length}件）`, text: `以下申请需要处理：\n\n${lines.join('\n')}\n\n本邮件由系统每日自动发送。` });
    emails++;
    const at = ctx.clock.now().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      for (const r of list) {
        await recordEvent(ctx, trx, SYSTEM_ACTOR, { requestId: r.request_id, agencyId: r.agency_id, type: 'reminder', at, on: today, detail: { dueOn: r.due_on } });
      }
    });
    cases += list.length;
  }
  return { emails, cases };
}
