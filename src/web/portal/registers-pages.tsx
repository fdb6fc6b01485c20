/**
 * Portal pages of the registers (Regulation Art. 20 (一)(五)(六)(八)): 权责清单 with filters, search and a flow diagram
 * per item; 行政执法主体公示; 行政许可公示 and the year's licensing counts; published 行政处罚/行政强制 decisions; 行政事业性收费.
 * Corrected decisions are marked 更正 with the date; withdrawn published ones leave a notice (docs/decisions/0008).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Agency } from '../../agencies/agency.ts';
import { getAgency } from '../../agencies/agency-service.ts';
import { todayOn } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator, type Lang } from '../../platform/i18n/i18n.ts';
import { POWER_KINDS, POWER_KINDS_EN, type PowerKind } from '../../registers/power.ts';
import { renderFlowSvg } from '../../registers/power-flow-svg.ts';
import { getPowerItem, listPowerItems } from '../../registers/power-service.ts';
import { listWithdrawalNotices } from '../../registers/corrections-service.ts';
import {
  ENFORCEMENT_KINDS, ENFORCEMENT_KINDS_EN, LICENSING_ACTIONS, LICENSING_ACTIONS_EN, SUBJECT_KINDS, SUBJECT_KINDS_EN, WITHDRAWAL_REASONS, WITHDRAWAL_REASONS_EN, fenToYuan,
  type EnforcementKind, type LicensingAction, type WithdrawalNotice,
} from '../../registers/registers.ts';
import {
  licensingSummary, listEnforcementSubjects, listFeeItems, listLicensingNotices, listPublishedEnforcementDecisions,
} from '../../registers/registers-service.ts';
import { Layout } from '../shared/layout.tsx';
import { sendCachedPage } from '../shared/page-cache-hook.ts';
import { agencyNav } from './agency-nav.ts';

const PAGE_SIZE = 20;

/** Published decisions that were withdrawn: what, when, why — no party, holder or staff note. */
function WithdrawalNotices({ lang, notices, kind }: { lang: Lang; notices: WithdrawalNotice[]; kind: 'licensing' | 'enforcement' }) {
  const t = translator(lang);
  if (!notices.length) return null;
  const what = (n: WithdrawalNotice) => (kind === 'licensing'
    ? `${n.what} · ${lang === 'en' ? LICENSING_ACTIONS_EN[n.action as LicensingAction] : LICENSING_ACTIONS[n.action as LicensingAction]}`
    : (lang === 'en' ? ENFORCEMENT_KINDS_EN : ENFORCEMENT_KINDS)[n.action as EnforcementKind]);
  return (
    <section class="withdrawals" aria-labelledby={`wd-${kind}`}>
      <h2 id={`wd-${kind}`}>{t('已撤下的公示信息', 'Withdrawn from publication')}</h2>
      <div class="table-scroll" tabIndex={0}><table>
        <thead><tr><th scope="col">{t('撤下日期', 'Withdrawn on')}</th><th scope="col">{t('事项', 'What')}</th><th scope="col">{kind === 'licensing' ? t('许可证编号', 'Number') : t('决定书文号', 'Document no.')}</th>
          <th scope="col">{t('决定日期', 'Decided on')}</th><th scope="col">{t('原因', 'Reason')}</th></tr></thead>
        <tbody>{notices.map((n) => <tr><td>{n.withdrawnOn}</td><td>{what(n)}</td><td>{n.reference || '—'}</td><td>{n.decidedOn}</td>
          <td>{lang === 'en' ? WITHDRAWAL_REASONS_EN[n.reason] : WITHDRAWAL_REASONS[n.reason]}</td></tr>)}</tbody>
      </table></div>
    </section>
  );
}

/** "（2021-03-02更正）" after a corrected published decision. */
function Corrected({ lang, on }: { lang: Lang; on: string | null }) {
  return on ? <span class="corrected">{translator(lang)(`（${on}更正）`, ` (corrected ${on})`)}</span> : null;
}

/** The registers' sub-navigation shown on each register page. */
export function RegisterTabs({ code, lang, current }: { code: string; lang: Lang; current: string }) {
  const t = translator(lang);
  const base = `/agencies/${encodeURIComponent(code)}`;
  const tabs: [string, string][] = [
    [`${base}/powers`, t('权责清单', 'Powers and responsibilities')],
    [`${base}/enforcement`, t('行政执法主体', 'Enforcement bodies')],
    [`${base}/licences`, t('行政许可公示', 'Licensing')],
    [`${base}/penalties`, t('行政处罚和行政强制', 'Penalties and coercive measures')],
    [`${base}/fees`, t('行政事业性收费', 'Fees')],
  ];
  return (
    <nav class="subnav" aria-label={t('清单与公示', 'Registers')}>
      <ul>{tabs.map(([href, label]) => <li><a href={href} aria-current={href === current ? 'page' : undefined}>{label}</a></li>)}</ul>
    </nav>
  );
}

function page(req: FastifyRequest, a: Agency, title: string, path: string, children: preact.ComponentChildren) {
  const t = translator(req.lang);
  return (
    <Layout req={req} title={title} nav={agencyNav(a.code, req.lang)} breadcrumbs={[{ href: `/agencies/${a.code}`, label: req.lang === 'en' && a.nameEn ? a.nameEn : a.name }]}>
      <h1>{title}</h1>
      <RegisterTabs code={a.code} lang={req.lang} current={path} />
      {a.isDemo ? <p class="notice warn">{t('演示数据：本页内容为演示用途整理或虚构。', 'Demo data: this page holds records compiled or invented for demonstration.')}</p> : null}
      {children}
    </Layout>
  );
}

function intParam(v: unknown, min: number, max: number, dflt: number): number {
  const n = typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : dflt;
  return Math.min(max, Math.max(min, n));
}

function Pager({ base, page, total, query }: { base: string; page: number; total: number; query: Record<string, string> }) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return null;
  const href = (p: number) => `${base}?${new URLSearchParams({ ...query, page: String(p) }).toString()}`;
  return (
    <nav class="pager" aria-label="pages">
      {page > 1 ? <a href={href(page - 1)} rel="prev">‹ {page - 1}</a> : null}
      <span>{page} / {pages}</span>
      {page < pages ? <a href={href(page + 1)} rel="next">{page + 1} ›</a> : null}
    </nav>
  );
}

/** Registers the portal pages of the registers. */
export async function registerRegisterPages(app: FastifyInstance, ctx: Ctx): Promise<void> {
  app.get<{ Params: { code: string }; Querystring: Record<string, string | undefined> }>('/agencies/:code/powers', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    const t = translator(req.lang);
    const kindParam = req.query.kind;
    const kind = kindParam && kindParam in POWER_KINDS ? (kindParam as PowerKind) : undefined;
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const pageNo = intParam(req.query.page, 1, 10000, 1);
    const items = await listPowerItems(ctx, a.id, { kind, q });
    const all = kind || q ? await listPowerItems(ctx, a.id) : items;
    const path = `/agencies/${a.code}/powers`;
    const kindLabel = (k: PowerKind) => (req.lang === 'en' ? POWER_KINDS_EN[k] : POWER_KINDS[k]);
    return sendCachedPage(req, reply, page(req, a, t('权责清单', 'Powers and responsibilities'), path, <>
      <p>{t(`本清单列明本机关依法行使的行政职权及其依据、实施主体、职责权限、办理流程、监督方式和追责情形，共 ${all.length} 项，现行有效（${todayOn(ctx.clock)}）。`,
        `The powers this agency exercises, with their legal basis, implementing body, scope, process, supervision and accountability: ${all.length} items in force (${todayOn(ctx.clock)}).`)}</p>
      <form method="get" action={path} class="filters" role="search">
        <div class="field">
          <label for="pw-kind">{t('事项类别', 'Kind')}</label>
          <select id="pw-kind" name="kind">
            <option value="">{t('全部', 'All')}</option>
            {(Object.keys(POWER_KINDS) as PowerKind[]).map((k) => <option value={k} selected={k === kind}>{kindLabel(k)}（{all.filter((i) => i.kind === k).length}）</option>)}
          </select>
        </div>
        <div class="field">
          <label for="pw-q">{t('关键词', 'Keywords')}</label>
          <input id="pw-q" name="q" type="search" value={q} maxLength={100} />
        </div>
        <button type="submit">{t('筛选', 'Filter')}</button>
      </form>
      <p role="status">{t(`共 ${items.length} 项`, `${items.length} items`)}</p>
      {items.length ? (
        <div class="table-scroll" tabIndex={0}><table>
          <caption class="visually-hidden">{t('权责事项', 'Items')}</caption>
          <thead><tr><th scope="col">{t('事项编码', 'Code')}</th><th scope="col">{t('事项名称', 'Name')}</th><th scope="col">{t('类别', 'Kind')}</th><th scope="col">{t('实施主体', 'Implementing body')}</th><th scope="col">{t('生效日期', 'In force from')}</th></tr></thead>
          <tbody>{items.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE).map((i) => (
            <tr><td>{i.code}</td><td><a href={`${path}/${encodeURIComponent(i.code)}`}>{i.name}</a></td><td>{kindLabel(i.kind)}</td><td>{i.implementingBody}</td><td>{i.effectiveOn}</td></tr>
          ))}</tbody>
        </table></div>
      ) : <p class="notice">{t('没有符合条件的事项。', 'No items match.')}</p>}
      <Pager base={path} page={pageNo} total={items.length} query={{ ...(kind ? { kind } : {}), ...(q ? { q } : {}) }} />
    </>), { agencies: [a.id], query: ['kind', 'q', 'page'] });
  });

  app.get<{ Params: { code: string; itemCode: string } }>('/agencies/:code/powers/:itemCode', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    const t = translator(req.lang);
    const { item, history } = await getPowerItem(ctx, a.id, req.params.itemCode);
    const svg = item.steps.length ? renderFlowSvg(`${item.name} ${t('办理流程图', 'process flow')}`, item.steps, 'flow') : '';
    return sendCachedPage(req, reply, page(req, a, item.name, `/agencies/${a.code}/powers`, <>
      <dl class="meta">
        <dt>{t('事项编码', 'Code')}</dt><dd>{item.code}</dd>
        <dt>{t('事项类别', 'Kind')}</dt><dd>{req.lang === 'en' ? POWER_KINDS_EN[item.kind] : POWER_KINDS[item.kind]}</dd>
        <dt>{t('实施主体', 'Implementing body')}</dt><dd>{item.implementingBody}</dd>
        <dt>{t('生效日期', 'In force from')}</dt><dd>{item.effectiveOn}</dd>
      </dl>
      <h2>{t('职责权限', 'Scope of authority')}</h2>
      <p class="pre-line">{item.scope || t('未填写', 'Not given')}</p>
      <h2>{t('法律依据', 'Legal basis')}</h2>
      {item.legalBasis.length ? <ol>{item.legalBasis.map((b) => <li><strong>{b.law}</strong>{b.article ? ` ${b.article}` : ''}</li>)}</ol> : <p>{t('未填写', 'Not given')}</p>}
      <h2>{t('办理流程', 'Process')}</h2>
      {item.steps.length ? <>
        <figure class="flow-figure">
          <div dangerouslySetInnerHTML={{ __html: svg }} />
          <figcaption>{t('流程图（文字说明见下表）', 'Flow diagram (the table below gives the same steps as text)')}</figcaption>
        </figure>
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('序号', 'No.')}</th><th scope="col">{t('环节', 'Step')}</th><th scope="col">{t('办理内容', 'What happens')}</th><th scope="col">{t('时限', 'Time limit')}</th></tr></thead>
          <tbody>{item.steps.map((s, n) => <tr><td>{n + 1}</td><th scope="row">{s.name}</th><td>{s.description}</td><td>{s.timeLimit}</td></tr>)}</tbody>
        </table></div>
      </> : <p>{t('未填写', 'Not given')}</p>}
      <h2>{t('监督方式', 'Supervision')}</h2>
      <p>{item.supervisionChannel || t('未填写', 'Not given')}{item.supervisionPhone ? <>　{t('监督电话：', 'Phone: ')}{item.supervisionPhone}</> : null}</p>
      <h2>{t('追责情形', 'Accountability')}</h2>
      <p class="pre-line">{item.accountability || t('未填写', 'Not given')}</p>
      {history.length > 1 ? <>
        <h2>{t('历史版本', 'History')}</h2>
        <ul>{history.map((h) => <li>{h.effectiveOn} · {t('第', 'version ')}{h.versionNo}{t('版', '')} · {h.repealed ? t('取消', 'repealed') : h.name}</li>)}</ul>
      </> : null}
    </>), { agencies: [a.id] });
  });

  app.get<{ Params: { code: string } }>('/agencies/:code/enforcement', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    const t = translator(req.lang);
    const subjects = await listEnforcementSubjects(ctx, a.id);
    return sendCachedPage(req, reply, page(req, a, t('行政执法主体公示', 'Law-enforcement bodies'), `/agencies/${a.code}/enforcement`, <>
      {subjects.length ? subjects.map((s) => (
        <section class="panel" aria-labelledby={`s-${s.id}`}>
          <h2 id={`s-${s.id}`}>{s.unitName}</h2>
          <dl class="meta">
            <dt>{t('主体类别', 'Kind')}</dt><dd>{(req.lang === 'en' ? SUBJECT_KINDS_EN : SUBJECT_KINDS)[s.subjectKind]}</dd>
            <dt>{t('主要执法依据', 'Main legal basis')}</dt><dd class="pre-line">{s.legalBasis}</dd>
            <dt>{t('执法职权', 'Powers')}</dt><dd class="pre-line">{s.powers}</dd>
            <dt>{t('联系电话', 'Phone')}</dt><dd>{s.contactPhone}</dd>
            <dt>{t('监督电话', 'Supervision phone')}</dt><dd>{s.supervisionPhone}</dd>
            <dt>{t('单位地址', 'Address')}</dt><dd>{s.address}</dd>
          </dl>
        </section>
      )) : <p class="notice">{t('暂无公示信息。', 'Nothing published yet.')}</p>}
    </>), { agencies: [a.id] });
  });

  app.get<{ Params: { code: string }; Querystring: Record<string, string | undefined> }>('/agencies/:code/licences', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    const t = translator(req.lang);
    const thisYear = Number(todayOn(ctx.clock).slice(0, 4));
    const year = intParam(req.query.year, 2000, thisYear, thisYear);
    const pageNo = intParam(req.query.page, 1, 10000, 1);
    const [summary, notices, withdrawn] = await Promise.all([
      licensingSummary(ctx, a.id, year), listLicensingNotices(ctx, a.id, pageNo, PAGE_SIZE), listWithdrawalNotices(ctx, a.id, 'licensing'),
    ]);
    const path = `/agencies/${a.code}/licences`;
    const actionLabel = (k: keyof typeof LICENSING_ACTIONS) => (req.lang === 'en' ? LICENSING_ACTIONS_EN[k] : LICENSING_ACTIONS[k]);
    return sendCachedPage(req, reply, page(req, a, t('行政许可公示', 'Licensing'), path, <>
      <h2>{t(`${year}年办理情况`, `Cases handled in ${year}`)}</h2>
      <form method="get" action={path} class="filters">
        <div class="field"><label for="lic-year">{t('年度', 'Year')}</label>
          <select id="lic-year" name="year">{Array.from({ length: 7 }, (_, i) => thisYear - i).map((y) => <option value={String(y)} selected={y === year}>{y}</option>)}</select></div>
        <button type="submit">{t('查看', 'Show')}</button>
      </form>
      {summary.length ? (
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('许可种类', 'Licence')}</th><th scope="col">{t('办理类型', 'Action')}</th><th scope="col">{t('件数', 'Cases')}</th></tr></thead>
          <tbody>{summary.map((r) => <tr><td>{r.licenceType}</td><td>{actionLabel(r.action)}</td><td>{r.cases}</td></tr>)}</tbody>
          <tfoot><tr><th scope="row" colSpan={2}>{t('合计', 'Total')}</th><td>{summary.reduce((s, r) => s + r.cases, 0)}</td></tr></tfoot>
        </table></div>
      ) : <p>{t('该年度没有办理记录。', 'No cases recorded for this year.')}</p>}
      <h2>{t('许可证发放、注销公示', 'Licences issued and cancelled')}</h2>
      {notices.rows.length ? (
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('决定日期', 'Date')}</th><th scope="col">{t('许可种类', 'Licence')}</th><th scope="col">{t('事项', 'Action')}</th><th scope="col">{t('单位名称', 'Holder')}</th><th scope="col">{t('许可证编号', 'Number')}</th><th scope="col">{t('有效期至', 'Valid until')}</th></tr></thead>
          <tbody>{notices.rows.map((d) => <tr><td>{d.decidedOn}<Corrected lang={req.lang} on={d.correctedOn} /></td><td>{d.licenceType}</td><td>{actionLabel(d.action)}</td><td>{d.holderName}</td><td>{d.licenceNumber}</td><td>{d.validUntil ?? ''}</td></tr>)}</tbody>
        </table></div>
      ) : <p>{t('暂无公示。', 'Nothing published yet.')}</p>}
      <Pager base={path} page={pageNo} total={notices.total} query={{ year: String(year) }} />
      <WithdrawalNotices lang={req.lang} notices={withdrawn} kind="licensing" />
    </>), { agencies: [a.id], query: ['year', 'page'] });
  });

  app.get<{ Params: { code: string }; Querystring: Record<string, string | undefined> }>('/agencies/:code/penalties', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    const t = translator(req.lang);
    const pageNo = intParam(req.query.page, 1, 10000, 1);
    const [{ rows, total }, withdrawn] = await Promise.all([
      listPublishedEnforcementDecisions(ctx, a.id, undefined, pageNo, PAGE_SIZE), listWithdrawalNotices(ctx, a.id, 'enforcement'),
    ]);
    const path = `/agencies/${a.code}/penalties`;
    return sendCachedPage(req, reply, page(req, a, t('行政处罚和行政强制', 'Penalties and coercive measures'), path, <>
      {rows.length ? (
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('决定日期', 'Date')}</th><th scope="col">{t('类别', 'Kind')}</th><th scope="col">{t('决定书文号', 'Document no.')}</th><th scope="col">{t('当事人', 'Party')}</th><th scope="col">{t('违法事实', 'Facts')}</th><th scope="col">{t('依据', 'Basis')}</th><th scope="col">{t('处理内容', 'Measure')}</th><th scope="col">{t('罚没金额（元）', 'Amount (yuan)')}</th></tr></thead>
          <tbody>{rows.map((d) => <tr><td>{d.decidedOn}<Corrected lang={req.lang} on={d.correctedOn} /></td><td>{(req.lang === 'en' ? ENFORCEMENT_KINDS_EN : ENFORCEMENT_KINDS)[d.kind]}</td><td>{d.documentNumber}</td><td>{d.partyName}</td><td>{d.facts}</td><td>{d.legalBasis}</td><td>{d.measure}</td><td>{d.amountFen ? fenToYuan(d.amountFen) : ''}</td></tr>)}</tbody>
        </table></div>
      ) : <p class="notice">{t('暂无公开的行政处罚、行政强制决定。', 'No published decisions.')}</p>}
      <Pager base={path} page={pageNo} total={total} query={{}} />
      <WithdrawalNotices lang={req.lang} notices={withdrawn} kind="enforcement" />
    </>), { agencies: [a.id], query: ['page'] });
  });

  app.get<{ Params: { code: string } }>('/agencies/:code/fees', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    const t = translator(req.lang);
    const fees = await listFeeItems(ctx, a.id);
    return sendCachedPage(req, reply, page(req, a, t('行政事业性收费', 'Administrative fees'), `/agencies/${a.code}/fees`, <>
      {fees.length ? (
        <div class="table-scroll" tabIndex={0}><table>
          <thead><tr><th scope="col">{t('收费项目', 'Item')}</th><th scope="col">{t('收费依据', 'Basis')}</th><th scope="col">{t('收费标准', 'Standard')}</th><th scope="col">{t('执行期间', 'In force')}</th><th scope="col">{t('收费金额（元）', 'Collected (yuan)')}</th></tr></thead>
          <tbody>{fees.map((f) => <tr><th scope="row">{f.name}</th><td>{f.legalBasis}</td><td>{f.standard}</td><td>{f.inForceFrom} – {f.inForceUntil ?? t('至今', 'now')}</td>
            <td>{f.collections.length ? f.collections.map((c) => <div>{c.year}：{fenToYuan(c.amountFen)}</div>) : '—'}</td></tr>)}</tbody>
        </table></div>
      ) : <p class="notice">{t('本机关没有行政事业性收费项目。', 'This agency charges no administrative fees.')}</p>}
    </>), { agencies: [a.id] });
  });
}
