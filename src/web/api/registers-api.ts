/**
 * JSON API of the registers: the power list (权责清单) and one item, law-enforcement subjects, licensing notices and
 * yearly licensing counts, published penalty/coercion decisions, fees, notices of published decisions withdrawn from
 * the portal (docs/decisions/0008); for staff, the table 二/四 figures of a year.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { assertPermission } from '../../accounts/principal.ts';
import { getAgency } from '../../agencies/agency-service.ts';
import { todayOn } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { POWER_KINDS, type PowerItem, type PowerKind } from '../../registers/power.ts';
import { getPowerItem, listPowerItems } from '../../registers/power-service.ts';
import { countRegisterFacts, countTable4 } from '../../registers/register-facts.ts';
import { listWithdrawalNotices } from '../../registers/corrections-service.ts';
import {
  ENFORCEMENT_KINDS, LICENSING_ACTIONS, SUBJECT_KINDS, WITHDRAWAL_REASONS, fenToYuan, type EnforcementKind, type LicensingAction, type WithdrawalNotice,
} from '../../registers/registers.ts';
import {
  licensingSummary, listEnforcementSubjects, listFeeItems, listLicensingNotices, listPublishedEnforcementDecisions,
} from '../../registers/registers-service.ts';
import { requirePrincipal } from '../shared/auth.ts';
import { apiRoute, listEnvelope, Paging } from './api-route.ts';

const Code = z.object({ code: z.string().max(64) });
const Meta = z.object({ total: z.number(), page: z.number(), pageSize: z.number() });
const Label = z.object({ code: z.string(), label: z.string() });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const PowerItemJson = z.object({
  code: z.string(), kind: Label, name: z.string(), implementingBody: z.string(), scope: z.string(),
  legalBasis: z.array(z.object({ law: z.string(), article: z.string() })),
  steps: z.array(z.object({ name: z.string(), description: z.string(), timeLimit: z.string() })),
  supervision: z.object({ channel: z.string(), phone: z.string() }), accountability: z.string(),
  effectiveOn: z.string(), version: z.number(), url: z.string(),
});

/** The public JSON shape of a power-list item. */
export function presentPowerItem(agencyCode: string, i: PowerItem): z.infer<typeof PowerItemJson> {
  return {
    code: i.code, kind: { code: i.kind, label: POWER_KINDS[i.kind] }, name: i.name, implementingBody: i.implementingBody, scope: i.scope,
    legalBasis: i.legalBasis.map((b) => ({ law: b.law, article: b.article })),
    steps: i.steps.map((s) => ({ name: s.name, description: s.description, timeLimit: s.timeLimit })),
    supervision: { channel: i.supervisionChannel, phone: i.supervisionPhone }, accountability: i.accountability,
    effectiveOn: i.effectiveOn, version: i.versionNo, url: `/agencies/${agencyCode}/powers/${encodeURIComponent(i.code)}`,
  };
}

const WithdrawalJson = z.object({
  register: z.enum(['licensing', 'enforcement']), what: z.string(), action: Label, reference: z.string(), decidedOn: IsoDate, withdrawnOn: IsoDate,
  reason: Label,
});

/** The public JSON shape of a withdrawal notice: what was withdrawn, when and why; never a party, holder or note. */
export function presentWithdrawalNotice(register: 'licensing' | 'enforcement', n: WithdrawalNotice): z.infer<typeof WithdrawalJson> {
  const action = register === 'licensing' ? LICENSING_ACTIONS[n.action as LicensingAction] : ENFORCEMENT_KINDS[n.action as EnforcementKind];
  return {
    register, what: register === 'licensing' ? n.what : action, action: { code: n.action, label: action }, reference: n.reference,
    decidedOn: n.decidedOn, withdrawnOn: n.withdrawnOn, reason: { code: n.reason, label: WITHDRAWAL_REASONS[n.reason] },
  };
}

const ItemCounts = z.object({ previousYear: z.number(), change: z.number(), decisions: z.number() });
const FactsJson = z.object({
  year: z.number(),
  table2: z.object({
    '2019': z.object({
      licensing: ItemCounts, other_services: ItemCounts, penalties: ItemCounts, coercion: ItemCounts,
      fees: z.object({ previousYear: z.number(), change: z.number() }),
      procurement: z.object({ projects: z.number(), amount: z.object({ value: z.number(), unit: z.string() }) }),
    }),
    '2021': z.object({
      licensing: z.object({ decisions: z.number() }), penalties: z.object({ decisions: z.number() }),
      coercion: z.object({ decisions: z.number() }), fees: z.object({ amount10kYuan: z.number() }),
    }),
  }),
  table4: z.array(z.number()).length(15),
});

/** Registers the register API. */
export async function registerRegistersApi(app: FastifyInstance, ctx: Ctx): Promise<void> {
  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/powers', summary: 'The power and responsibility list (权责清单) in force on a day',
    tags: ['registers'], access: 'public', params: Code,
    query: Paging.extend({
      kind: z.enum(Object.keys(POWER_KINDS) as [PowerKind, ...PowerKind[]]).optional(),
      q: z.string().max(100).optional(),
      on: IsoDate.optional().describe('the day the list stands on; default today'),
    }),
    response: { status: 200, schema: z.object({ data: z.array(PowerItemJson), meta: Meta }) },
  }, async (_req, _reply, { params, query }) => {
    const a = await getAgency(ctx, params.code);
    const items = await listPowerItems(ctx, a.id, { kind: query.kind, q: query.q, on: query.on });
    const start = (query.page - 1) * query.pageSize;
    return listEnvelope(items.slice(start, start + query.pageSize).map((i) => presentPowerItem(a.code, i)), items.length, query.page, query.pageSize);
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/powers/:itemCode', summary: 'One item of the power list with its version history',
    tags: ['registers'], access: 'public', params: Code.extend({ itemCode: z.string().max(64) }),
    query: z.object({ on: IsoDate.optional() }),
    response: { status: 200, schema: PowerItemJson.extend({ history: z.array(z.object({ version: z.number(), effectiveOn: z.string(), repealed: z.boolean(), name: z.string() })) }) },
  }, async (_req, _reply, { params, query }) => {
    const a = await getAgency(ctx, params.code);
    const { item, history } = await getPowerItem(ctx, a.id, params.itemCode, query.on);
    return { ...presentPowerItem(a.code, item), history: history.map((h) => ({ version: h.versionNo, effectiveOn: h.effectiveOn, repealed: h.repealed, name: h.name })) };
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/enforcement-subjects', summary: 'Law-enforcement subjects (行政执法主体公示)',
    tags: ['registers'], access: 'public', params: Code,
    response: { status: 200, schema: z.object({ data: z.array(z.object({
      unitName: z.string(), subjectKind: Label, legalBasis: z.string(), powers: z.string(), contactPhone: z.string(),
      supervisionPhone: z.string(), address: z.string(),
    })), meta: Meta }) },
  }, async (_req, _reply, { params }) => {
    const a = await getAgency(ctx, params.code);
    const rows = (await listEnforcementSubjects(ctx, a.id)).map((s) => ({
      unitName: s.unitName, subjectKind: { code: s.subjectKind, label: SUBJECT_KINDS[s.subjectKind] }, legalBasis: s.legalBasis,
      powers: s.powers, contactPhone: s.contactPhone, supervisionPhone: s.supervisionPhone, address: s.address,
    }));
    return listEnvelope(rows, rows.length, 1, Math.max(rows.length, 1));
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/licensing-notices', summary: 'Published licensing decisions (许可公示: issuance, cancellation …)',
    tags: ['registers'], access: 'public', params: Code, query: Paging,
    response: { status: 200, schema: z.object({ data: z.array(z.object({
      licenceType: z.string(), action: Label, holder: z.string(), licenceNumber: z.string(), decidedOn: z.string(), validUntil: z.string().nullable(),
    })), meta: Meta }) },
  }, async (_req, _reply, { params, query }) => {
    const a = await getAgency(ctx, params.code);
    const { rows, total } = await listLicensingNotices(ctx, a.id, query.page, query.pageSize);
    return listEnvelope(rows.map((d) => ({
      licenceType: d.licenceType, action: { code: d.action, label: LICENSING_ACTIONS[d.action] }, holder: d.holderName,
      licenceNumber: d.licenceNumber, decidedOn: d.decidedOn, validUntil: d.validUntil,
    })), total, query.page, query.pageSize);
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/licensing-statistics', summary: 'Licensing cases handled in a year, per licence type and action',
    tags: ['registers'], access: 'public', params: Code, query: z.object({ year: z.coerce.number().int().min(2000).max(2099).optional() }),
    response: { status: 200, schema: z.object({ year: z.number(), data: z.array(z.object({ licenceType: z.string(), action: Label, cases: z.number() })) }) },
  }, async (_req, _reply, { params, query }) => {
    const a = await getAgency(ctx, params.code);
    const year = query.year ?? Number(todayOn(ctx.clock).slice(0, 4));
    const rows = await licensingSummary(ctx, a.id, year);
    return { year, data: rows.map((r) => ({ licenceType: r.licenceType, action: { code: r.action, label: LICENSING_ACTIONS[r.action] }, cases: r.cases })) };
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/enforcement-decisions', summary: 'Published penalty and coercion decisions (natural persons masked)',
    tags: ['registers'], access: 'public', params: Code, query: Paging.extend({ kind: z.enum(['penalty', 'coercion']).optional() }),
    response: { status: 200, schema: z.object({ data: z.array(z.object({
      kind: Label, documentNumber: z.string(), party: z.string(), facts: z.string(), legalBasis: z.string(), measure: z.string(),
      amountYuan: z.string(), decidedOn: z.string(),
    })), meta: Meta }) },
  }, async (_req, _reply, { params, query }) => {
    const a = await getAgency(ctx, params.code);
    const { rows, total } = await listPublishedEnforcementDecisions(ctx, a.id, query.kind, query.page, query.pageSize);
    return listEnvelope(rows.map((d) => ({
      kind: { code: d.kind, label: ENFORCEMENT_KINDS[d.kind] }, documentNumber: d.documentNumber, party: d.partyName, facts: d.facts,
      legalBasis: d.legalBasis, measure: d.measure, amountYuan: fenToYuan(d.amountFen), decidedOn: d.decidedOn,
    })), total, query.page, query.pageSize);
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/register-withdrawals',
    summary: 'Published licensing and penalty/coercion decisions withdrawn from the portal: what, when and why (no party or holder)',
    tags: ['registers'], access: 'public', params: Code, query: z.object({ register: z.enum(['licensing', 'enforcement']).optional() }),
    response: { status: 200, schema: z.object({ data: z.array(WithdrawalJson), meta: Meta }) },
  }, async (_req, _reply, { params, query }) => {
    const a = await getAgency(ctx, params.code);
    const registers = query.register ? [query.register] : (['licensing', 'enforcement'] as const);
    const rows = (await Promise.all(registers.map(async (r) => (await listWithdrawalNotices(ctx, a.id, r)).map((n) => presentWithdrawalNotice(r, n)))))
      .flat().sort((x, y) => y.withdrawnOn.localeCompare(x.withdrawnOn));
    return listEnvelope(rows, rows.length, 1, Math.max(rows.length, 1));
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/fees', summary: 'Administrative fee items (行政事业性收费) and amounts collected',
    tags: ['registers'], access: 'public', params: Code,
    response: { status: 200, schema: z.object({ data: z.array(z.object({
      name: z.string(), legalBasis: z.string(), standard: z.string(), inForceFrom: z.string(), inForceUntil: z.string().nullable(),
      collected: z.array(z.object({ year: z.number(), amountYuan: z.string() })),
    })), meta: Meta }) },
  }, async (_req, _reply, { params }) => {
    const a = await getAgency(ctx, params.code);
    const rows = (await listFeeItems(ctx, a.id)).map((f) => ({
      name: f.name, legalBasis: f.legalBasis, standard: f.standard, inForceFrom: f.inForceFrom, inForceUntil: f.inForceUntil,
      collected: f.collections.map((c) => ({ year: c.year, amountYuan: fenToYuan(c.amountFen) })),
    }));
    return listEnvelope(rows, rows.length, 1, Math.max(rows.length, 1));
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/agencies/:code/register-facts/:year', summary: 'Table 二 (registers part, both templates) and table 四 of a year',
    tags: ['registers'], access: 'staff', params: Code.extend({ year: z.coerce.number().int().min(2000).max(2099) }),
    response: { status: 200, schema: FactsJson }, errors: [401, 403, 404, 422],
  }, async (req, _reply, { params }) => {
    const a = await getAgency(ctx, params.code);
    assertPermission(requirePrincipal(req), 'content.read', a.id);
    const [table2, table4] = await Promise.all([countRegisterFacts(ctx, a.id, params.year), countTable4(ctx, a.id, params.year)]);
    return { year: params.year, table2, table4 };
  });
}
