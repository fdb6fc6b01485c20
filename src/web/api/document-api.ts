/**
 * The documents API (design.md §5.4): public search and lookup of published items by opaque id, and the staff
 * workflow endpoints (session cookie + `x-csrf-token`, since the cookie would otherwise allow cross-site posts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { agenciesWithPermission } from '../../accounts/principal.ts';
import { getAgency, listAgencies } from '../../agencies/agency-service.ts';
import type { Agency } from '../../agencies/agency.ts';
import { ITEM_STATES, type CatalogueItem, type ItemAction, type PublishedItem } from '../../catalogue/catalogue.ts';
import { documentUrl } from '../../catalogue/catalogue-indexing.ts';
import { getPublished, listPublished, publishedByIds } from '../../catalogue/catalogue-query.ts';
import { loadCategoryTree } from '../../catalogue/catalogue-settings.ts';
import { CategoryTree } from '../../catalogue/categories.ts';
import { createItem, editItem, getItemForStaff, listItemsForStaff, listVersions } from '../../catalogue/item-service.ts';
import { takeAction } from '../../catalogue/workflow-actions.ts';
import { Forbidden, NotFound } from '../../errors.ts';
import type { Ctx } from '../../platform/context.ts';
import { searchPublished } from '../../platform/search/search-index.ts';
import { assertCsrf, requirePrincipal } from '../shared/auth.ts';
import { apiRoute, listEnvelope, Paging } from './api-route.ts';

const DocumentJson = z.object({
  id: z.string().describe('opaque public id'),
  indexNumber: z.string().nullable().describe('索引号'),
  title: z.string(),
  documentNumber: z.string().nullable().describe('发文字号, official form with 〔〕'),
  category: z.object({ code: z.string(), label: z.string() }),
  agency: z.string().describe('agency code'),
  issuer: z.string(),
  formedOn: z.string().nullable(),
  publishedOn: z.string(),
  validity: z.enum(['valid', 'revised', 'repealed', 'expired']).nullable(),
  url: z.string(),
});
const DocumentDetailJson = DocumentJson.extend({
  summary: z.string(), subjectWords: z.string(), bodyHtml: z.string(), effectiveOn: z.string().nullable(),
  supersededBy: z.string().nullable().describe('public id of the revising or replacing document'),
  interprets: z.string().nullable().describe('public id of the document this interpretation explains'),
  version: z.number(),
});
const Meta = z.object({ total: z.number(), page: z.number(), pageSize: z.number() });

/** The public JSON of a published item. */
export function presentDocument(i: PublishedItem, agencyCode: string, tree: CategoryTree): z.infer<typeof DocumentJson> {
  return {
    id: i.publicId, indexNumber: i.indexNumber, title: i.title, documentNumber: i.documentNumber,
    category: { code: i.categoryCode, label: tree.label(i.categoryCode, 'zh-CN') }, agency: agencyCode, issuer: i.issuer,
    formedOn: i.formedOn, publishedOn: i.publishedOn, validity: i.validity, url: documentUrl(i.publicId),
  };
}

async function presenter(ctx: Ctx) {
  const agencies = await listAgencies(ctx);
  const codes = new Map(agencies.map((a) => [a.id, a.code]));
  // The promise is kept, not the tree: a page's items are presented concurrently, and keeping only finished trees
  // loaded the same tree once per item (found by test/web/query-plans.test.ts).
  const trees = new Map<string, Promise<CategoryTree>>();
  return async (i: PublishedItem) => {
    let tree = trees.get(i.agencyId);
    if (!tree) trees.set(i.agencyId, (tree = loadCategoryTree(ctx.db, i.agencyId)));
    return presentDocument(i, codes.get(i.agencyId) ?? '', await tree);
  };
}

const StaffItemJson = z.object({
  id: z.string(), publicId: z.string(), agency: z.string(), state: z.string(), stateLabel: z.string(), version: z.number(),
  title: z.string(), documentNumber: z.string().nullable(), categoryCode: z.string(), disclosure: z.string(),
  indexNumber: z.string().nullable(), formedOn: z.string().nullable(), publicationDueOn: z.string().nullable(),
  publishedOn: z.string().nullable(), liveVersion: z.number().nullable(), rejectComment: z.string(), updatedAt: z.string(),
});

function presentStaffItem(i: CatalogueItem, agency: string): z.infer<typeof StaffItemJson> {
  return {
    id: i.id, publicId: i.publicId, agency, state: i.state, stateLabel: ITEM_STATES[i.state], version: i.version, title: i.title,
    documentNumber: i.documentNumber, categoryCode: i.categoryCode, disclosure: i.disclosure, indexNumber: i.indexNumber,
    formedOn: i.formedOn, publicationDueOn: i.publicationDueOn, publishedOn: i.publishedOn, liveVersion: i.liveVersion,
    rejectComment: i.rejectComment, updatedAt: i.updatedAt,
  };
}

/** Registers /api/v1/documents and the staff endpoints. */
export async function registerDocumentApi(app: FastifyInstance, ctx: Ctx): Promise<void> {
  apiRoute(app, {
    method: 'GET', url: '/api/v1/documents', summary: 'Search and list published documents', tags: ['documents'], access: 'public',
    query: Paging.extend({
      agency: z.string().max(64).optional(),
      q: z.string().max(500).optional(),
      category: z.string().max(40).optional(),
      year: z.coerce.number().int().min(1949).max(2100).optional(),
    }),
    response: { status: 200, schema: z.object({ data: z.array(DocumentJson), meta: Meta }) }, errors: [404, 422],
  }, async (_req, _reply, { query }) => {
    const agency: Agency | undefined = query.agency ? await getAgency(ctx, query.agency) : undefined;
    const tree = agency ? await loadCategoryTree(ctx.db, agency.id) : undefined;
    const categories = query.category ? (tree ?? new CategoryTree()).withDescendants(query.category) : undefined;
    const present = await presenter(ctx);
    const q = query.q?.trim();
    if (q) {
      const r = await searchPublished(ctx, {
        q, agencyCodes: agency ? [agency.code] : undefined, categoryCodes: categories, year: query.year, sort: 'relevance',
        page: query.page, pageSize: query.pageSize,
      });
      const live = new Map((await publishedByIds(ctx, r.hits.map((h) => h.id))).map((i) => [i.id, i]));
      const items = r.hits.map((h) => live.get(h.id)).filter((i): i is PublishedItem => Boolean(i));
      return listEnvelope(await Promise.all(items.map(present)), r.total, query.page, query.pageSize);
    }
    const r = await listPublished(ctx, { agencyIds: agency ? [agency.id] : undefined, categoryCodes: categories, year: query.year, page: query.page, pageSize: query.pageSize });
    return listEnvelope(await Promise.all(r.items.map(present)), r.total, query.page, query.pageSize);
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/documents/:id', summary: 'One published document by its opaque id', tags: ['documents'], access: 'public',
    params: z.object({ id: z.string().max(64) }), response: { status: 200, schema: DocumentDetailJson }, errors: [404],
  }, async (_req, _reply, { params }) => {
    const i = await getPublished(ctx, params.id);
    const [base, links] = await Promise.all([
      (await presenter(ctx))(i),
      publishedByIds(ctx, [i.supersededById, i.interpretsId].filter((x): x is string => Boolean(x))),
    ]);
    const pub = (id: string | null) => (id ? links.find((l) => l.id === id)?.publicId ?? null : null);
    return {
      ...base, summary: i.summary, subjectWords: i.subjectWords, bodyHtml: i.bodyHtml, effectiveOn: i.effectiveOn,
      supersededBy: pub(i.supersededById), interprets: pub(i.interpretsId), version: i.versionNo,
    };
  });

  // Staff workflow (session cookie; every write also needs the session's CSRF token in `x-csrf-token`).
  const agencyCode = async (id: string) => (await listAgencies(ctx)).find((a) => a.id === id)?.code ?? '';

  apiRoute(app, {
    method: 'GET', url: '/api/v1/staff/documents', summary: 'Staff: list an agency’s items in any state', tags: ['staff'], access: 'staff',
    query: Paging.extend({ agency: z.string().max(64), state: z.enum(Object.keys(ITEM_STATES) as [keyof typeof ITEM_STATES]).optional(), q: z.string().max(100).optional() }),
    response: { status: 200, schema: z.object({ data: z.array(StaffItemJson), meta: Meta }) }, errors: [401, 403, 404, 422],
  }, async (req, _reply, { query }) => {
    const p = requirePrincipal(req);
    const a = await getAgency(ctx, query.agency);
    const r = await listItemsForStaff(ctx, p, { agencyId: a.id, state: query.state, q: query.q, page: query.page, pageSize: query.pageSize });
    return listEnvelope(r.items.map((i) => presentStaffItem(i, a.code)), r.total, query.page, query.pageSize);
  });

  apiRoute(app, {
    method: 'POST', url: '/api/v1/staff/documents', summary: 'Staff: create a draft', tags: ['staff'], access: 'staff',
    body: z.looseObject({ agency: z.string().max(64) }),
    headers: { 'x-csrf-token': { description: 'the session’s CSRF token', required: true } },
    response: { status: 201, schema: StaffItemJson }, errors: [401, 403, 404, 422],
  }, async (req, reply, { body }) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    const a = await getAgency(ctx, body.agency);
    const item = await createItem(ctx, p, a.id, body, req.ip);
    reply.code(201);
    return presentStaffItem(item, a.code);
  });

  apiRoute(app, {
    method: 'GET', url: '/api/v1/staff/documents/:itemId', summary: 'Staff: one item with its versions', tags: ['staff'], access: 'staff',
    params: z.object({ itemId: z.string().max(64) }),
    response: { status: 200, schema: StaffItemJson.extend({ versions: z.array(z.object({ version: z.number(), title: z.string(), publishedAt: z.string(), changeNote: z.string() })) }) },
    errors: [401, 404],
  }, async (req, _reply, { params }) => {
    const p = requirePrincipal(req);
    const item = await getItemForStaff(ctx, p, params.itemId);
    const versions = await listVersions(ctx, p, item.id);
    return { ...presentStaffItem(item, await agencyCode(item.agencyId)), versions: versions.map((v) => ({ version: v.version_no, title: v.title, publishedAt: v.published_at, changeNote: v.change_note })) };
  });

  apiRoute(app, {
    method: 'PUT', url: '/api/v1/staff/documents/:itemId', summary: 'Staff: save a draft (optimistic locking: send `version`; 409 version_conflict lists the other side)',
    tags: ['staff'], access: 'staff', params: z.object({ itemId: z.string().max(64) }), body: z.looseObject({ version: z.number().int() }),
    headers: { 'x-csrf-token': { description: 'the session’s CSRF token', required: true } },
    response: { status: 200, schema: StaffItemJson }, errors: [401, 403, 404, 409, 422],
  }, async (req, _reply, { params, body }) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    const item = await editItem(ctx, p, params.itemId, body, req.ip);
    return presentStaffItem(item, await agencyCode(item.agencyId));
  });

  apiRoute(app, {
    method: 'POST', url: '/api/v1/staff/documents/:itemId/actions/:action', summary: 'Staff: a workflow step (submit, approve, reject, publish, schedule, unschedule, revise, withdraw)',
    tags: ['staff'], access: 'staff', params: z.object({ itemId: z.string().max(64), action: z.string().max(20) }),
    body: z.object({
      version: z.number().int().optional(), comment: z.string().max(2000).optional(), confidentialityChecked: z.boolean().optional(),
      personalDataAcknowledged: z.boolean().optional(), scheduledFor: z.string().max(40).optional(), reason: z.string().max(1000).optional(),
      changeNote: z.string().max(500).optional(),
    }),
    headers: { 'x-csrf-token': { description: 'the session’s CSRF token', required: true } },
    response: { status: 200, schema: StaffItemJson }, errors: [401, 403, 404, 409, 422],
  }, async (req, _reply, { params, body }) => {
    const p = requirePrincipal(req);
    assertCsrf(req);
    if (!agenciesWithPermission(p, 'content.read').length) throw new Forbidden();
    const item = await takeAction(ctx, p, params.itemId, params.action as ItemAction, body, req.ip);
    if (!item) throw new NotFound();
    return presentStaffItem(item, await agencyCode(item.agencyId));
  });
}
