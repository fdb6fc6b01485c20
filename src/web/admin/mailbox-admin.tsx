/**
 * Back office of the 厅长信箱 / 在线咨询: the letter list with due dates (overdue flagged), one letter with its actions
 * (route to a unit, reply, publish after the personal-data scan, hand over as a disclosure application or petition,
 * a case handler's audited view of the writer's full contact details),
 * the agency's reply period, and the year's statistics.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasPermission } from '../../accounts/principal.ts';
import type { Agency } from '../../agencies/agency.ts';
import { getAgencyProfile } from '../../agencies/agency-service.ts';
import { CHANNELS, CHANNELS_EN, LETTER_STATES, LETTER_STATES_EN, LETTER_TRANSITIONS, type Letter, type LetterState } from '../../mailbox/letter.ts';
import {
  assignLetter, convertLetter, getLetter, letterStatisticsOf, listLetters, publishLetter, replyToLetter, replyWorkdaysOf, setReplyWorkdays,
  unpublishLetter,
} from '../../mailbox/letter-service.ts';
import { registerLetterAsRequest } from '../../mailbox/letter-conversion.ts';
import { unmaskLetterWriter, type WriterContact } from '../../mailbox/letter-unmask.ts';
import { todayOn } from '../../platform/clock.ts';
import { APPLICANT_KINDS, ID_TYPES } from '../../requests/request.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator, type Lang } from '../../platform/i18n/i18n.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { CsrfField, ErrorSummary, Field, fieldErrorsOf, type FieldErrors } from './form-fields.tsx';
import { AdminTabs, coded, formValues, sendAgencyChooser, staffAgency } from './register-admin-parts.tsx';

/** Tabs of the interaction back office. */
export function MailboxAdminTabs({ code, lang, current }: { code: string; lang: Lang; current: string }) {
  const t = translator(lang);
  const b = `/admin/mailbox/${code}`;
  return <AdminTabs label={t('政民互动', 'Public interaction')} current={current} tabs={[[b, t('来信办理', 'Letters')], [`${b}/solicitations`, t('征集意见', 'Consultations')]]} />;
}

function StateBadge({ req, l, today }: { req: FastifyRequest; l: Letter; today: string }) {
  const t = translator(req.lang);
  const open = LETTER_TRANSITIONS[l.state].length > 0;
  const tone = open ? (l.dueOn < today ? 'bad' : l.dueOn === today ? 'warn' : '') : 'ok';
  return <span class={`badge ${tone}`}>{coded(req, LETTER_STATES, LETTER_STATES_EN)[l.state]}{open && l.dueOn < today ? t('（逾期）', ' (overdue)') : ''}</span>;
}

/** Registers the mailbox back office. */
export async function registerMailboxAdmin(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get('/admin/mailbox', async (req, reply) =>
    sendAgencyChooser(ctx, req, reply, { permission: 'mailbox.reply', base: '/admin/mailbox', titleZh: '政民互动', titleEn: 'Public interaction' }));

  const listPage = async (req: FastifyRequest, a: Agency, q: { state?: string; year?: string }, errors?: FieldErrors, saved?: boolean) => {
    const t = translator(req.lang);
    const today = todayOn(ctx.clock);
    const thisYear = Number(today.slice(0, 4));
    const year = /^\d{4}$/.test(q.year ?? '') ? Number(q.year) : thisYear;
    const state = q.state && q.state in LETTER_STATES ? (q.state as LetterState) : undefined;
    const [{ rows, total }, stats, workdays] = await Promise.all([
      listLetters(ctx, req.principal, a.id, { state, year, limit: 200 }), letterStatisticsOf(ctx, a.id, year), replyWorkdaysOf(ctx, a.id),
    ]);
    const base = `/admin/mailbox/${a.code}`;
    return (
      <AdminLayout req={req} title={t('来信办理', 'Letters')} breadcrumbs={[{ href: '/admin/mailbox', label: t('政民互动', 'Public interaction') }]}>
        <h1>{a.name} · {t('来信办理', 'Letters')}</h1>
        <MailboxAdminTabs code={a.code} lang={req.lang} current={base} />
        {saved ? <p class="notice ok" role="status">{t('已保存。', 'Saved.')}</p> : null}
        <section class="panel" aria-labelledby="st-h">
          <h2 id="st-h">{t(`${year}年统计`, `Statistics ${year}`)}</h2>
          <p>{t(`收到 ${stats.received} 件，已答复 ${stats.answered} 件（答复率 ${stats.replyRate ?? '—'}%），按期答复 ${stats.answeredOnTime} 件（按期率 ${stats.onTimeRate ?? '—'}%），未办结 ${stats.open} 件，其中逾期 ${stats.overdue} 件；转依申请公开 ${stats.converted} 件，转信访 ${stats.redirected} 件，公开 ${stats.published} 件。`,
            `${stats.received} received, ${stats.answered} answered (${stats.replyRate ?? '—'}%), ${stats.answeredOnTime} on time (${stats.onTimeRate ?? '—'}%), ${stats.open} open of which ${stats.overdue} overdue; ${stats.converted} converted, ${stats.redirected} redirected, ${stats.published} published.`)}</p>
        </section>
        <form method="get" action={base} class="filters">
          <div class="field"><label for="fs">{t('状态', 'Status')}</label><select id="fs" name="state"><option value="">{t('全部', 'All')}</option>
            {Object.entries(coded(req, LETTER_STATES, LETTER_STATES_EN)).map(([k, v]) => <option value={k} selected={k === state}>{v}</option>)}</select></div>
          <div class="field"><label for="fy">{t('年度', 'Year')}</label><input id="fy" name="year" value={String(year)} size={4} inputMode="numeric" /></div>
          <button type="submit">{t('筛选', 'Filter')}</button>
        </form>
        <p>{t(`共 ${total} 件`, `${total} letters`)}</p>
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('收到日期', 'Received')}</th><th scope="col">{t('类型', 'Type')}</th><th scope="col">{t('标题', 'Subject')}</th><th scope="col">{t('来信人', 'Writer')}</th><th scope="col">{t('答复期限', 'Due')}</th><th scope="col">{t('状态', 'Status')}</th></tr></thead>
          <tbody>{rows.map((l) => <tr><td>{l.receivedOn}</td><td>{coded(req, CHANNELS, CHANNELS_EN)[l.channel]}</td><td><a href={`${base}/letters/${l.id}`}>{l.subject}</a></td><td>{l.writerName}</td><td>{l.dueOn}</td><td><StateBadge req={req} l={l} today={today} /></td></tr>)}</tbody>
        </table></div>
        {req.principal && hasPermission(req.principal, 'settings.edit', a.id) ? (
          <form method="post" action={`${base}/settings`} class="panel stacked" novalidate>
            <h2>{t('答复期限设置', 'Reply period')}</h2>
            <CsrfField req={req} />
            <ErrorSummary req={req} errors={errors} />
            <Field req={req} name="workdays" label={t('收到来信后几个工作日内答复', 'Working days to reply')} value={String(workdays)} errors={errors} inputMode="numeric" maxLength={2}
              hint={t('按国家法定节假日和调休安排计算；只对此后收到的来信生效。', 'Counted on the official working-day calendar; applies to letters received from now on.')} />
            <button type="submit">{t('保存', 'Save')}</button>
          </form>
        ) : null}
      </AdminLayout>
    );
  };

  app.get<{ Params: { code: string }; Querystring: { state?: string; year?: string; saved?: string } }>('/admin/mailbox/:code', async (req, reply) => {
    const a = await staffAgency(ctx, req, req.params.code, 'mailbox.reply');
    return sendPage(req, reply, await listPage(req, a, req.query, undefined, !!req.query.saved));
  });

  app.post<{ Params: { code: string } }>('/admin/mailbox/:code/settings', async (req, reply) => {
    assertCsrf(req);
    const a = await staffAgency(ctx, req, req.params.code, 'settings.edit');
    try {
      await setReplyWorkdays(ctx, req.principal, a.id, formValues(req.body), req.ip);
      return reply.redirect(`/admin/mailbox/${a.code}?saved=1`, 303);
    } catch (err) {
      return sendPage(req, reply, await listPage(req, a, {}, fieldErrorsOf(err)), 422);
    }
  });

  const letterPage = async (req: FastifyRequest, a: Agency, id: string, values: Record<string, string> = {}, errors?: FieldErrors, saved?: boolean, unmasked?: WriterContact) => {
    const t = translator(req.lang);
    const l = await getLetter(ctx, req.principal, a.id, id);
    const profile = await getAgencyProfile(ctx, a.code);
    const today = todayOn(ctx.clock);
    const base = `/admin/mailbox/${a.code}/letters/${l.id}`;
    const can = LETTER_TRANSITIONS[l.state];
    const v = (k: string, dflt: string) => values[k] ?? dflt;
    return (
      <AdminLayout req={req} title={l.subject} breadcrumbs={[{ href: `/admin/mailbox/${a.code}`, label: t('来信办理', 'Letters') }]}>
        <h1>{l.subject}</h1>
        {saved ? <p class="notice ok" role="status">{t('已保存。', 'Saved.')}</p> : null}
        <ErrorSummary req={req} errors={errors} />
        <dl class="meta">
          <dt>{t('类型', 'Type')}</dt><dd>{coded(req, CHANNELS, CHANNELS_EN)[l.channel]}</dd>
          <dt>{t('状态', 'Status')}</dt><dd><StateBadge req={req} l={l} today={today} /></dd>
          <dt>{t('来信人', 'Writer')}</dt><dd class={unmasked ? 'unmasked' : 'masked'}>{unmasked ? `${unmasked.name}　${unmasked.phone}　${unmasked.email}` : `${l.writerName}　${l.writerPhone}　${l.writerEmail}`}</dd>
          <dt>{t('收到日期', 'Received')}</dt><dd>{l.receivedOn}</dd>
          <dt>{t('答复期限', 'Due')}</dt><dd>{l.dueOn}（{t(`${l.replyWorkdays}个工作日`, `${l.replyWorkdays} working days`)}）</dd>
          <dt>{t('承办单位', 'Unit')}</dt><dd>{profile.units.find((u) => u.id === l.unitId)?.name ?? '—'}</dd>
          <dt>{t('同意公开', 'Consent to publish')}</dt><dd>{l.publishConsent ? t('是', 'Yes') : t('否', 'No')}</dd>
          <dt>{t('查询码', 'Tracking code')}</dt><dd>{l.trackingCode}</dd>
        </dl>
        {unmasked ? <p class="notice warn" role="status">{t('已显示来信人的完整姓名和联系方式，仅此一次；本次查看已记入审计日志。离开本页后重新遮蔽。', 'The writer’s name and contacts are shown in full this once; the view is in the audit log. They are masked again when you leave this page.')}</p>
          : req.principal && hasPermission(req.principal, 'mailbox.unmask', a.id) ? (
            <form method="post" action={`${base}/unmask`} class="panel stacked" novalidate>
              <h2>{t('查看完整联系方式', 'Show the full contact details')}</h2><CsrfField req={req} />
              <Field req={req} name="reason" label={t('查看理由（记入审计日志，请勿写入个人信息）', 'Reason (audited; no personal data)')} value={v('reason', '')} errors={errors} required maxLength={500}
                hint={t('例如：电话联系来信人核实反映的情况。', 'For example: to phone the writer about the facts of the letter.')} />
              <button type="submit" class="secondary">{t('查看完整联系方式', 'Show in full')}</button>
            </form>
          ) : null}
        <h2>{t('来信内容', 'Letter')}</h2>
        <p class="body-text pre-line">{l.question}</p>
        {l.reply ? <><h2>{t('答复内容', 'Reply')}（{l.repliedOn}）</h2><p class="body-text pre-line">{l.reply}</p></> : null}
        {can.includes('assign') ? (
          <form method="post" action={`${base}/assign`} class="panel stacked">
            <h2>{t('分办', 'Route')}</h2><CsrfField req={req} /><input type="hidden" name="version" value={String(l.version)} />
            <Field req={req} name="unitId" label={t('承办单位', 'Unit')} value={v('unitId', l.unitId ?? '')} errors={errors}
              options={[{ value: '', label: t('请选择', 'Choose') }, ...profile.units.map((u) => ({ value: u.id, label: u.name }))]} />
            <button type="submit">{t('分办', 'Route')}</button>
          </form>
        ) : null}
        {can.includes('reply') ? (
          <form method="post" action={`${base}/reply`} class="panel stacked">
            <h2>{t('答复', 'Reply')}</h2><CsrfField req={req} /><input type="hidden" name="version" value={String(l.version)} />
            <Field req={req} name="reply" label={t('答复内容', 'Reply')} value={v('reply', '')} errors={errors} multiline maxLength={10000} />
            <button type="submit">{t('答复', 'Send reply')}</button>
          </form>
        ) : null}
        {can.includes('convert') ? (
          <form method="post" action={`${base}/convert`} class="panel stacked">
            <h2>{t('转办', 'Hand over')}</h2><CsrfField req={req} /><input type="hidden" name="version" value={String(l.version)} />
            <p class="hint">{t('来信实为政府信息公开申请的，登记为依申请公开（可在“依申请公开”中登记后填写查询码）；属于信访事项的，转信访渠道。来信人会收到说明。',
              'A letter that is really a disclosure request is handled as one (register it and give its tracking code); a petition goes to the petition office. The writer is told.')}</p>
            <Field req={req} name="ref" label={t('依申请公开查询码（选填）', 'Request tracking code (optional)')} value={v('ref', '')} errors={errors} maxLength={64} />
            <button type="submit" name="to" value="disclosure_request">{t('转为政府信息公开申请', 'Handle as a disclosure request')}</button>{' '}
            <button type="submit" name="to" value="petition" class="secondary">{t('转信访渠道', 'Redirect as a petition')}</button>
          </form>
        ) : null}
        {can.includes('convert') && req.principal && hasPermission(req.principal, 'requests.handle', a.id) ? (
          <form method="post" action={`${base}/register`} class="panel stacked" novalidate>
            <h2>{t('登记为政府信息公开申请', 'Register as a disclosure request')}</h2><CsrfField req={req} /><input type="hidden" name="version" value={String(l.version)} />
            <p class="hint">{t('来信人的姓名、联系方式和来信内容将带入申请，收到日期为来信日期（条例第三十一条）；请补充申请人身份信息（条例第二十九条）。',
              'The writer’s name, contacts and text are carried over and the receipt date is the letter’s (Art. 31); add the identity the Regulation requires (Art. 29).')}</p>
            <Field req={req} name="applicantKind" label={t('申请人类型', 'Applicant')} value={v('applicantKind', 'natural_person')} errors={errors}
              options={Object.entries(APPLICANT_KINDS).map(([k, x]) => ({ value: k, label: x }))} />
            <Field req={req} name="idType" label={t('证件类型（自然人）', 'ID type (natural persons)')} value={v('idType', 'resident_id')} errors={errors}
              options={Object.entries(ID_TYPES).map(([k, x]) => ({ value: k, label: x }))} />
            <Field req={req} name="idNumber" label={t('证件号码（自然人）', 'ID number (natural persons)')} value={v('idNumber', '')} errors={errors} maxLength={40} autocomplete="off" />
            <Field req={req} name="creditCode" label={t('统一社会信用代码（组织）', 'Credit code (organisations)')} value={v('creditCode', '')} errors={errors} maxLength={18} />
            <Field req={req} name="contactName" label={t('联系人（组织）', 'Contact (organisations)')} value={v('contactName', '')} errors={errors} maxLength={50} />
            <Field req={req} name="description" label={t('所需信息的描述', 'Information requested')} value={v('description', l.question)} errors={errors} multiline maxLength={5000} />
            <button type="submit">{t('登记申请并转办', 'Register and hand over')}</button>
          </form>
        ) : null}
        {l.state === 'replied' && l.publishConsent ? (
          l.published ? (
            <form method="post" action={`${base}/unpublish`} class="panel stacked">
              <h2>{t('已公开', 'Published')}（{l.publishedOn}）</h2><CsrfField req={req} /><input type="hidden" name="version" value={String(l.version)} />
              <button type="submit" class="secondary">{t('撤回公开', 'Withdraw')}</button>
            </form>
          ) : (
            <form method="post" action={`${base}/publish`} class="panel stacked">
              <h2>{t('公开来信和答复', 'Publish letter and reply')}</h2><CsrfField req={req} /><input type="hidden" name="version" value={String(l.version)} />
              <p class="hint">{t('公开前会检查身份证号码、手机号码、银行卡号和来信人姓名、联系方式；请删去其他可识别个人的内容。', 'Before publication the text is checked for ID numbers, mobiles, bank cards and the writer’s name and contacts; remove anything else that identifies a person.')}</p>
              <Field req={req} name="publicQuestion" label={t('公开的来信内容', 'Letter as published')} value={v('publicQuestion', l.question)} errors={errors} multiline maxLength={5000} />
              <Field req={req} name="publicReply" label={t('公开的答复内容', 'Reply as published')} value={v('publicReply', l.reply)} errors={errors} multiline maxLength={10000} />
              <button type="submit">{t('公开', 'Publish')}</button>
            </form>
          )
        ) : null}
      </AdminLayout>
    );
  };

  app.get<{ Params: { code: string; id: string }; Querystring: { saved?: string } }>('/admin/mailbox/:code/letters/:id', async (req, reply) => {
    const a = await staffAgency(ctx, req, req.params.code, 'mailbox.reply');
    return sendPage(req, reply, await letterPage(req, a, req.params.id, {}, undefined, !!req.query.saved));
  });

  app.post<{ Params: { code: string; id: string } }>('/admin/mailbox/:code/letters/:id/unmask', async (req, reply) => {
    requirePrincipal(req);
    assertCsrf(req);
    const a = await staffAgency(ctx, req, req.params.code, 'mailbox.reply');
    const values = formValues(req.body);
    try {
      // Rendered in the answer to this POST only: never redirected to, never in a URL, gone on the next GET.
      const unmasked = await unmaskLetterWriter(ctx, req.principal, a.id, req.params.id, values, req.ip);
      return sendPage(req, reply, await letterPage(req, a, req.params.id, {}, undefined, false, unmasked));
    } catch (err) {
      return sendPage(req, reply, await letterPage(req, a, req.params.id, values, fieldErrorsOf(err)), 422);
    }
  });

  const actions = {
    assign: assignLetter, reply: replyToLetter, convert: convertLetter, publish: publishLetter, unpublish: unpublishLetter, register: registerLetterAsRequest,
  } as const;
  for (const [name, fn] of Object.entries(actions)) {
    app.post<{ Params: { code: string; id: string } }>(`/admin/mailbox/:code/letters/:id/${name}`, async (req, reply) => {
      assertCsrf(req);
      const a = await staffAgency(ctx, req, req.params.code, 'mailbox.reply');
      const values = formValues(req.body);
      try {
        await fn(ctx, req.principal, a.id, req.params.id, values, req.ip);
        return reply.redirect(`/admin/mailbox/${a.code}/letters/${req.params.id}?saved=1`, 303);
      } catch (err) {
        return sendPage(req, reply, await letterPage(req, a, req.params.id, values, fieldErrorsOf(err)), 422);
      }
    });
  }
}
