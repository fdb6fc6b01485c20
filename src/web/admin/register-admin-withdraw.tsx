/**
 * Back-office withdrawal (撤回) of a licensing decision, a penalty/coercion decision or a fee item: a page that shows
 * the record and asks for the reason and a note (docs/decisions/0008), re-rendered with field messages on 422 and
 * with the current state on 409 (already withdrawn, or changed by someone else meanwhile). For a withdrawn record the
 * same page offers reinstatement (恢复, the decision record's addendum) to staff who may edit the registers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Agency } from '../../agencies/agency.ts';
import { Conflict, InvalidTransition } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import {
  getEnforcementDecisionForStaff, getFeeItemForStaff, getLicensingDecisionForStaff, reinstateRegisterRecord, withdrawRegisterRecord,
} from '../../registers/corrections-service.ts';
import {
  ENFORCEMENT_KINDS, ENFORCEMENT_KINDS_EN, HOLDER_KINDS, HOLDER_KINDS_EN, LICENSING_ACTIONS, LICENSING_ACTIONS_EN, WITHDRAWAL_REASONS, WITHDRAWAL_REASONS_EN, fenToYuan,
  type RecordState, type WithdrawableKind, type WithdrawalReason,
} from '../../registers/registers.ts';
import { assertCsrf } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { CsrfField, ErrorSummary, Field, fieldErrorsOf, type FieldErrors } from './form-fields.tsx';
import { coded, formValues, staffAgency } from './register-admin-parts.tsx';
import { RegisterAdminTabs } from './register-admin.tsx';

/** The sections whose records can be withdrawn: path segment → kind. */
export const WITHDRAWABLE: Record<string, WithdrawableKind> = { licensing: 'licensing', decisions: 'enforcement', fees: 'fee' };

/** A record as the withdrawal page shows it: a heading, facts, and its state. */
interface Shown {
  title: string;
  facts: [string, string][];
  state: RecordState;
  published: boolean;
}

async function show(ctx: Ctx, req: FastifyRequest, kind: WithdrawableKind, a: Agency, id: string): Promise<Shown> {
  const t = translator(req.lang);
  if (kind === 'licensing') {
    const d = await getLicensingDecisionForStaff(ctx, req.principal, a.id, id);
    return {
      title: `${d.licenceType} · ${coded(req, LICENSING_ACTIONS, LICENSING_ACTIONS_EN)[d.action]}`, state: d, published: d.published,
      facts: [[t('决定日期', 'Decided on'), d.decidedOn], [t('持证人', 'Holder'), d.holderKind === 'organisation' ? d.holderName : coded(req, HOLDER_KINDS, HOLDER_KINDS_EN)[d.holderKind]],
        [t('许可证编号', 'Licence number'), d.licenceNumber || '—'], [t('件数', 'Cases'), String(d.caseCount)]],
    };
  }
  if (kind === 'enforcement') {
    const d = await getEnforcementDecisionForStaff(ctx, req.principal, a.id, id);
    return {
      title: `${coded(req, ENFORCEMENT_KINDS, ENFORCEMENT_KINDS_EN)[d.kind]} · ${d.documentNumber || d.decidedOn}`, state: d, published: d.published,
      facts: [[t('决定日期', 'Decided on'), d.decidedOn], [t('当事人', 'Party'), d.partyName], [t('处理内容', 'Measure'), d.measure],
        [t('金额（元）', 'Amount (yuan)'), d.amountFen ? fenToYuan(d.amountFen) : '—']],
    };
  }
  const f = await getFeeItemForStaff(ctx, req.principal, a.id, id);
  return {
    title: f.name, state: f, published: true,
    facts: [[t('收费标准', 'Standard'), f.standard], [t('执行期间', 'In force'), `${f.inForceFrom} – ${f.inForceUntil ?? ''}`]],
  };
}

/** Registers the withdrawal pages of the registers' back office. */
export async function registerRegisterWithdrawal(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const page = async (req: FastifyRequest, reply: FastifyReply, a: Agency, section: string, id: string, values: Record<string, string>, errors?: FieldErrors, status = 200) => {
    const t = translator(req.lang);
    const kind = WITHDRAWABLE[section];
    const r = await show(ctx, req, kind, a, id);
    const back = `/admin/registers/${a.code}/${section}`;
    const reasons = (Object.keys(WITHDRAWAL_REASONS) as WithdrawalReason[]).filter((k) => kind !== 'fee' || k === 'entry_error');
    const label = (k: WithdrawalReason) => (req.lang === 'en' ? WITHDRAWAL_REASONS_EN[k] : WITHDRAWAL_REASONS[k]);
    const w = r.state.withdrawal;
    const title = w ? t('恢复', 'Reinstate') : t('撤回', 'Withdraw');
    return sendPage(req, reply,
      <AdminLayout req={req} title={title} breadcrumbs={[{ href: '/admin/registers', label: t('清单与公示', 'Registers') }, { href: back, label: a.name }]}>
        <h1>{title}{t('：', ': ')}{r.title}</h1>
        <RegisterAdminTabs code={a.code} lang={req.lang} current={back} />
        <dl class="meta">{r.facts.map(([k, v]) => <><dt>{k}</dt><dd>{v}</dd></>)}
          <dt>{t('门户公开', 'On the portal')}</dt><dd>{r.published ? t('已公开', 'Published') : t('未公开', 'Not published')}</dd>
          {w ? <><dt>{t('撤回', 'Withdrawn')}</dt><dd>{w.on}{t('，', ', ')}{label(w.reason)}</dd>
            <dt>{t('撤回说明（仅内部可见）', 'Note (staff only)')}</dt><dd>{w.note || '—'}</dd></> : null}</dl>
        {w ? (
          <section class="panel" aria-labelledby="ri-h">
            <h2 id="ri-h">{t('恢复该记录', 'Reinstate this record')}</h2>
            <ul class="hint">
              <li>{t('用于纠正错误的撤回：恢复后记录回到撤回前的状态，可以再编辑或撤回。', 'For a withdrawal made by mistake: the record returns to its state before, and can be edited or withdrawn again.')}</li>
              <li>{kind === 'fee' ? t('恢复后重新计入年度报告表二的收费项目数量。', 'It counts again in the fee items of the annual report’s table 2.')
                : t('恢复后重新计入年度报告表二的处理决定数量；已发布的年度报告不重新计算。', 'It counts again in the decisions of the annual report’s table 2; reports already published are not recomputed.')}</li>
              <li>{r.published ? t('该记录在门户公开：恢复后重新公示，门户上的撤回说明随之撤下。', 'It is published: it appears on the portal again and the withdrawal notice there goes.')
                : t('该记录未在门户公开，恢复后仍不公开。', 'It is not published and stays unpublished.')}</li>
              <li>{t('撤回原因和说明不再保留在记录上；审计日志保留撤回和恢复的记录。', 'The withdrawal’s reason and note leave the record; the audit log keeps both the withdrawal and the reinstatement.')}</li>
            </ul>
            <form method="post" action={`${back}/${id}/reinstate`} class="stacked" novalidate>
              <CsrfField req={req} />
              <input type="hidden" name="version" value={values.version ?? String(r.state.version)} />
              <ErrorSummary req={req} errors={errors} />
              <button type="submit">{t('恢复', 'Reinstate')}</button>{' '}<a href={back}>{t('取消', 'Cancel')}</a>
            </form>
          </section>
        ) : (
          <section class="panel" aria-labelledby="wd-h">
            <h2 id="wd-h">{t('撤回该记录', 'Withdraw this record')}</h2>
            <ul class="hint">
              <li>{t('登记有误：记录不反映真实的决定（重复登记、录错机关等），撤回后不再公开，也不计入年度报告表二的处理决定数量。',
                'Recorded in error: the record never described a real decision; it leaves the portal and the table 2 counts.')}</li>
              {kind !== 'fee' ? <li>{t('原决定被依法撤销、确认违法或者要求重新作出：按行政执法公示制度从公示平台撤下原决定信息；该决定已于当年作出，仍计入当年的处理决定数量。',
                'Revoked: the original comes off the portal as the enforcement-disclosure rules require; it was made in its year and still counts there.')}</li>
                : <li>{t('停止收费的项目不要撤回，请在编辑中填写停止日期（以前年度的收费信息保持不变）。', 'A fee no longer charged is not withdrawn: give its stop date in the edit form.')}</li>}
              {r.published ? <li>{t('已公开的记录撤回后，门户上保留一条撤回说明（事项、决定日期、撤回日期和原因，不含当事人和说明）。',
                'A published record leaves a short notice on the portal (what, dates and reason; no party and no note).')}</li> : null}
            </ul>
            <form method="post" action={`${back}/${id}/withdraw`} class="stacked" novalidate>
              <CsrfField req={req} />
              <input type="hidden" name="version" value={values.version ?? String(r.state.version)} />
              <ErrorSummary req={req} errors={errors} />
              <Field req={req} name="reason" label={t('撤回原因', 'Reason')} value={values.reason} errors={errors} required
                options={[{ value: '', label: t('请选择', 'Choose') }, ...reasons.map((k) => ({ value: k, label: label(k) }))]} />
              <Field req={req} name="note" label={t('撤回说明（仅内部可见）', 'Note (staff only)')} value={values.note} errors={errors} required multiline maxLength={500}
                hint={t('例如：与2020年7月15日的登记重复；复议决定书文号等。', 'For example: duplicate of the entry of 15 July 2020; the reconsideration decision’s number.')} />
              <button type="submit">{t('撤回', 'Withdraw')}</button>{' '}<a href={back}>{t('取消', 'Cancel')}</a>
            </form>
          </section>
        )}
      </AdminLayout>, status);
  };

  const steps = { withdraw: withdrawRegisterRecord, reinstate: reinstateRegisterRecord };
  for (const section of Object.keys(WITHDRAWABLE)) {
    for (const [step, act] of Object.entries(steps)) {
      // One page for both steps: the withdrawal form while the record stands, the reinstatement form once withdrawn.
      app.get<{ Params: { code: string; id: string } }>(`/admin/registers/:code/${section}/:id/${step}`, async (req, reply) => {
        const a = await staffAgency(ctx, req, req.params.code, 'registers.edit');
        return page(req, reply, a, section, req.params.id, {});
      });
      app.post<{ Params: { code: string; id: string } }>(`/admin/registers/:code/${section}/:id/${step}`, async (req, reply) => {
        assertCsrf(req);
        const a = await staffAgency(ctx, req, req.params.code, 'registers.edit');
        const values = formValues(req.body);
        try {
          await act(ctx, req.principal, WITHDRAWABLE[section], a.id, req.params.id, values, req.ip);
          return reply.redirect(`/admin/registers/${a.code}/${section}?saved=1`, 303);
        } catch (err) {
          if (err instanceof Conflict || err instanceof InvalidTransition) {
            // Withdrawn or changed meanwhile: the page shows the current state (and form) with the current version.
            const current = (err.details as { currentVersion?: number } | undefined)?.currentVersion;
            const { version: _stale, ...kept } = values;
            return page(req, reply, a, section, req.params.id, current ? { ...kept, version: String(current) } : kept, { _: err.message }, 409);
          }
          return page(req, reply, a, section, req.params.id, values, fieldErrorsOf(err), 422);
        }
      });
    }
  }
}
