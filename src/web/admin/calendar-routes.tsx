/**
 * The back office's working-day calendar (issue 3): a year's rest days and 调休上班 days with the notice they come
 * from (a warning when the year is not announced), the form to enter or replace a year's notice, local holidays per
 * agency subtree, and each agency's counting rule. Every change goes through calendar-service (validated, audited,
 * open clocks recomputed); a 422 re-renders the form with the messages in the page's language.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { calendarOverview, type CalendarOverview } from '../../calendar/calendar-overview.ts';
import { InvalidCalendarInput, dayRuns } from '../../calendar/calendar-input.ts';
import {
  addLocalDays,
  removeLocalDay,
  replaceYearNotice,
  setCountingRule,
  withdrawYearNotice,
  type RecomputeSummary,
} from '../../calendar/calendar-service.ts';
import type { CountingRule } from '../../calendar/calendar.ts';
import { MAX_YEAR, MIN_YEAR, lookupIsoDate } from '../../calendar/dates.ts';
import { InvalidInput } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { todayOn } from '../../platform/clock.ts';
import { translator, type Translate } from '../../platform/i18n/i18n.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { CsrfField, ErrorSummary, Field, formString, type FieldErrors } from './form-fields.tsx';

type Body = Record<string, unknown> | undefined;
type FormName = 'notice' | 'local' | 'counting';

/** A form that failed, to re-render with its values and messages. */
interface Failed {
  form: FormName;
  errors: FieldErrors;
  values: Record<string, string>;
}

const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function weekday(t: Translate, date: string): string {
  const w = (((lookupIsoDate(date) ?? 0) + 4) % 7 + 7) % 7;
  return t(WEEKDAYS_ZH[w], WEEKDAYS_EN[w]);
}

function countingLabel(t: Translate, rule: CountingRule): string {
  return rule === 'after_start'
    ? t('开始之日不计入，自次日起算（民法典第二百零一条）', 'The start day does not count (Civil Code Art. 201)')
    : t('开始之日为工作日的计入期限', 'The start day counts when it is a working day');
}

function yearOf(raw: unknown, fallback: number): number {
  const year = Number(raw);
  return typeof raw === 'string' && /^\d{4}$/.test(raw) && year >= MIN_YEAR && year < MAX_YEAR ? year : fallback;
}

function savedUrl(year: number, saved: string, r: RecomputeSummary): string {
  return `/admin/calendar?year=${year}&saved=${saved}&changed=${r.changed}`;
}

/** Registers /admin/calendar and its forms. */
export async function registerCalendarAdminRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get<{ Querystring: { year?: string; saved?: string; changed?: string } }>('/admin/calendar', async (req, reply) => {
    const p = requirePrincipal(req);
    const year = yearOf(req.query.year, Number(todayOn(ctx.clock).slice(0, 4)));
    return calendarPage(req, reply, await calendarOverview(ctx, p, year));
  });

  /** Runs a change; on a field problem re-renders the page (422) with the form's values and messages. */
  async function change(
    req: FastifyRequest<{ Body: Body }>,
    reply: FastifyReply,
    form: FormName,
    fields: string[],
    year: number,
    run: () => Promise<string>,
  ) {
    const p = requirePrincipal(req);
    assertCsrf(req);
    try {
      return reply.redirect(await run(), 303);
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      const source = err instanceof InvalidCalendarInput && req.lang === 'en' ? err.fieldsEn : err.fields;
      const errors = Object.keys(source).length ? source : { _: err.message };
      const values = Object.fromEntries(fields.map((f) => [f, formString(req.body, f)]));
      return calendarPage(req, reply, await calendarOverview(ctx, p, year), { form, errors, values }, 422);
    }
  }

  app.post<{ Body: Body }>('/admin/calendar/notice', async (req, reply) => {
    const year = yearOf(formString(req.body, 'year'), Number(todayOn(ctx.clock).slice(0, 4)));
    return change(req, reply, 'notice', ['year', 'title', 'documentNumber', 'restDays', 'workdays'], year, async () => {
      const b = req.body ?? {};
      const r = await replaceYearNotice(ctx, req.principal, {
        year: b.year, title: b.title, documentNumber: b.documentNumber, restDays: b.restDays, workdays: b.workdays,
      }, req.ip);
      return savedUrl(r.notice.year, 'notice', r.recomputed);
    });
  });

  app.post<{ Body: Body }>('/admin/calendar/notice/withdraw', async (req, reply) => {
    const year = yearOf(formString(req.body, 'year'), 0);
    return change(req, reply, 'notice', [], year || Number(todayOn(ctx.clock).slice(0, 4)), async () => {
      if (!year) throw new InvalidCalendarInput({ year: { zh: '年份无效', en: 'Invalid year' } });
      return savedUrl(year, 'withdrawn', await withdrawYearNotice(ctx, req.principal, year, req.ip));
    });
  });

  app.post<{ Body: Body }>('/admin/calendar/local-days', async (req, reply) => {
    const year = yearOf(formString(req.body, 'year'), Number(todayOn(ctx.clock).slice(0, 4)));
    return change(req, reply, 'local', ['agencyId', 'kind', 'days'], year, async () => {
      const b = req.body ?? {};
      const r = await addLocalDays(ctx, req.principal, { agencyId: b.agencyId, kind: b.kind, days: b.days }, req.ip);
      return savedUrl(year, 'local', r.recomputed);
    });
  });

  app.post<{ Body: Body }>('/admin/calendar/local-days/delete', async (req, reply) => {
    const date = formString(req.body, 'date');
    const year = yearOf(date.slice(0, 4), Number(todayOn(ctx.clock).slice(0, 4)));
    return change(req, reply, 'local', [], year, async () =>
      savedUrl(year, 'removed', await removeLocalDay(ctx, req.principal, formString(req.body, 'agencyId'), date, req.ip)),
    );
  });

  app.post<{ Body: Body }>('/admin/calendar/counting', async (req, reply) => {
    const year = yearOf(formString(req.body, 'year'), Number(todayOn(ctx.clock).slice(0, 4)));
    return change(req, reply, 'counting', ['agencyId', 'counting'], year, async () => {
      const r = await setCountingRule(ctx, req.principal, formString(req.body, 'agencyId'), formString(req.body, 'counting'), req.ip);
      return savedUrl(year, 'counting', r.recomputed);
    });
  });
}

function savedMessage(t: Translate, saved: string | undefined, changed: number): string | null {
  const what: Record<string, string> = {
    notice: t('节假日安排已保存', 'The holiday arrangement was saved'),
    withdrawn: t('录入的节假日安排已撤销', 'The entered arrangement was withdrawn'),
    local: t('本地节假日已保存', 'Local days were saved'),
    removed: t('本地节假日已删除', 'The local day was removed'),
    counting: t('计算规则已保存', 'The counting rule was saved'),
  };
  if (!saved || !what[saved]) return null;
  return `${what[saved]}${t('；', '; ')}${t(`${changed} 个未办结事项的期限已重新计算并记录`, `${changed} open due date(s) moved and were recorded`)}`;
}

function calendarPage(req: FastifyRequest, reply: FastifyReply, o: CalendarOverview, failed?: Failed, status = 200) {
  const t = translator(req.lang);
  const q = req.query as { saved?: string; changed?: string };
  const saved = status === 200 ? savedMessage(t, q.saved, Number(q.changed ?? 0) || 0) : null;
  const errorsOf = (form: FormName) => (failed?.form === form ? failed.errors : undefined);
  const valueOf = (form: FormName, key: string, fallback: string) => (failed?.form === form ? failed.values[key] ?? fallback : fallback);
  const runs = dayRuns(o.listing.days.filter((d) => d.scope === undefined));
  const agencyName = (a: CalendarOverview['agencies'][number]) => (req.lang === 'en' && a.nameEn ? a.nameEn : a.name);
  const agencyOptions = o.agencies.map((a) => ({ value: a.id, label: agencyName(a) }));
  const title = t('工作日历与期限', 'Working-day calendar');
  return sendPage(req, reply,
    <AdminLayout req={req} title={`${title} ${o.year}`}>
      <h1>{title}</h1>
      {saved ? <p class="notice ok" role="status">{saved}</p> : null}
      <nav class="year-nav" aria-label={t('选择年份', 'Choose a year')}>
        <a href={`/admin/calendar?year=${o.year - 1}`} rel="prev">{t(`← ${o.year - 1}年`, `← ${o.year - 1}`)}</a>
        <form method="get" action="/admin/calendar" class="inline-form">
          <label for="year-pick">{t('年份', 'Year')}</label>
          <input id="year-pick" name="year" type="number" min={MIN_YEAR} max={MAX_YEAR - 1} value={String(o.year)} inputMode="numeric" />
          <button type="submit">{t('查看', 'Show')}</button>
        </form>
        <a href={`/admin/calendar?year=${o.year + 1}`} rel="next">{t(`${o.year + 1}年 →`, `${o.year + 1} →`)}</a>
      </nav>

      <section aria-labelledby="year-title">
        <h2 id="year-title">{t(`${o.year}年节假日安排`, `Holiday arrangement ${o.year}`)}</h2>
        {o.listing.announced ? (
          <p>
            {o.listing.notice}
            {o.notice?.source === 'admin'
              ? t(`（由 ${o.notice.updatedBy ?? ''} 于 ${o.notice.updatedAt?.slice(0, 10) ?? ''} 录入）`, ` (entered by ${o.notice.updatedBy ?? ''} on ${o.notice.updatedAt?.slice(0, 10) ?? ''})`)
              : t('（随系统提供）', ' (shipped with gongkai)')}
          </p>
        ) : (
          <div class="notice warn" role="note">
            <p><strong>{t(`${o.year}年节假日安排尚未公布。`, `The ${o.year} holiday arrangement has not been announced.`)}</strong></p>
            <p>{t('该年仅按周末计算工作日，跨入该年的期限均为暂定；国务院办公厅通知发布后，由顶级机构的管理员在本页录入。',
              'Working days in that year are counted on weekends only and every due date reaching into it is provisional; an administrator of a top-level agency enters the 国务院办公厅 notice here once it is published.')}</p>
          </div>
        )}
        {runs.length ? (
          <div class="table-scroll" tabIndex={0}><table class="calendar-year">
            <caption>{t(`${o.year}年放假日和调休上班日`, `Rest days and make-up working days in ${o.year}`)}</caption>
            <thead><tr>
              <th scope="col">{t('日期', 'Dates')}</th><th scope="col">{t('天数', 'Days')}</th>
              <th scope="col">{t('类型', 'Kind')}</th><th scope="col">{t('节日', 'Holiday')}</th>
            </tr></thead>
            <tbody>
              {runs.map((r) => (
                <tr class={r.kind === 'work' ? 'makeup-day' : 'rest-day'}>
                  <th scope="row">
                    <time dateTime={r.from}>{r.from}</time>（{weekday(t, r.from)}）
                    {r.count > 1 ? <>{t(' 至 ', ' to ')}<time dateTime={r.to}>{r.to}</time>（{weekday(t, r.to)}）</> : null}
                  </th>
                  <td>{r.count}</td>
                  <td>{r.kind === 'rest' ? t('放假', 'Rest day') : t('调休上班', 'Make-up working day')}</td>
                  <td>{r.name}</td>
                </tr>
              ))}
            </tbody>
          </table></div>
        ) : null}
      </section>

      {o.mayEditNational ? (
        <section aria-labelledby="notice-form-title">
          <h2 id="notice-form-title">{t('录入或替换全年节假日安排', 'Enter or replace a year\'s arrangement')}</h2>
          <p class="hint">{t('按国务院办公厅通知录入；保存后所有机关未办结事项的期限将按新日历重新计算，并记入审计日志。',
            'Enter the 国务院办公厅 notice; on saving, every open due date of every agency is recomputed, and the change is audited.')}</p>
          <form method="post" action="/admin/calendar/notice" class="stacked" novalidate>
            <CsrfField req={req} />
            <ErrorSummary req={req} errors={errorsOf('notice')} />
            <Field req={req} name="year" label={t('年份', 'Year')} required inputMode="numeric" value={valueOf('notice', 'year', String(o.year))} errors={errorsOf('notice')} />
            <Field req={req} name="title" label={t('通知名称', 'Title of the notice')} required maxLength={200}
              value={valueOf('notice', 'title', o.noticeForm.title || `国务院办公厅关于${o.year}年部分节假日安排的通知`)} errors={errorsOf('notice')} />
            <Field req={req} name="documentNumber" label={t('文号', 'Document number')} maxLength={60}
              hint={t('例如：国办发明电〔2024〕12号', 'e.g. 国办发明电〔2024〕12号')} value={valueOf('notice', 'documentNumber', o.noticeForm.documentNumber)} errors={errorsOf('notice')} />
            <Field req={req} name="restDays" label={t('放假日', 'Rest days')} required multiline
              hint={t('每行一项：“YYYY-MM-DD 名称”，连续多天可写“YYYY-MM-DD..YYYY-MM-DD 名称”（含周末）', 'One per line: “YYYY-MM-DD name”, or “YYYY-MM-DD..YYYY-MM-DD name” for a run (weekends included)')}
              value={valueOf('notice', 'restDays', o.noticeForm.restDays)} errors={errorsOf('notice')} />
            <Field req={req} name="workdays" label={t('调休上班日', 'Make-up working days')} multiline
              hint={t('每行一项：“YYYY-MM-DD 名称”', 'One per line: “YYYY-MM-DD name”')}
              value={valueOf('notice', 'workdays', o.noticeForm.workdays)} errors={errorsOf('notice')} />
            <button type="submit">{t('保存节假日安排', 'Save the arrangement')}</button>
          </form>
          {o.notice?.source === 'admin' ? (
            <form method="post" action="/admin/calendar/notice/withdraw" class="inline-form">
              <CsrfField req={req} />
              <input type="hidden" name="year" value={String(o.year)} />
              <button type="submit" class="secondary">{t(`撤销录入的${o.year}年安排`, `Withdraw the entered ${o.year} arrangement`)}</button>
            </form>
          ) : null}
        </section>
      ) : null}

      {o.agencies.length ? (
        <section aria-labelledby="local-title">
          <h2 id="local-title">{t('本地节假日', 'Local holidays')}</h2>
          <p class="hint">{t('适用于所选机关及其下属机关，例如地方延迟复工、民族自治地方的节日。', 'Apply to the agency and every agency under it, e.g. a provincial return-to-work delay or a regional festival.')}</p>
          {o.agencies.some((a) => a.localDays.length) ? (
            <div class="table-scroll" tabIndex={0}><table>
              <caption>{t(`${o.year}年的本地节假日`, `Local days in ${o.year}`)}</caption>
              <thead><tr>
                <th scope="col">{t('日期', 'Date')}</th><th scope="col">{t('机关', 'Agency')}</th><th scope="col">{t('类型', 'Kind')}</th>
                <th scope="col">{t('名称', 'Name')}</th><th scope="col">{t('操作', 'Actions')}</th>
              </tr></thead>
              <tbody>
                {o.agencies.flatMap((a) => a.localDays.map((d) => (
                  <tr>
                    <th scope="row"><time dateTime={d.date}>{d.date}</time>（{weekday(t, d.date)}）</th>
                    <td>{agencyName(a)}</td>
                    <td>{d.kind === 'rest' ? t('放假', 'Rest day') : t('上班', 'Working day')}</td>
                    <td>{d.name}</td>
                    <td>
                      <form method="post" action="/admin/calendar/local-days/delete" class="inline-form">
                        <CsrfField req={req} />
                        <input type="hidden" name="agencyId" value={a.id} />
                        <input type="hidden" name="date" value={d.date} />
                        <button type="submit" class="secondary" aria-label={t(`删除 ${d.date} ${d.name}`, `Remove ${d.date} ${d.name}`)}>{t('删除', 'Remove')}</button>
                      </form>
                    </td>
                  </tr>
                )))}
              </tbody>
            </table></div>
          ) : <p>{t(`${o.year}年没有本地节假日。`, `No local days in ${o.year}.`)}</p>}
          <form method="post" action="/admin/calendar/local-days" class="stacked" novalidate>
            <CsrfField req={req} />
            <input type="hidden" name="year" value={String(o.year)} />
            <ErrorSummary req={req} errors={errorsOf('local')} />
            <Field req={req} name="agencyId" label={t('适用机关（含下属机关）', 'Agency (and the agencies under it)')} options={agencyOptions}
              value={valueOf('local', 'agencyId', o.agencies[0].id)} errors={errorsOf('local')} />
            <Field req={req} name="kind" label={t('类型', 'Kind')} errors={errorsOf('local')} value={valueOf('local', 'kind', 'rest')}
              options={[{ value: 'rest', label: t('放假', 'Rest day') }, { value: 'work', label: t('上班', 'Working day') }]} />
            <Field req={req} name="days" label={t('日期和名称', 'Dates and name')} required multiline
              hint={t('每行一项：“YYYY-MM-DD 名称”或“YYYY-MM-DD..YYYY-MM-DD 名称”', 'One per line: “YYYY-MM-DD name” or “YYYY-MM-DD..YYYY-MM-DD name”')}
              value={valueOf('local', 'days', '')} errors={errorsOf('local')} />
            <button type="submit">{t('添加本地节假日', 'Add local days')}</button>
          </form>
        </section>
      ) : null}

      {o.agencies.length ? (
        <section aria-labelledby="counting-title">
          <h2 id="counting-title">{t('期限计算规则', 'Counting rule')}</h2>
          <ul>
            {o.agencies.map((a) => (
              <li>{agencyName(a)}{t('：', ': ')}{countingLabel(t, a.counting)}{a.ownCounting ? '' : t('（沿用上级或默认）', ' (inherited or default)')}</li>
            ))}
          </ul>
          <form method="post" action="/admin/calendar/counting" class="stacked" novalidate>
            <CsrfField req={req} />
            <input type="hidden" name="year" value={String(o.year)} />
            <ErrorSummary req={req} errors={errorsOf('counting')} />
            <Field req={req} name="agencyId" label={t('机关', 'Agency')} options={agencyOptions}
              value={valueOf('counting', 'agencyId', o.agencies[0].id)} errors={errorsOf('counting')} />
            <Field req={req} name="counting" label={t('规则', 'Rule')} errors={errorsOf('counting')} value={valueOf('counting', 'counting', 'after_start')}
              options={[
                { value: 'after_start', label: countingLabel(t, 'after_start') },
                { value: 'start_day_counts', label: countingLabel(t, 'start_day_counts') },
                { value: 'inherit', label: t('沿用上级机关的规则', 'Inherit the parent agency\'s rule') },
              ]} />
            <button type="submit">{t('保存计算规则', 'Save the rule')}</button>
          </form>
        </section>
      ) : null}
    </AdminLayout>, status);
}
