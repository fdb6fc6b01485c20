/**
 * Back-office agency pages: the agencies the user may read, and the 机构信息 form (Regulations Art. 20(二)) with
 * leaders and internal/affiliated units. Saving uses optimistic locking; a 422 re-renders the form with messages.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { agenciesWithPermission, hasPermission } from '../../accounts/principal.ts';
import type { AgencyLeader, AgencyProfile, AgencyUnit } from '../../agencies/agency.ts';
import { AGENCY_KINDS } from '../../agencies/agency.ts';
import { editAgencyInfo, getAgencyProfile, listAgencies } from '../../agencies/agency-service.ts';
import { Conflict, Forbidden } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { sendPage } from '../shared/render.tsx';
import { AdminLayout } from './admin-layout.tsx';
import { CsrfField, ErrorSummary, Field, fieldErrorsOf, fieldMessage, type FieldErrors } from './form-fields.tsx';

type Body = Record<string, unknown>;

const KIND_EN: Record<keyof typeof AGENCY_KINDS, string> = { government: 'People’s government', department: 'Government department', unit: 'Other unit' };

/** Repeated form fields as an array (one value arrives as a string). */
function list(body: Body, key: string): string[] {
  const v = body[key];
  return Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
}

/** Turns the flat form into the service's input; rows with an empty name are dropped (that is how rows are removed). */
export function agencyFormInput(body: Body): Record<string, unknown> {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const names = list(body, 'leaderName');
  const titles = list(body, 'leaderTitle');
  const duties = list(body, 'leaderDuties');
  const leaders = names.map((name, i) => ({ name, title: titles[i] ?? '', duties: duties[i] ?? '' }))
    .filter((l) => l.name.trim() || l.title.trim());
  const unitNames = list(body, 'unitName');
  const kinds = list(body, 'unitKind');
  const heads = list(body, 'unitHead');
  const phones = list(body, 'unitPhone');
  const fns = list(body, 'unitFunctions');
  const units = unitNames.map((name, i) => ({ kind: kinds[i] ?? 'internal', name, head: heads[i] ?? '', phone: phones[i] ?? '', functions: fns[i] ?? '' }))
    .filter((u) => u.name.trim() || u.head.trim() || u.functions.trim());
  return {
    name: s('name'), shortName: s('shortName'), nameEn: s('nameEn'), address: s('address'), postcode: s('postcode'),
    officeHours: s('officeHours'), phone: s('phone'), fax: s('fax'), email: s('email'), website: s('website'),
    functions: s('functions'), version: s('version'), leaders, units,
  };
}

/** Registers the agency pages. */
export async function registerAgencyAdminRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get('/admin/agencies', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = translator(req.lang);
    const readable = new Set(agenciesWithPermission(p, 'agency.read'));
    if (!readable.size) throw new Forbidden();
    const agencies = (await listAgencies(ctx)).filter((a) => readable.has(a.id));
    return sendPage(req, reply,
      <AdminLayout req={req} title={t('机构信息', 'Agencies')}>
        <h1>{t('机构信息', 'Agencies')}</h1>
        <div class="table-scroll" tabIndex={0}><table>
          <caption class="visually-hidden">{t('您可以查看的机构', 'Agencies you may view')}</caption>
          <thead><tr>
            <th scope="col">{t('机构', 'Agency')}</th><th scope="col">{t('代码', 'Code')}</th>
            <th scope="col">{t('类别', 'Kind')}</th><th scope="col">{t('更新时间', 'Updated')}</th><th scope="col">{t('操作', 'Actions')}</th>
          </tr></thead>
          <tbody>
            {agencies.map((a) => (
              <tr>
                <th scope="row">{req.lang === 'en' && a.nameEn ? a.nameEn : a.name}</th>
                <td><code>{a.code}</code></td>
                <td>{t(AGENCY_KINDS[a.kind], KIND_EN[a.kind])}</td>
                <td>{a.updatedAt.slice(0, 10)}</td>
                <td>
                  <a href={`/agencies/${a.code}/info`}>{t('查看公开页面', 'Public page')}</a>
                  {hasPermission(p, 'agency.edit', a.id) ? <> · <a href={`/admin/agencies/${a.code}/edit`}>{t('编辑', 'Edit')}</a></> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table></div>
      </AdminLayout>);
  });

  app.get<{ Params: { code: string } }>('/admin/agencies/:code/edit', async (req, reply) => {
    const p = requirePrincipal(req);
    const a = await getAgencyProfile(ctx, req.params.code);
    if (!hasPermission(p, 'agency.edit', a.id)) throw new Forbidden();
    const q = req.query as Record<string, string | undefined>;
    return agencyForm(req, reply, a, toFormValues(a), undefined, q.saved ? 'saved' : undefined);
  });

  app.post<{ Params: { code: string }; Body: Body }>('/admin/agencies/:code/edit', async (req, reply) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    const a = await getAgencyProfile(ctx, req.params.code);
    if (!hasPermission(p, 'agency.edit', a.id)) throw new Forbidden();
    const input = agencyFormInput(req.body ?? {});
    try {
      await editAgencyInfo(ctx, p, a.code, input, req.ip);
      return reply.redirect(`/admin/agencies/${a.code}/edit?saved=1`, 303);
    } catch (err) {
      if (err instanceof Conflict) {
        // Someone saved first: show their version with the user's text kept, and the new version number.
        const fresh = await getAgencyProfile(ctx, a.code);
        return agencyForm(req, reply, fresh, { ...formValuesOf(input), version: String(fresh.version) }, undefined, 'conflict', 409);
      }
      return agencyForm(req, reply, a, formValuesOf(input), fieldErrorsOf(err), undefined, 422);
    }
  });
}

interface FormValues {
  fields: Record<string, string>;
  leaders: Omit<AgencyLeader, 'id'>[];
  units: Omit<AgencyUnit, 'id'>[];
  version: string;
}

function toFormValues(a: AgencyProfile): FormValues {
  const { name, shortName, nameEn, address, postcode, officeHours, phone, fax, email, website, functions } = a;
  return {
    fields: { name, shortName, nameEn, address, postcode, officeHours, phone, fax, email, website, functions },
    leaders: a.leaders, units: a.units, version: String(a.version),
  };
}

function formValuesOf(input: Record<string, unknown>): FormValues {
  const { leaders, units, version, ...fields } = input;
  return {
    fields: fields as Record<string, string>, leaders: leaders as FormValues['leaders'], units: units as FormValues['units'],
    version: String(version),
  };
}

const FIELDS: [key: string, zh: string, en: string, opts?: { multiline?: boolean; required?: boolean; type?: string; hint?: [string, string] }][] = [
  ['name', '机构全称', 'Full name', { required: true }],
  ['shortName', '机构简称', 'Short name', { required: true }],
  ['nameEn', '英文名称', 'English name'],
  ['address', '办公地址', 'Address'],
  ['postcode', '邮政编码', 'Postcode'],
  ['officeHours', '办公时间', 'Office hours'],
  ['phone', '联系电话', 'Phone', { type: 'tel' }],
  ['fax', '传真', 'Fax', { type: 'tel' }],
  ['email', '电子邮箱', 'Email', { type: 'email' }],
  ['website', '网站', 'Website', { type: 'url' }],
  ['functions', '机构职能', 'Functions', { multiline: true, hint: ['可使用段落和列表；保存时会清理不安全的内容。', 'Paragraphs and lists are kept; unsafe markup is removed on saving.'] }],
];

function agencyForm(
  req: FastifyRequest, reply: FastifyReply, a: AgencyProfile, v: FormValues, errors?: FieldErrors,
  notice?: 'saved' | 'conflict', status = 200,
) {
  const t = translator(req.lang);
  const labels = Object.fromEntries(FIELDS.map(([k, zh, en]) => [k, t(zh, en)]));
  const leaders = [...v.leaders, { name: '', title: '', duties: '' }, { name: '', title: '', duties: '' }];
  const units = [...v.units, { kind: 'internal' as const, name: '', head: '', phone: '', functions: '' }, { kind: 'affiliated' as const, name: '', head: '', phone: '', functions: '' }];
  const rowError = (prefix: string, i: number) => Object.entries(errors ?? {}).filter(([k]) => k.startsWith(`${prefix}.${i}.`)).map(([, m]) => fieldMessage(req.lang, m)).join('；');
  return sendPage(req, reply,
    <AdminLayout req={req} title={t('编辑机构信息', 'Edit organisation information')}
      breadcrumbs={[{ href: '/admin/agencies', label: t('机构信息', 'Agencies') }]}>
      <h1>{a.name} · {t('编辑机构信息', 'Edit organisation information')}</h1>
      {notice === 'saved' ? <p class="notice ok" role="status">{t('已保存，公开页面已更新。', 'Saved; the public page is updated.')} <a href={`/agencies/${a.code}/info`}>{t('查看公开页面', 'View the public page')}</a></p> : null}
      {notice === 'conflict' ? <p class="notice error" role="alert">{t('保存前该机构信息已被他人修改。下面保留了您的修改，请核对后再次保存。', 'Someone else changed this information before you saved. Your changes are kept below; check them and save again.')}</p> : null}
      <ErrorSummary req={req} errors={errors} labels={labels} />
      <form method="post" action={`/admin/agencies/${a.code}/edit`} class="stacked">
        <CsrfField req={req} />
        <input type="hidden" name="version" value={v.version} />
        <fieldset class="panel">
          <legend>{t('基本信息', 'Basic information')}</legend>
          {FIELDS.map(([k, zh, en, o]) => (
            <Field req={req} name={k} label={t(zh, en)} value={v.fields[k] ?? ''} errors={errors} required={o?.required}
              multiline={o?.multiline} type={o?.type} hint={o?.hint ? t(...o.hint) : undefined} />
          ))}
        </fieldset>
        <fieldset class="panel">
          <legend>{t('领导信息', 'Leadership')}</legend>
          <p class="hint">{t('清空一行的姓名和职务即删除该行；末尾的空行用于新增。', 'Clear a row’s name and title to remove it; fill the empty rows to add.')}</p>
          <div class="table-scroll" tabIndex={0}><table class="form-table">
            <thead><tr><th scope="col">{t('姓名', 'Name')}</th><th scope="col">{t('职务', 'Title')}</th><th scope="col">{t('分工', 'Responsibilities')}</th></tr></thead>
            <tbody>
              {leaders.map((l, i) => {
                const err = rowError('leaders', i);
                return (
                  <tr>
                    <td>
                      <input id={`f-leaders-${i}-name`} name="leaderName" value={l.name} maxLength={50} aria-label={t(`第 ${i + 1} 行 姓名`, `Row ${i + 1} name`)} aria-invalid={err ? 'true' : undefined} />
                      {err ? <span class="field-error">{err}</span> : null}
                    </td>
                    <td><input name="leaderTitle" value={l.title} maxLength={100} aria-label={t(`第 ${i + 1} 行 职务`, `Row ${i + 1} title`)} /></td>
                    <td><input name="leaderDuties" value={l.duties} maxLength={1000} aria-label={t(`第 ${i + 1} 行 分工`, `Row ${i + 1} responsibilities`)} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table></div>
        </fieldset>
        <fieldset class="panel">
          <legend>{t('内设机构和直属单位', 'Internal and affiliated units')}</legend>
          <p class="hint">{t('清空一行的名称即删除该行；末尾的空行用于新增。', 'Clear a row’s name to remove it; fill the empty rows to add.')}</p>
          <div class="table-scroll" tabIndex={0}><table class="form-table">
            <thead><tr>
              <th scope="col">{t('类别', 'Kind')}</th><th scope="col">{t('名称', 'Name')}</th><th scope="col">{t('负责人', 'Head')}</th>
              <th scope="col">{t('电话', 'Phone')}</th><th scope="col">{t('主要职责', 'Main duties')}</th>
            </tr></thead>
            <tbody>
              {units.map((u, i) => {
                const err = rowError('units', i);
                const row = (zh: string, en: string) => t(`第 ${i + 1} 行 ${zh}`, `Row ${i + 1} ${en}`);
                return (
                  <tr>
                    <td>
                      <select name="unitKind" aria-label={row('类别', 'kind')}>
                        <option value="internal" selected={u.kind === 'internal'}>{t('内设机构', 'Internal unit')}</option>
                        <option value="affiliated" selected={u.kind === 'affiliated'}>{t('直属单位', 'Affiliated unit')}</option>
                      </select>
                    </td>
                    <td>
                      <input id={`f-units-${i}-name`} name="unitName" value={u.name} maxLength={100} aria-label={row('名称', 'name')} aria-invalid={err ? 'true' : undefined} />
                      {err ? <span class="field-error">{err}</span> : null}
                    </td>
                    <td><input name="unitHead" value={u.head} maxLength={50} aria-label={row('负责人', 'head')} /></td>
                    <td><input name="unitPhone" value={u.phone} maxLength={60} type="tel" aria-label={row('电话', 'phone')} /></td>
                    <td><input name="unitFunctions" value={u.functions} maxLength={2000} aria-label={row('主要职责', 'main duties')} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table></div>
        </fieldset>
        <button type="submit">{t('保存', 'Save')}</button>
      </form>
    </AdminLayout>, status);
}
