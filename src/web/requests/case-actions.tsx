/**
 * The workflow steps as forms on the case page (CSRF token and version in each): which are shown comes from the
 * transition table (request.ts `allowedActions`) and the user's permissions, so the UI cannot offer a step the
 * service would refuse for its state.
 */
import type { FastifyRequest } from 'fastify';
import type { Agency } from '../../agencies/agency.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import type { CaseDetail } from '../../requests/case-service.ts';
import { FEE_MODES, FEE_MODES_EN } from '../../requests/fees.ts';
import { DECIDABLE_OUTCOMES, LEGAL_BASES, OUTCOMES, WITHHELD_GROUNDS, withheldGroundLabel, type LegalBasisCode } from '../../requests/outcomes.ts';
import { TRANSITIONS, allowedActions, type RequestAction } from '../../requests/request.ts';
import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../admin/form-fields.tsx';

/** Steps that need the reviewer's permission; all others need the handler's. */
const APPROVER_STEPS: RequestAction[] = ['approve', 'return_decision'];
/** Steps only the applicant takes online (staff record them with their own forms). */
const HIDDEN: RequestAction[] = [];

/** The action forms of a case. */
export function CaseActions(p: { req: FastifyRequest; d: CaseDetail; agencies: Agency[]; errors?: FieldErrors; failed?: string; handlers: { userId: string; displayName: string }[] }) {
  const { req, d } = p;
  const t = translator(req.lang);
  const en = req.lang === 'en';
  const r = d.request;
  const actions = allowedActions(r.state).filter((a) => !HIDDEN.includes(a) && (APPROVER_STEPS.includes(a) ? d.canApprove : d.canHandle));
  const errs = (a: string) => (p.failed === a ? p.errors : undefined);
  const form = (a: RequestAction, body: preact.ComponentChildren, secondary = false) => (
    <form method="post" action={`/admin/requests/${r.id}/actions/${a}`} class="stacked panel action-form" id={`action-${a}`}>
      <h3>{en ? TRANSITIONS[a].en : TRANSITIONS[a].zh}</h3>
      <ErrorSummary req={req} errors={errs(a)} />
      <CsrfField req={req} />
      <input type="hidden" name="version" value={String(r.version)} />
      {body}
      <button type="submit" class={secondary ? 'secondary' : undefined}>{en ? TRANSITIONS[a].en : TRANSITIONS[a].zh}</button>
    </form>
  );
  const f = (a: string, name: string, label: string, extra: Record<string, unknown> = {}) => (
    <Field req={req} name={name} label={label} errors={errs(a)} {...extra} />
  );
  const bodies: Partial<Record<RequestAction, () => preact.ComponentChildren>> = {
    request_correction: () => <>
      <p class="hint">{t(`条例第三十条：自收到申请之日起7个工作日内一次性告知（${d.clocks.correctionNotice.dueOn}前）。`, `Art. 30: within 7 working days of receipt, once (by ${d.clocks.correctionNotice.dueOn}).`)}</p>
      {f('request_correction', 'notes', t('需要补正的事项（每行一项）', 'What to correct (one per line)'), { multiline: true, required: true, maxLength: 2000 })}
      {f('request_correction', 'periodWorkdays', t('补正期限（工作日）', 'Correction period (working days)'), { type: 'number', value: '15' })}
    </>,
    submit_correction: () => <>
      {f('submit_correction', 'text', t('补正内容', 'The correction'), { multiline: true, required: true, maxLength: 5000 })}
      {f('submit_correction', 'receivedOn', t('收到补正的日期', 'Correction received on'), { type: 'date', value: d.today })}
    </>,
    start_consultation: () => <>
      {f('start_consultation', 'party', t('征求意见对象', 'Consulted party'), { options: [{ value: 'third_party', label: t('第三方（条例第三十二条）', 'Third party (Art. 32)') }, { value: 'agency', label: t('其他机关（条例第三十四条）', 'Other agency (Art. 34)') }] })}
      {f('start_consultation', 'partyName', t('名称', 'Name'), { required: true, maxLength: 100 })}
      {f('start_consultation', 'sentOn', t('征求意见书送达日期', 'Letter received by the party on'), { type: 'date', value: d.today })}
    </>,
    end_consultation: () => <>
      {f('end_consultation', 'opinion', t('意见', 'Answer'), { options: [{ value: 'agree', label: t('同意公开', 'Agrees') }, { value: 'object', label: t('不同意公开', 'Objects') }, { value: 'no_answer', label: t('逾期未答复', 'No answer in time') }] })}
      {f('end_consultation', 'note', t('意见摘要', 'Summary'), { multiline: true, maxLength: 2000 })}
      {f('end_consultation', 'answeredOn', t('收到答复日期', 'Answered on'), { type: 'date', value: d.today })}
    </>,
    extend: () => <>
      {f('extend', 'workdays', t('延长的工作日数（1–20，条例第三十三条第二款）', 'Working days (1–20, Art. 33 ¶2)'), { type: 'number', required: true, value: '20' })}
      {f('extend', 'approver', t('同意延期的政府信息公开工作机构负责人', 'Approved by (head of the disclosure office)'), { required: true, maxLength: 50 })}
      {f('extend', 'reason', t('延期理由', 'Reason'), { multiline: true, required: true, maxLength: 1000 })}
    </>,
    send_fee_notice: () => <>
      {f('send_fee_notice', 'mode', t('计收方式', 'Charging'), { options: Object.keys(FEE_MODES).map((k) => ({ value: k, label: en ? FEE_MODES_EN[k as keyof typeof FEE_MODES] : FEE_MODES[k as keyof typeof FEE_MODES] })) })}
      {f('send_fee_notice', 'pages', t('页数（按量计收）', 'Pages (per volume)'), { type: 'number' })}
    </>,
    record_payment: () => f('record_payment', 'paidOn', t('缴费日期', 'Paid on'), { type: 'date', value: d.today }),
    decide: () => <>
      {f('decide', 'outcome', t('处理结果（年报表三）', 'Outcome (table 三)'), { options: DECIDABLE_OUTCOMES.map((o) => ({ value: o, label: en ? OUTCOMES[o].labelEn : OUTCOMES[o].label })) })}
      <fieldset class="field" id="f-bases">
        <legend>{t('法律依据（须与处理结果相符）', 'Legal basis (must fit the outcome)')}</legend>
        {errs('decide')?.bases ? <span class="field-error">{errs('decide')!.bases}</span> : null}
        {(Object.keys(LEGAL_BASES) as LegalBasisCode[]).filter((b) => DECIDABLE_OUTCOMES.some((o) => (OUTCOMES[o].bases as readonly string[]).includes(b))).map((b) => (
          <label class="radio"><input type="checkbox" name="bases" value={b} /> {en ? LEGAL_BASES[b].citeEn : LEGAL_BASES[b].cite}</label>
        ))}
      </fieldset>
      {f('decide', 'facts', t('认定的事实和理由', 'Facts and reasons'), { multiline: true, required: true, maxLength: 5000 })}
      <fieldset class="field">
        <legend>{t('部分公开：不予公开的内容及理由（条例第三十七条）', 'Partly granted: what is withheld and why (Art. 37)')}</legend>
        {[0, 1, 2].map((i) => <div class="withheld-row">
          <label for={`f-withheld-${i}-what`}>{t(`内容${i + 1}`, `Part ${i + 1}`)}</label>
          <input id={`f-withheld-${i}-what`} name={`withheld.${i}.what`} maxLength={500} />
          <label for={`f-withheld-${i}-ground`}>{t('理由', 'Ground')}</label>
          <select id={`f-withheld-${i}-ground`} name={`withheld.${i}.ground`}>
            {WITHHELD_GROUNDS.map((g) => <option value={g}>{withheldGroundLabel(g, en ? 'en' : 'zh')}</option>)}
          </select>
        </div>)}
        {errs('decide')?.withheld ? <span class="field-error">{errs('decide')!.withheld}</span> : null}
      </fieldset>
    </>,
    return_decision: () => f('return_decision', 'note', t('退回意见', 'Why'), { multiline: true, required: true, maxLength: 2000 }),
    withdraw: () => f('withdraw', 'channel', t('撤回方式', 'Received'), { options: [['letter', '书面'], ['in_person', '当面'], ['phone', '电话'], ['email', '电子邮件'], ['online', '网上']].map(([v, l]) => ({ value: v, label: l })) }),
    transfer: () => <>
      {f('transfer', 'agency', t('接收机关', 'To agency'), { options: p.agencies.filter((a) => a.id !== r.agencyId).map((a) => ({ value: a.code, label: a.name })) })}
      {f('transfer', 'reason', t('转送理由', 'Reason'), { multiline: true, required: true, maxLength: 1000 })}
    </>,
  };
  return (
    <section aria-labelledby="actions-h" id="actions">
      <h2 id="actions-h">{t('办理操作', 'Actions')}</h2>
      {actions.length === 0 ? <p>{t('当前状态没有可执行的操作。', 'No action is possible in this state.')}</p> : null}
      <div class="grid">
        {actions.map((a) => form(a, bodies[a]?.() ?? null, ['withdraw', 'abandon_correction', 'fee_lapse', 'return_decision'].includes(a)))}
        {d.canHandle || d.canApprove ? (
          <form method="post" action={`/admin/requests/${r.id}/assign`} class="stacked panel" id="action-assign">
            <h3>{t('指定承办人', 'Assign a handler')}</h3>
            <CsrfField req={req} />
            <Field req={req} name="userId" label={t('承办人', 'Handler')} errors={p.failed === 'assign' ? p.errors : undefined}
              options={p.handlers.map((h) => ({ value: h.userId, label: h.displayName }))} value={r.assigneeUserId ?? req.principal?.userId} />
            <button type="submit" class="secondary">{t('指定', 'Assign')}</button>
          </form>
        ) : null}
      </div>
    </section>
  );
}
