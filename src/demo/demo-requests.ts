/**
 * Demo applications (design.md §5.5). gskjt 2020, from the seed: "共受理依申请公开事项2件，来信人均为在校大学生 … 2项申请均
 * 予以公开答复" — two applications by university students, both granted and answered in time, run through the real
 * services (letters, timeline, audit). lzzrzy 2020–2025: several hundred cases a year from the bulk generator.
 * Names, subjects and dates are INVENTED and marked demo.
 */
import type { Principal } from '../accounts/principal.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { SYSTEM_ACTOR } from '../audit/audit.ts';
import { yearOf } from '../calendar/dates.ts';
import { fixedClock } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { closeRequest, approveDecision, recordDecision, sendReply } from '../requests/decision-service.ts';
import { submitRequest } from '../requests/request-service.ts';
import { insertEventRows, insertRequests, selectRequestByTrackingCode } from '../requests/request-store.ts';
import { acceptRequest } from '../requests/workflow-service.ts';
import type { DemoAgencies } from './demo-agencies.ts';
import { generateBusyAgencyRequests } from './demo-requests-bulk.ts';

/** Years of the busy agency's cases and how many a year. */
export const BUSY_YEARS = [2020, 2021, 2022, 2023, 2024, 2025];
/** Applications a year at the busy agency. */
export const BUSY_PER_YEAR = 320;

async function demoPrincipal(ctx: Ctx, username: string, agencyId: string, role: 'case_handler' | 'reviewer'): Promise<Principal> {
  const u = await ctx.db.selectFrom('users').select(['user_id', 'display_name']).where('username', '=', username).executeTakeFirst();
  return { userId: u?.user_id ?? `demo-${username}`, username, displayName: u?.display_name ?? username, grants: [{ agencyId, role }], supervisedAgencyIds: [] };
}

const STUDENTS = [
  { on: '2020-05-11', decideOn: '2020-05-20', replyOn: '2020-05-22', name: '李明（演示）', id: '620102199901011239', phone: '13909310001',
    title: '2019年度甘肃省科技计划项目立项清单', description: '本人为在校大学生，撰写课程论文需要，申请公开2019年度甘肃省科技计划项目立项清单（项目名称、承担单位）。' },
  { on: '2020-10-19', decideOn: '2020-10-28', replyOn: '2020-10-30', name: '王芳（演示）', id: '620102200003151235', phone: '13909310002',
    title: '2019年度甘肃省科学技术奖获奖项目名单', description: '本人为在校大学生，参加科技创新竞赛需要，申请公开2019年度甘肃省科学技术奖获奖项目名单。' },
];

/** Loads the requests demo. */
export async function loadRequestDemo(ctx: Ctx, agencies: DemoAgencies): Promise<void> {
  const kjt = agencies.gskjt;
  const handler = await demoPrincipal(ctx, 'kjt.handler', kjt.id, 'case_handler');
  const reviewer = await demoPrincipal(ctx, 'kjt.reviewer', kjt.id, 'reviewer');
  const quiet = { ...ctx, mailer: { send: async () => ({ messageId: 'demo' }) } };
  for (const s of STUDENTS) {
    const clock = fixedClock(`${s.on}T02:00:00Z`);
    const c = { ...quiet, clock };
    const r = await submitRequest(c, {
      agency: kjt.code, applicant: { kind: 'natural_person', name: s.name, idType: 'resident_id', idNumber: s.id, phone: s.phone },
      title: s.title, description: s.description, format: 'electronic', delivery: 'online',
    });
    const row = (await selectRequestByTrackingCode(ctx.db, r.body.trackingCode))!;
    await ctx.db.updateTable('info_requests').set({ is_demo: 1 }).where('request_id', '=', row.id).execute();
    const as = (p: Principal) => ({ userId: p.userId, label: p.username });
    clock.set(`${s.on}T06:00:00Z`);
    await acceptRequest(c, handler, as(handler), row.id);
    clock.set(`${s.decideOn}T02:00:00Z`);
    await recordDecision(c, handler, as(handler), row.id, {
      outcome: 'granted', bases: ['art36_2'],
      facts: `经检索，你申请获取的“${s.title}”由本机关制作并保存，属于可以公开的政府信息，现通过本平台以电子文件形式提供。`,
    });
    clock.set(`${s.decideOn}T07:00:00Z`);
    await approveDecision(c, reviewer, as(reviewer), row.id);
    clock.set(`${s.replyOn}T02:00:00Z`);
    await sendReply(c, handler, as(handler), row.id);
    clock.set(`${s.replyOn}T08:00:00Z`);
    await closeRequest(c, handler, as(handler), row.id);
  }

  const busy = agencies.busy;
  const zrzyHandler = await demoPrincipal(ctx, 'zrzy.handler', busy.id, 'case_handler');
  const rows = generateBusyAgencyRequests(ctx, busy, agencies.province, BUSY_YEARS, BUSY_PER_YEAR, { userId: zrzyHandler.userId, label: zrzyHandler.username }, null);
  await ctx.db.transaction().execute(async (trx) => {
    await insertRequests(trx, rows.requests);
    await insertEventRows(trx, rows.events.map((e) => ({ ...e, detail: e.detail ?? '{}' })) as Parameters<typeof insertEventRows>[1]);
    for (let i = 0; i < rows.consultations.length; i += 200) await trx.insertInto('request_consultations').values(rows.consultations.slice(i, i + 200)).execute();
    const ordered = [...rows.letters].sort((a, b) => (a.issued_on < b.issued_on ? -1 : a.issued_on > b.issued_on ? 1 : 0));
    const seq = new Map<number, number>();
    const letterRows = ordered.map(({ letter, ...l }) => {
      const year = yearOf(l.issued_on);
      const n = (seq.get(year) ?? 0) + 1;
      seq.set(year, n);
      const built = letter(`${busy.shortName}依申〔${year}〕${n}号`);
      return { ...l, document_number: built.documentNumber, content: JSON.stringify(built) };
    });
    for (let i = 0; i < letterRows.length; i += 200) await trx.insertInto('request_letters').values(letterRows.slice(i, i + 200)).execute();
    await appendAudit(trx, ctx.dialect, SYSTEM_ACTOR, {
      action: 'request.demo_loaded', objectType: 'agency', objectId: busy.id, agencyId: busy.id,
      summary: { cases: rows.requests.length, events: rows.events.length, letters: letterRows.length },
    }, ctx.clock.now());
  });
}
