/**
 * Back office of the registers besides the power list: 行政执法主体, licensing decisions and batches, penalty and
 * coercion decisions, fee items and amounts, procurement projects, reconsideration / litigation cases, and a preview
 * of the table 二 / 四 figures the annual report will take from them. Decisions and fee items are corrected with
 * optimistic locking (409 on a stale version) and withdrawn rather than deleted (register-admin-withdraw.tsx).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Agency } from '../../agencies/agency.ts';
import { Conflict, Forbidden, InvalidTransition, NotFound } from '../../errors.ts';
import { todayOn } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { countRegisterFacts, countTable4 } from '../../registers/register-facts.ts';
import {
  editEnforcementDecision, editFeeItem, editLicensingDecision, getEnforcementDecisionForStaff, getFeeItemForStaff, getLicensingDecisionForStaff,
  listFeeItemsForStaff,
} from '../../registers/corrections-service.ts';
import {
  CASE_KINDS, CASE_RESULTS, ENFORCEMENT_KINDS, ENFORCEMENT_KINDS_EN, HOLDER_KINDS, HOLDER_KINDS_EN, LICENSING_ACTIONS, LICENSING_ACTIONS_EN, SUBJECT_KINDS,
  SUBJECT_KINDS_EN, fenToYuan,
} from '../../registers/registers.ts';
import {
  addFeeItem, listDisclosureCases, listEnforcementDecisionsForStaff, listEnforcementSubjects, listLicensingDecisions, listProcurement,
  recordEnforcementDecision, recordFeeCollection, recordLicensingDecision, recordProcurement, removeEnforcementSubject, saveDisclosureCase,
  saveEnforcementSubject,
} from '../../registers/registers-service.ts';
import { assertCsrf } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { CsrfField, Field, fieldErrorsOf, type FieldErrors } from './form-fields.tsx';
import { coded, formValues, mayEditRegisters, staffAgency } from './register-admin-parts.tsx';
import {
  RecordActions, RegisterAdminTabs, Table, conflictRows, opts, sectionPage, type ConflictRow, type Section,
} from './register-admin-section.tsx';
import {
  caseFormValues, enforcementFormValues, feeItemFormValues, licensingFormValues, subjectFormValues,
} from './register-form-values.ts';

export { RegisterAdminTabs } from './register-admin-section.tsx';

/** The last column of correctable records: their actions, or only their state (更正, 撤回) for read-only roles. */
function actionsHead(req: FastifyRequest, a: Agency): string {
  const t = translator(req.lang);
  return mayEditRegisters(req, a.id) ? t('操作', 'Actions') : t('更正或撤回', 'Corrected or withdrawn');
}

/** Registers the registers' back-office sections. */
export async function registerRegisterAdmin(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const sections: Section[] = [
    {
      path: 'subjects', titleZh: '行政执法主体', titleEn: 'Law-enforcement bodies',
      list: async (a, req) => {
        const t = translator(req.lang);
        const canEdit = mayEditRegisters(req, a.id);
        return <Table head={[t('单位名称', 'Unit'), t('主体类别', 'Kind'), t('联系电话', 'Phone'), t('监督电话', 'Supervision'), ...(canEdit ? [''] : [])]} rows={(await listEnforcementSubjects(ctx, a.id)).map((s) => [
          s.unitName, coded(req, SUBJECT_KINDS, SUBJECT_KINDS_EN)[s.subjectKind], s.contactPhone, s.supervisionPhone,
          ...(canEdit ? [<><a href={`/admin/registers/${a.code}/subjects?edit=${s.id}`}>{t('编辑', 'Edit')}<span class="visually-hidden"> {s.unitName}</span></a>{' · '}<form method="post" action={`/admin/registers/${a.code}/subjects/${s.id}/delete`} class="inline"><CsrfField req={req} /><button type="submit" class="link-button">{t('删除', 'Delete')}<span class="visually-hidden"> {s.unitName}</span></button></form></>] : []),
        ])} />;
      },
      fields: (req, v, e) => {
        const t = translator(req.lang);
        return <>
          <Field req={req} name="unitName" label={t('单位名称', 'Unit name')} value={v.unitName} errors={e} required maxLength={200} />
          <Field req={req} name="subjectKind" label={t('主体类别', 'Kind')} value={v.subjectKind} errors={e} required options={opts(coded(req, SUBJECT_KINDS, SUBJECT_KINDS_EN))} />
          <Field req={req} name="legalBasis" label={t('主要执法依据', 'Main legal basis')} value={v.legalBasis} errors={e} multiline maxLength={4000} />
          <Field req={req} name="powers" label={t('执法职权', 'Powers')} value={v.powers} errors={e} multiline maxLength={4000} />
          <Field req={req} name="contactPhone" label={t('联系电话', 'Phone')} value={v.contactPhone} errors={e} maxLength={60} />
          <Field req={req} name="supervisionPhone" label={t('监督电话', 'Supervision phone')} value={v.supervisionPhone} errors={e} maxLength={60} />
          <Field req={req} name="address" label={t('单位地址', 'Address')} value={v.address} errors={e} maxLength={200} />
          <Field req={req} name="sortOrder" label={t('排序', 'Order')} value={v.sortOrder} errors={e} inputMode="numeric" maxLength={4} />
        </>;
      },
      save: (a, req, v) => saveEnforcementSubject(ctx, req.principal, a.id, v.id || undefined, v, req.ip),
      defaults: () => ({ subjectKind: 'statutory', sortOrder: '0' }),
      load: async (a, _req, id) => {
        const s = (await listEnforcementSubjects(ctx, a.id)).find((x) => x.id === id);
        return s && subjectFormValues(s);
      },
    },
    {
      path: 'licensing', titleZh: '行政许可决定', titleEn: 'Licensing decisions',
      list: async (a, req) => {
        const t = translator(req.lang);
        const { rows } = await listLicensingDecisions(ctx, req.principal, a.id);
        const base = `/admin/registers/${a.code}/licensing`;
        return <Table head={[t('日期', 'Date'), t('许可种类', 'Licence'), t('类型', 'Action'), t('持证人', 'Holder'), t('件数', 'Cases'), t('公示', 'Published'), actionsHead(req, a)]}
          rows={rows.slice(0, 200).map((d) => [d.decidedOn, d.licenceType, coded(req, LICENSING_ACTIONS, LICENSING_ACTIONS_EN)[d.action], d.holderKind === 'organisation' ? d.holderName : coded(req, HOLDER_KINDS, HOLDER_KINDS_EN)[d.holderKind], String(d.caseCount), d.published ? '✓' : '',
            <RecordActions req={req} base={base} id={d.id} state={d} label={`${d.decidedOn} ${d.licenceType}`} canEdit={mayEditRegisters(req, a.id)} />])} />;
      },
      fields: (req, v, e) => {
        const t = translator(req.lang);
        return <>
          <Field req={req} name="licenceType" label={t('许可证种类', 'Licence type')} value={v.licenceType} errors={e} required maxLength={100} />
          <Field req={req} name="action" label={t('决定类型', 'Action')} value={v.action} errors={e} required options={opts(coded(req, LICENSING_ACTIONS, LICENSING_ACTIONS_EN))} />
          <Field req={req} name="holderKind" label={t('持证人类型', 'Holder')} value={v.holderKind} errors={e} required options={opts(coded(req, HOLDER_KINDS, HOLDER_KINDS_EN))}
            hint={t('在其他系统办理的批量业务（如外国人来华工作许可）选“汇总登记”并填写件数；自然人不登记姓名。', 'Batches handled in another system: choose aggregate and give the number of cases; natural persons are never named.')} />
          <Field req={req} name="holderName" label={t('持证单位名称', 'Holder organisation')} value={v.holderName} errors={e} maxLength={200} />
          <Field req={req} name="licenceNumber" label={t('许可证编号', 'Licence number')} value={v.licenceNumber} errors={e} maxLength={100} />
          <Field req={req} name="caseCount" label={t('件数', 'Cases')} value={v.caseCount} errors={e} inputMode="numeric" maxLength={6} />
          <Field req={req} name="decidedOn" label={t('决定日期', 'Decided on')} type="date" value={v.decidedOn} errors={e} required />
          <Field req={req} name="validUntil" label={t('有效期至', 'Valid until')} type="date" value={v.validUntil} errors={e} />
          <Field req={req} name="note" label={t('备注', 'Note')} value={v.note} errors={e} maxLength={1000} />
          <div class="field"><input type="checkbox" id="f-published" name="published" value="on" checked={v.published === 'on'} />
            <label for="f-published" class="inline-label">{t('在门户公示（仅限法人或其他组织）', 'Publish on the portal (organisations only)')}</label></div>
        </>;
      },
      labels: {
        licenceType: ['许可证种类', 'Licence type'], action: ['决定类型', 'Action', LICENSING_ACTIONS], holderKind: ['持证人类型', 'Holder', HOLDER_KINDS],
        holderName: ['持证单位名称', 'Holder organisation'], licenceNumber: ['许可证编号', 'Licence number'], caseCount: ['件数', 'Cases'],
        decidedOn: ['决定日期', 'Decided on'], validUntil: ['有效期至', 'Valid until'], note: ['备注', 'Note'], published: ['在门户公示', 'Published'],
      },
      save: (a, req, v) => (v.id ? editLicensingDecision(ctx, req.principal, a.id, v.id, v, req.ip) : recordLicensingDecision(ctx, req.principal, a.id, v, req.ip)),
      defaults: (today) => ({ action: 'issue', holderKind: 'organisation', caseCount: '1', decidedOn: today }),
      load: async (a, req, id) => {
        const d = await getLicensingDecisionForStaff(ctx, req.principal, a.id, id);
        return d.withdrawal ? undefined : licensingFormValues(d);
      },
    },
    {
      path: 'decisions', titleZh: '行政处罚和行政强制', titleEn: 'Penalties and coercive measures',
      list: async (a, req) => {
        const t = translator(req.lang);
        const base = `/admin/registers/${a.code}/decisions`;
        return <Table head={[t('日期', 'Date'), t('类别', 'Kind'), t('文号', 'No.'), t('当事人', 'Party'), t('处理内容', 'Measure'), t('金额（元）', 'Amount'), t('公开', 'Published'), actionsHead(req, a)]}
          rows={(await listEnforcementDecisionsForStaff(ctx, req.principal, a.id)).map((d) => [d.decidedOn, coded(req, ENFORCEMENT_KINDS, ENFORCEMENT_KINDS_EN)[d.kind], d.documentNumber, d.partyName, d.measure, d.amountFen ? fenToYuan(d.amountFen) : '', d.published ? '✓' : '',
            <RecordActions req={req} base={base} id={d.id} state={d} label={`${d.decidedOn} ${d.documentNumber}`} canEdit={mayEditRegisters(req, a.id)} />])} />;
      },
      fields: (req, v, e) => {
        const t = translator(req.lang);
        return <>
          <Field req={req} name="kind" label={t('类别', 'Kind')} value={v.kind} errors={e} required options={opts(coded(req, ENFORCEMENT_KINDS, ENFORCEMENT_KINDS_EN))} />
          <Field req={req} name="documentNumber" label={t('决定书文号', 'Document number')} value={v.documentNumber} errors={e} maxLength={100} />
          <Field req={req} name="partyKind" label={t('当事人类型', 'Party')} value={v.partyKind} errors={e} required options={[{ value: 'organisation', label: t('法人或其他组织', 'Organisation') }, { value: 'natural_person', label: t('自然人（加密保存，公开时隐去姓名）', 'Natural person (encrypted; masked when published)') }]} />
          <Field req={req} name="partyName" label={t('当事人', 'Party name')} value={v.partyName} errors={e} required={!v.id} maxLength={200}
            hint={v.id && v.partyKind === 'natural_person' ? t('自然人姓名加密保存，此处不显示；留空则保留原姓名，填写则替换。', 'A natural person’s name is stored encrypted and not shown; leave empty to keep it, or type a new one.') : undefined} />
          <Field req={req} name="facts" label={t('违法事实', 'Facts')} value={v.facts} errors={e} multiline maxLength={4000} />
          <Field req={req} name="legalBasis" label={t('依据', 'Legal basis')} value={v.legalBasis} errors={e} maxLength={2000} />
          <Field req={req} name="measure" label={t('处理内容', 'Measure')} value={v.measure} errors={e} required maxLength={2000} />
          <Field req={req} name="amountYuan" label={t('罚没金额（元）', 'Amount (yuan)')} value={v.amountYuan} errors={e} inputMode="decimal" maxLength={16} />
          <Field req={req} name="decidedOn" label={t('决定日期', 'Decided on')} type="date" value={v.decidedOn} errors={e} required />
          <div class="field"><input type="checkbox" id="f-published" name="published" value="on" checked={v.published === 'on'} />
            <label for="f-published" class="inline-label">{t('在门户公开', 'Publish on the portal')}</label></div>
        </>;
      },
      labels: {
        kind: ['类别', 'Kind', ENFORCEMENT_KINDS], documentNumber: ['决定书文号', 'Document number'], partyKind: ['当事人类型', 'Party', { organisation: '法人或其他组织', natural_person: '自然人' }],
        partyName: ['当事人', 'Party name'], facts: ['违法事实', 'Facts'], legalBasis: ['依据', 'Legal basis'], measure: ['处理内容', 'Measure'],
        amountYuan: ['罚没金额（元）', 'Amount (yuan)'], decidedOn: ['决定日期', 'Decided on'], published: ['在门户公开', 'Published'],
      },
      save: (a, req, v) => (v.id ? editEnforcementDecision(ctx, req.principal, a.id, v.id, v, req.ip) : recordEnforcementDecision(ctx, req.principal, a.id, v, req.ip)),
      defaults: (today) => ({ kind: 'penalty', partyKind: 'organisation', decidedOn: today }),
      load: async (a, req, id) => {
        const d = await getEnforcementDecisionForStaff(ctx, req.principal, a.id, id);
        return d.withdrawal ? undefined : enforcementFormValues(d);
      },
    },
    {
      path: 'fees', titleZh: '行政事业性收费', titleEn: 'Administrative fees',
      list: async (a, req) => {
        const t = translator(req.lang);
        const year = String(Number(todayOn(ctx.clock).slice(0, 4)) - 1);
        const base = `/admin/registers/${a.code}/fees`;
        const canEdit = mayEditRegisters(req, a.id);
        return <Table head={[t('收费项目', 'Item'), t('标准', 'Standard'), t('执行期间', 'In force'), t('收费金额（元）', 'Collected'), ...(canEdit ? [t('登记收费金额', 'Record amount')] : []), actionsHead(req, a)]}
          rows={(await listFeeItemsForStaff(ctx, req.principal, a.id)).map((f) => [f.name, f.standard, `${f.inForceFrom} – ${f.inForceUntil ?? ''}`,
            f.collections.map((c) => `${c.year}：${fenToYuan(c.amountFen)}`).join('；'),
            ...(!canEdit ? [] : [f.withdrawal ? '' : <form method="post" action={`/admin/registers/${a.code}/fees/${f.id}/collections`} class="inline-form">
              <CsrfField req={req} />
              <label for={`y-${f.id}`} class="visually-hidden">{t('年度', 'Year')}</label><input id={`y-${f.id}`} name="year" value={year} size={4} inputMode="numeric" />
              <label for={`m-${f.id}`} class="visually-hidden">{t('金额（元）', 'Amount (yuan)')}</label><input id={`m-${f.id}`} name="amountYuan" size={10} inputMode="decimal" />
              <button type="submit" class="secondary">{t('保存', 'Save')}</button>
            </form>]), <RecordActions req={req} base={base} id={f.id} state={f} label={f.name} canEdit={canEdit} />])} />;
      },
      fields: (req, v, e) => {
        const t = translator(req.lang);
        return <>
          <Field req={req} name="name" label={t('收费项目', 'Item')} value={v.name} errors={e} required maxLength={200} />
          <Field req={req} name="legalBasis" label={t('收费依据', 'Legal basis')} value={v.legalBasis} errors={e} required maxLength={2000} />
          <Field req={req} name="standard" label={t('收费标准', 'Standard')} value={v.standard} errors={e} required maxLength={2000} />
          <Field req={req} name="inForceFrom" label={t('执行日期', 'In force from')} type="date" value={v.inForceFrom} errors={e} required />
          <Field req={req} name="inForceUntil" label={t('停止日期（选填）', 'In force until (optional)')} type="date" value={v.inForceUntil} errors={e} />
        </>;
      },
      labels: {
        name: ['收费项目', 'Item'], legalBasis: ['收费依据', 'Legal basis'], standard: ['收费标准', 'Standard'],
        inForceFrom: ['执行日期', 'In force from'], inForceUntil: ['停止日期', 'In force until'],
      },
      save: (a, req, v) => (v.id ? editFeeItem(ctx, req.principal, a.id, v.id, v, req.ip) : addFeeItem(ctx, req.principal, a.id, v, req.ip)),
      defaults: (today) => ({ inForceFrom: today }),
      load: async (a, req, id) => {
        const f = await getFeeItemForStaff(ctx, req.principal, a.id, id);
        return f.withdrawal ? undefined : feeItemFormValues(f);
      },
    },
    {
      path: 'procurement', titleZh: '政府集中采购', titleEn: 'Central government procurement',
      list: async (a, req) => {
        const t = translator(req.lang);
        const year = Number(todayOn(ctx.clock).slice(0, 4));
        const rows = [...(await listProcurement(ctx, a.id, year)), ...(await listProcurement(ctx, a.id, year - 1))];
        return <Table head={[t('签订日期', 'Date'), t('项目', 'Project'), t('方式', 'Method'), t('金额（元）', 'Amount (yuan)')]} rows={rows.map((p) => [p.contractedOn, p.name, p.method, fenToYuan(p.amountFen)])} />;
      },
      fields: (req, v, e) => {
        const t = translator(req.lang);
        return <>
          <Field req={req} name="name" label={t('采购项目名称', 'Project')} value={v.name} errors={e} required maxLength={200} />
          <Field req={req} name="method" label={t('采购方式', 'Method')} value={v.method} errors={e} maxLength={50} />
          <Field req={req} name="amountYuan" label={t('合同金额（元）', 'Amount (yuan)')} value={v.amountYuan} errors={e} required inputMode="decimal" maxLength={16} />
          <Field req={req} name="contractedOn" label={t('合同签订日期', 'Contracted on')} type="date" value={v.contractedOn} errors={e} required />
        </>;
      },
      save: (a, req, v) => recordProcurement(ctx, req.principal, a.id, v, req.ip),
      defaults: (today) => ({ contractedOn: today }),
    },
    {
      path: 'cases', titleZh: '行政复议和行政诉讼', titleEn: 'Reconsideration and litigation',
      list: async (a, req) => {
        const t = translator(req.lang);
        const canEdit = mayEditRegisters(req, a.id);
        return <Table head={[t('受理日期', 'Filed'), t('类型', 'Kind'), t('案号', 'Case no.'), t('涉及申请', 'Request'), t('结果', 'Result'), t('审结日期', 'Concluded'), ...(canEdit ? [''] : [])]}
          rows={(await listDisclosureCases(ctx, req.principal, a.id)).map((c) => [c.filedOn, CASE_KINDS[c.kind], c.caseNumber, c.requestRef, CASE_RESULTS[c.result], c.concludedOn ?? '',
            ...(canEdit ? [<a href={`/admin/registers/${a.code}/cases?edit=${c.id}`}>{t('编辑', 'Edit')}<span class="visually-hidden"> {c.caseNumber || c.filedOn}</span></a>] : [])])} />;
      },
      fields: (req, v, e) => {
        const t = translator(req.lang);
        return <>
          <Field req={req} name="kind" label={t('类型', 'Kind')} value={v.kind} errors={e} required options={opts(CASE_KINDS)} />
          <Field req={req} name="requestRef" label={t('涉及的申请（查询码）', 'Request concerned (tracking code)')} value={v.requestRef} errors={e} maxLength={64} />
          <Field req={req} name="caseNumber" label={t('案号', 'Case number')} value={v.caseNumber} errors={e} maxLength={100} />
          <Field req={req} name="body" label={t('复议机关或人民法院', 'Reviewing body or court')} value={v.body} errors={e} maxLength={200} />
          <Field req={req} name="filedOn" label={t('受理日期', 'Filed on')} type="date" value={v.filedOn} errors={e} required />
          <Field req={req} name="result" label={t('结果', 'Result')} value={v.result} errors={e} required options={opts(CASE_RESULTS)} />
          <Field req={req} name="concludedOn" label={t('审结日期', 'Concluded on')} type="date" value={v.concludedOn} errors={e} />
          <Field req={req} name="summary" label={t('案情摘要', 'Summary')} value={v.summary} errors={e} multiline maxLength={4000} />
        </>;
      },
      save: (a, req, v) => saveDisclosureCase(ctx, req.principal, a.id, v.id || undefined, v, req.ip),
      defaults: (today) => ({ kind: 'reconsideration', result: 'pending', filedOn: today }),
      load: async (a, req, id) => {
        const c = (await listDisclosureCases(ctx, req.principal, a.id)).find((x) => x.id === id);
        return c && caseFormValues(c);
      },
    },
  ];

  for (const s of sections) {
    const render = async (req: FastifyRequest, reply: FastifyReply, a: Agency, values: Record<string, string>, errors?: FieldErrors, saved?: boolean, conflict?: ConflictRow[]) =>
      sendPage(req, reply, sectionPage(req, a, s, await s.list(a, req), values, errors, saved, conflict), conflict ? 409 : errors ? 422 : 200);
    app.get<{ Params: { code: string }; Querystring: { saved?: string; edit?: string } }>(`/admin/registers/:code/${s.path}`, async (req, reply) => {
      const a = await staffAgency(ctx, req, req.params.code, 'content.read');
      // The edit form is for those who may save it (the list itself is for every reader).
      if (req.query.edit && !mayEditRegisters(req, a.id)) throw new Forbidden();
      const editing = s.load && typeof req.query.edit === 'string' ? await s.load(a, req, req.query.edit.slice(0, 64)) : undefined;
      if (s.load && req.query.edit && !editing) throw new NotFound('未找到该记录');
      return render(req, reply, a, editing ?? s.defaults(todayOn(ctx.clock)), undefined, !!req.query.saved);
    });
    app.post<{ Params: { code: string } }>(`/admin/registers/:code/${s.path}`, async (req, reply) => {
      assertCsrf(req);
      const a = await staffAgency(ctx, req, req.params.code, 'registers.edit');
      const values = formValues(req.body);
      try {
        await s.save(a, req, values);
        return reply.redirect(`/admin/registers/${a.code}/${s.path}?saved=1`, 303);
      } catch (err) {
        if (err instanceof Conflict || err instanceof InvalidTransition) {
          // Stale version: keep the editor's entries with the current version, so a deliberate second save wins.
          const current = (err.details as { currentVersion?: number | null } | undefined)?.currentVersion;
          const theirs = s.load && values.id ? await s.load(a, req, values.id).catch(() => undefined) : undefined;
          return render(req, reply, a, { ...values, ...(current ? { version: String(current) } : {}) }, { _: err.message }, false, conflictRows(req, s, values, theirs));
        }
        return render(req, reply, a, values, fieldErrorsOf(err));
      }
    });
  }

  app.post<{ Params: { code: string; id: string } }>('/admin/registers/:code/subjects/:id/delete', async (req, reply) => {
    assertCsrf(req);
    const a = await staffAgency(ctx, req, req.params.code, 'registers.edit');
    await removeEnforcementSubject(ctx, req.principal, a.id, req.params.id, req.ip);
    return reply.redirect(`/admin/registers/${a.code}/subjects?saved=1`, 303);
  });

  app.post<{ Params: { code: string; id: string } }>('/admin/registers/:code/fees/:id/collections', async (req, reply) => {
    assertCsrf(req);
    const a = await staffAgency(ctx, req, req.params.code, 'registers.edit');
    const fees = sections.find((x) => x.path === 'fees')!;
    try {
      await recordFeeCollection(ctx, req.principal, a.id, req.params.id, formValues(req.body), req.ip);
      return reply.redirect(`/admin/registers/${a.code}/fees?saved=1`, 303);
    } catch (err) {
      return sendPage(req, reply, sectionPage(req, a, fees, await fees.list(a, req), fees.defaults(todayOn(ctx.clock)), fieldErrorsOf(err)), 422);
    }
  });

  app.get<{ Params: { code: string }; Querystring: { year?: string } }>('/admin/registers/:code/facts', async (req, reply) => {
    const a = await staffAgency(ctx, req, req.params.code, 'content.read');
    const t = translator(req.lang);
    const thisYear = Number(todayOn(ctx.clock).slice(0, 4));
    const year = /^\d{4}$/.test(req.query.year ?? '') ? Math.min(thisYear, Math.max(2000, Number(req.query.year))) : thisYear - 1;
    const [f, t4] = await Promise.all([countRegisterFacts(ctx, a.id, year), countTable4(ctx, a.id, year)]);
    const r19 = f['2019'];
    const path = `/admin/registers/${a.code}/facts`;
    const row = (label: string, c: { previousYear: number; change: number; decisions: number }) => <tr><th scope="row">{label}</th><td>{c.previousYear}</td><td>{c.change}</td><td>{c.decisions}</td></tr>;
    return sendPage(req, reply,
      <AdminLayout req={req} title={t('年报数据', 'Report figures')} breadcrumbs={[{ href: '/admin/registers', label: t('清单与公示', 'Registers') }]}>
        <h1>{a.name} · {t(`${year}年度报告数据`, `Figures for ${year}`)}</h1>
        <RegisterAdminTabs code={a.code} lang={req.lang} current={path} />
        <form method="get" action={path} class="filters"><div class="field"><label for="fy">{t('年度', 'Year')}</label>
          <input id="fy" name="year" value={String(year)} size={4} inputMode="numeric" /></div><button type="submit">{t('查看', 'Show')}</button></form>
        <h2>{t('表二（2019年格式）', 'Table 2 (2019 template)')}</h2>
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('信息内容', 'Row')}</th><th scope="col">{t('上一年项目数量', 'Items last year')}</th><th scope="col">{t('本年增/减', 'Change')}</th><th scope="col">{t('处理决定数量', 'Decisions')}</th></tr></thead>
          <tbody>{row(t('行政许可', 'Licensing'), r19.licensing)}{row(t('其他对外管理服务事项', 'Other services'), r19.other_services)}{row(t('行政处罚', 'Penalties'), r19.penalties)}{row(t('行政强制', 'Coercion'), r19.coercion)}
            <tr><th scope="row">{t('行政事业性收费', 'Fees')}</th><td>{r19.fees.previousYear}</td><td>{r19.fees.change}</td><td>—</td></tr></tbody>
        </table></div>
        <p>{t('政府集中采购：', 'Central procurement: ')}{r19.procurement.projects}{t(' 个项目，', ' projects, ')}{r19.procurement.amount.value} {r19.procurement.amount.unit}</p>
        <h2>{t('表二（2021年格式）', 'Table 2 (2021 template)')}</h2>
        <p>{t('行政许可', 'Licensing')} {f['2021'].licensing.decisions} · {t('行政处罚', 'Penalties')} {f['2021'].penalties.decisions} · {t('行政强制', 'Coercion')} {f['2021'].coercion.decisions} · {t('收费金额（万元）', 'Fees (10k yuan)')} {f['2021'].fees.amount10kYuan}</p>
        <h2>{t('表四', 'Table 4')}</h2>
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('类型', 'Group')}</th>{Object.values(CASE_RESULTS).map((r) => <th scope="col">{r}</th>)}<th scope="col">{t('总计', 'Total')}</th></tr></thead>
          <tbody>{Object.values(CASE_KINDS).map((k, g) => <tr><th scope="row">{k}</th>{t4.slice(g * 5, g * 5 + 5).map((n) => <td>{n}</td>)}</tr>)}</tbody>
        </table></div>
      </AdminLayout>);
  });
}
