/**
 * Parts of the registers' back-office sections: the tabs, the section page with its add/edit form and the comparison
 * shown after a lost race (409), the record table, and the edit/withdraw links of correctable records.
 */
import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { Agency } from '../../agencies/agency.ts';
import { translator, type Lang } from '../../platform/i18n/i18n.ts';
import { WITHDRAWAL_REASONS, WITHDRAWAL_REASONS_EN, type RecordState } from '../../registers/registers.ts';
import { AdminLayout } from './admin-layout.tsx';
import { CsrfField, ErrorSummary, type FieldErrors } from './form-fields.tsx';
import { AdminTabs, mayEditRegisters } from './register-admin-parts.tsx';

/** The tabs of the registers' back office. */
export function RegisterAdminTabs({ code, lang, current }: { code: string; lang: Lang; current: string }) {
  const t = translator(lang);
  const b = `/admin/registers/${code}`;
  return <AdminTabs label={t('清单与公示', 'Registers')} current={current} tabs={[
    [b, t('权责清单', 'Powers')], [`${b}/subjects`, t('执法主体', 'Enforcement bodies')], [`${b}/licensing`, t('行政许可', 'Licensing')],
    [`${b}/decisions`, t('处罚与强制', 'Penalties')], [`${b}/fees`, t('收费', 'Fees')], [`${b}/procurement`, t('集中采购', 'Procurement')],
    [`${b}/cases`, t('复议诉讼', 'Appeals')], [`${b}/facts`, t('年报数据', 'Report figures')],
  ]} />;
}

/** An option of a select. */
export type Opt = { value: string; label: string };
/** Select options from a code → label map, with an optional blank first. */
export const opts = (m: Record<string, string>, blank?: string): Opt[] => [...(blank !== undefined ? [{ value: '', label: blank }] : []), ...Object.entries(m).map(([value, label]) => ({ value, label }))];

/** One section of the registers' back office: its list, form, saving and (for editable records) loading. */
export interface Section {
  path: string;
  titleZh: string;
  titleEn: string;
  /** The existing records, rendered. */
  list: (a: Agency, req: FastifyRequest) => Promise<ComponentChildren>;
  /** The add form's fields. */
  fields: (req: FastifyRequest, values: Record<string, string>, errors?: FieldErrors) => ComponentChildren;
  /** Saves the form; throws InvalidInput for 422. */
  save: (a: Agency, req: FastifyRequest, values: Record<string, string>) => Promise<unknown>;
  defaults: (today: string) => Record<string, string>;
  /** For editable records: the form values of one record (with its `id`), or undefined when it is not there. */
  load?: (a: Agency, req: FastifyRequest, id: string) => Promise<Record<string, string> | undefined>;
  /** For versioned records: the form's fields (label, English label, labels of coded values) for the 409 comparison. */
  labels?: Record<string, [zh: string, en: string, values?: Record<string, string>]>;
}

/** One field where the editor's entry and the saved record differ after a lost race (409). */
export interface ConflictRow {
  label: string;
  mine: string;
  theirs: string;
}

/** The fields whose saved value differs from what the editor sent, labelled for the page. */
export function conflictRows(req: FastifyRequest, s: Section, mine: Record<string, string>, theirs: Record<string, string> | undefined): ConflictRow[] {
  if (!theirs || !s.labels) return [];
  const t = translator(req.lang);
  const shown = (coded: Record<string, string> | undefined, v: string | undefined) => (v ? coded?.[v] ?? (v === 'on' ? t('是', 'yes') : v) : '—');
  return Object.entries(s.labels)
    .filter(([k]) => (mine[k] ?? '') !== (theirs[k] ?? ''))
    .map(([k, [zh, en, coded]]) => ({ label: t(zh, en), mine: shown(coded, mine[k]), theirs: shown(coded, theirs[k]) }));
}

/** The page of a section: its list and its add/edit form (with the 409 comparison after a lost race). */
export function sectionPage(req: FastifyRequest, a: Agency, s: Section, list: ComponentChildren, values: Record<string, string>, errors?: FieldErrors, saved?: boolean, conflict?: ConflictRow[]) {
  const t = translator(req.lang);
  const path = `/admin/registers/${a.code}/${s.path}`;
  return (
    <AdminLayout req={req} title={t(s.titleZh, s.titleEn)} breadcrumbs={[{ href: '/admin/registers', label: t('清单与公示', 'Registers') }]}>
      <h1>{a.name} · {t(s.titleZh, s.titleEn)}</h1>
      <RegisterAdminTabs code={a.code} lang={req.lang} current={path} />
      {saved ? <p class="notice ok" role="status">{t('已保存。', 'Saved.')}</p> : null}
      {list}
      {mayEditRegisters(req, a.id) ? <section class="panel" aria-labelledby="add-h">
        <h2 id="add-h">{values.id ? t('编辑', 'Edit') : t('新增', 'Add')}</h2>
        <form method="post" action={path} class="stacked" novalidate>
          <CsrfField req={req} />
          {values.id ? <input type="hidden" name="id" value={values.id} /> : null}
          {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
          <ErrorSummary req={req} errors={errors} />
          {conflict && values.id ? <div class="notice warn">
            <p>{t('下面保留了您填写的内容；核对后再次保存将以您的内容为准。', 'Your entries are kept below; saving again after checking keeps your version. ')}
              <a href={`${path}?edit=${values.id}`}>{t('打开当前保存的版本', 'Open the version saved now')}</a></p>
            {conflict.length ? <div class="table-scroll" tabIndex={0}><table>
              <caption>{t('与当前保存的内容不同的项目', 'Fields that differ from what is saved now')}</caption>
              <thead><tr><th scope="col">{t('项目', 'Field')}</th><th scope="col">{t('您填写的', 'Yours')}</th><th scope="col">{t('当前保存的', 'Saved now')}</th></tr></thead>
              <tbody>{conflict.map((r) => <tr><th scope="row">{r.label}</th><td>{r.mine}</td><td>{r.theirs}</td></tr>)}</tbody>
            </table></div> : null}
          </div> : null}
          {s.fields(req, values, errors)}
          <button type="submit">{t('保存', 'Save')}</button>
        </form>
      </section> : <p class="notice" role="note">{t('您对本机构的清单与公示只有查阅权限。', 'You can view these registers but not change them.')}</p>}
    </AdminLayout>
  );
}

/** A table of records with column headers, or a dash when there are none. */
export function Table({ head, rows }: { head: string[]; rows: ComponentChildren[][] }) {
  if (!rows.length) return <p>—</p>;
  return <div class="table-scroll" tabIndex={0}><table>
    <thead><tr>{head.map((h) => <th scope="col">{h}</th>)}</tr></thead>
    <tbody>{rows.map((r) => <tr>{r.map((c) => <td>{c}</td>)}</tr>)}</tbody>
  </table></div>;
}

/**
 * Edit and withdraw links of a correctable record, or its withdrawal (with a link to reinstate it) when it has gone.
 * `canEdit` false (read-only roles) shows the state without the links.
 */
export function RecordActions({ req, base, id, state, label, canEdit }: { req: FastifyRequest; base: string; id: string; state: RecordState; label: string; canEdit: boolean }) {
  const t = translator(req.lang);
  if (state.withdrawal) {
    const reason = req.lang === 'en' ? WITHDRAWAL_REASONS_EN[state.withdrawal.reason] : WITHDRAWAL_REASONS[state.withdrawal.reason];
    return <>
      <span class="badge">{t(`已撤回（${state.withdrawal.on}）`, `Withdrawn ${state.withdrawal.on}`)}<span class="visually-hidden">{t('：', ': ')}{reason}</span></span>
      {canEdit ? <>{' '}<a href={`${base}/${id}/reinstate`}>{t('恢复', 'Reinstate')}<span class="visually-hidden"> {label}</span></a></> : null}
    </>;
  }
  const corrected = state.correctedOn ? <span class="hint">{t(`（${state.correctedOn}更正）`, ` (corrected ${state.correctedOn})`)}</span> : null;
  if (!canEdit) return corrected;
  return <>
    <a href={`${base}?edit=${id}`}>{t('编辑', 'Edit')}<span class="visually-hidden"> {label}</span></a>{' · '}
    <a href={`${base}/${id}/withdraw`}>{t('撤回', 'Withdraw')}<span class="visually-hidden"> {label}</span></a>
    {corrected}
  </>;
}
