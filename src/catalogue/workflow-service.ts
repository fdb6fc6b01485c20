/**
 * The publishing workflow (issue 4): submit → review with 保密审查 (Art. 17) → approve → publish or schedule; reject
 * with a comment; revise a published item into a new version; withdraw with a public explanation. Every step is
 * audited in the same transaction; public content changes notify the page cache and the search index.
 */
import { assertPermission, actorOf, hasPermission, type Principal } from '../accounts/principal.ts';
import { selectAgencyById } from '../agencies/agency-store.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit.ts';
import { Conflict, Forbidden, InvalidInput, InvalidTransition } from '../errors.ts';
import { shanghaiDateOf, todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { isUniqueViolation, type DB } from '../platform/db/database.ts';
import { toPlainText } from '../platform/html/sanitize.ts';
import { scanForPersonalData, PII_KINDS } from '../platform/privacy/pii-scan.ts';
import { canTransition, ITEM_STATES, TRANSITIONS, type CatalogueItem, type ItemAction } from './catalogue.ts';
import {
  deleteLive, insertVersions, liveRowOf, nextIndexSerial, selectItem, updateItem, upsertLive,
} from './catalogue-store.ts';
import { readCatalogueSettings } from './catalogue-settings.ts';
import { formatIndexNumber } from './index-number.ts';
import { getItemForStaff } from './item-service.ts';
import { notifyCatalogueChanged } from './catalogue-events.ts';
import { applyCleanupOnPublish } from './cleanup-service.ts';

/** Options every step accepts: the version the user saw (stale → 409) and the caller's IP for the audit. */
export interface StepOptions {
  version?: number;
  ip?: string;
}

async function begin(ctx: Ctx, principal: Principal | undefined, itemId: string, action: ItemAction, opts: StepOptions) {
  const item = await getItemForStaff(ctx, principal, itemId);
  const rule = TRANSITIONS[action];
  const p = assertPermission(principal, rule.permission ?? 'content.review', item.agencyId);
  if ('notOwn' in rule && rule.notOwn && item.createdBy === p.userId) {
    throw new Forbidden('不能审核或发布自己起草的信息，请由其他审核人办理');
  }
  if (!canTransition(item.state, action)) throw new InvalidTransition(ITEM_STATES[item.state], rule.zh);
  if (opts.version !== undefined && opts.version !== item.version) {
    throw new Conflict('该信息已被他人处理，请刷新后重试', { currentVersion: item.version, state: item.state }, 'version_conflict');
  }
  return { item, p };
}

async function save(trx: DB, item: CatalogueItem, set: Parameters<typeof updateItem>[3]): Promise<void> {
  const ok = await updateItem(trx, item.id, item.version, set);
  if (!ok) throw new Conflict('该信息已被他人处理，请刷新后重试', { currentVersion: item.version + 1 }, 'version_conflict');
}

async function audit(trx: DB, ctx: Ctx, actor: Actor, action: string, item: CatalogueItem, summary: Record<string, unknown> = {}) {
  await appendAudit(trx, ctx.dialect, actor, {
    action: `catalogue.${action}`, objectType: 'catalogue_item', objectId: item.id, agencyId: item.agencyId,
    summary: { from: item.state, ...summary },
  }, ctx.clock.now());
}

/** Submits a draft for review. */
export async function submitItem(ctx: Ctx, principal: Principal | undefined, itemId: string, opts: StepOptions = {}): Promise<CatalogueItem> {
  const { item, p } = await begin(ctx, principal, itemId, 'submit', opts);
  if (item.kind === 'document' && !item.bodyHtml && !(await hasAttachments(ctx.db, item.id))) {
    throw new InvalidInput('请填写正文或上传附件后再提交', { bodyHtml: '正文和附件不能都为空' });
  }
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await save(trx, item, { state: 'submitted', submitted_by: p.userId, reject_comment: '', confidentiality_checked: 0, updated_at: now });
    await audit(trx, ctx, actorOf(p, opts.ip), 'submit', item);
  });
  return (await selectItem(ctx.db, itemId))!;
}

async function hasAttachments(db: DB, itemId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('catalogue_attachments').select('attachment_id').where('item_id', '=', itemId).executeTakeFirst());
}

/** Sends an item back to its editor with a comment (required). */
export async function rejectItem(ctx: Ctx, principal: Principal | undefined, itemId: string, comment: string, opts: StepOptions = {}): Promise<CatalogueItem> {
  const { item, p } = await begin(ctx, principal, itemId, 'reject', opts);
  const c = comment.trim();
  if (!c) throw new InvalidInput('请填写退回意见', { comment: '退回时须说明修改意见' });
  if (c.length > 2000) throw new InvalidInput('退回意见过长', { comment: '不能超过2000字' });
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await save(trx, item, { state: 'draft', reject_comment: c, confidentiality_checked: 0, scheduled_for: null, updated_at: now });
    await audit(trx, ctx, actorOf(p, opts.ip), 'reject', item);
  });
  return (await selectItem(ctx.db, itemId))!;
}

/** The reviewer's decision input: the 保密审查 must be confirmed (Art. 17); personal data found must be acknowledged. */
export interface ApproveInput {
  confidentialityChecked: boolean;
  comment?: string;
  /** The reviewer confirms the personal data the scan found may be published (e.g. a name in a personnel notice). */
  personalDataAcknowledged?: boolean;
}

/** Personal data in an item's text and attachments, masked (security.md: every document is scanned before it goes out). */
export async function scanItem(db: DB, item: CatalogueItem): Promise<{ kind: string; masked: string }[]> {
  const att = await db.selectFrom('catalogue_attachments').select('extracted_text').where('item_id', '=', item.id).where('state', '!=', 'removing').execute();
  const text = [item.title, item.summary, toPlainText(item.bodyHtml), ...att.map((a) => a.extracted_text)].join('\n');
  return scanForPersonalData(text).map((f) => ({ kind: PII_KINDS[f.kind], masked: f.masked }));
}

/** Approves a submitted item after recording the 保密审查; the author cannot approve their own draft. */
export async function approveItem(ctx: Ctx, principal: Principal | undefined, itemId: string, input: ApproveInput, opts: StepOptions = {}): Promise<CatalogueItem> {
  const { item, p } = await begin(ctx, principal, itemId, 'approve', opts);
  if (!input.confidentialityChecked) {
    throw new InvalidInput('请确认已完成保密审查', { confidentialityChecked: '发布前须进行保密审查（条例第十七条）' });
  }
  const findings = await scanItem(ctx.db, item);
  if (findings.length && !input.personalDataAcknowledged) {
    throw new InvalidInput(`发现疑似个人信息：${findings.slice(0, 5).map((f) => `${f.kind} ${f.masked}`).join('；')}`, {
      personalDataAcknowledged: '请删除个人信息，或确认其依法可以公开',
    }, 'personal_data_found');
  }
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await save(trx, item, {
      state: 'approved', approved_by: p.userId, confidentiality_checked: 1, confidentiality_by: p.userId,
      confidentiality_at: now, review_comment: (input.comment ?? '').trim().slice(0, 2000), updated_at: now,
    });
    await audit(trx, ctx, actorOf(p, opts.ip), 'approve', item, { confidentialityReview: true, personalData: findings.length });
  });
  return (await selectItem(ctx.db, itemId))!;
}

/** Publishes an approved item now. */
export async function publishItem(ctx: Ctx, principal: Principal | undefined, itemId: string, opts: StepOptions & { changeNote?: string } = {}): Promise<CatalogueItem> {
  const { item, p } = await begin(ctx, principal, itemId, 'publish', opts);
  await publishNow(ctx, item, actorOf(p, opts.ip), p.userId, opts.changeNote ?? '');
  return (await selectItem(ctx.db, itemId))!;
}

/** Schedules an approved item for a later instant (ISO or `YYYY-MM-DDTHH:mm` in Asia/Shanghai). */
export async function scheduleItem(ctx: Ctx, principal: Principal | undefined, itemId: string, when: string, opts: StepOptions = {}): Promise<CatalogueItem> {
  const { item, p } = await begin(ctx, principal, itemId, 'schedule', opts);
  assertProactive(item);
  const at = parseLocalInstant(when);
  if (!at || at.getTime() <= ctx.clock.now().getTime()) {
    throw new InvalidInput('定时发布时间应晚于当前时间', { scheduledFor: '请选择将来的时间' });
  }
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await save(trx, item, { state: 'scheduled', scheduled_for: at.toISOString(), updated_at: now });
    await audit(trx, ctx, actorOf(p, opts.ip), 'schedule', item, { scheduledFor: at.toISOString() });
  });
  return (await selectItem(ctx.db, itemId))!;
}

/** Parses `YYYY-MM-DDTHH:mm` as Asia/Shanghai (UTC+8, no DST) or a full ISO instant. */
export function parseLocalInstant(s: string): Date | undefined {
  const v = s.trim();
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$/.exec(v);
  const d = local ? new Date(`${local[1]}T${local[2]}:${local[3]}:00+08:00`) : /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

/** Takes a scheduled item back to approved. */
export async function unscheduleItem(ctx: Ctx, principal: Principal | undefined, itemId: string, opts: StepOptions = {}): Promise<CatalogueItem> {
  const { item, p } = await begin(ctx, principal, itemId, 'unschedule', opts);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await save(trx, item, { state: 'approved', scheduled_for: null, updated_at: now });
    await audit(trx, ctx, actorOf(p, opts.ip), 'unschedule', item);
  });
  return (await selectItem(ctx.db, itemId))!;
}

/** Publishes every scheduled item whose time has come (run by the scheduler each minute); returns how many. */
export async function releaseScheduledItems(ctx: Ctx): Promise<number> {
  const due = await ctx.db.selectFrom('catalogue_items').select('item_id')
    .where('state', '=', 'scheduled').where('scheduled_for', '<=', ctx.clock.now().toISOString()).limit(500).execute();
  let n = 0;
  for (const { item_id } of due) {
    const item = await selectItem(ctx.db, item_id);
    if (!item || !canTransition(item.state, 'release')) continue;
    try {
      await publishNow(ctx, item, SYSTEM_ACTOR, item.approvedBy, '', shanghaiDateOf(new Date(item.scheduledFor!)));
      n++;
    } catch (err) {
      if (!(err instanceof Conflict)) throw err; // someone unscheduled it meanwhile
    }
  }
  return n;
}

/** Reopens a published item as a draft for a new version; the published version stays public meanwhile. */
export async function reviseItem(ctx: Ctx, principal: Principal | undefined, itemId: string, opts: StepOptions = {}): Promise<CatalogueItem> {
  const { item, p } = await begin(ctx, principal, itemId, 'revise', opts);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await save(trx, item, { state: 'draft', confidentiality_checked: 0, reject_comment: '', updated_at: now });
    await audit(trx, ctx, actorOf(p, opts.ip), 'revise', item, { liveVersion: item.liveVersion });
  });
  return (await selectItem(ctx.db, itemId))!;
}

/** Withdraws a published (or scheduled) item with a public explanation; it disappears from every public surface. */
export async function withdrawItem(ctx: Ctx, principal: Principal | undefined, itemId: string, reason: string, opts: StepOptions = {}): Promise<CatalogueItem> {
  const { item, p } = await begin(ctx, principal, itemId, 'withdraw', opts);
  const r = reason.trim();
  if (r.length < 4) throw new InvalidInput('请填写撤回说明', { reason: '撤回说明将向公众公开，至少4个字' });
  if (r.length > 1000) throw new InvalidInput('撤回说明过长', { reason: '不能超过1000字' });
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await save(trx, item, { state: 'withdrawn', withdrawn_at: now, withdrawal_reason: r, scheduled_for: null, updated_at: now });
    await deleteLive(trx, item.id);
    await audit(trx, ctx, actorOf(p, opts.ip), 'withdraw', item);
  });
  await notifyCatalogueChanged(ctx, item.agencyId, { removed: [item.id] }, 'catalogue.withdraw');
  return (await selectItem(ctx.db, itemId))!;
}

function assertProactive(item: CatalogueItem): void {
  if (item.disclosure !== 'proactive') {
    throw new InvalidTransition(ITEM_STATES[item.state], '发布', '依申请公开或不予公开的信息不在网站发布（公开属性可在定期审查中调整）');
  }
}

/**
 * Publishes the working copy as the next version: index number on first publication (never reused), the live copy,
 * the version record, and the effect on a normative document it revises or replaces.
 */
async function publishNow(ctx: Ctx, item: CatalogueItem, actor: Actor, by: string | null, changeNote: string, on?: string): Promise<void> {
  assertProactive(item);
  const agency = await selectAgencyById(ctx.db, item.agencyId);
  const settings = await readCatalogueSettings(ctx.db, item.agencyId);
  const nowDate = ctx.clock.now();
  const now = nowDate.toISOString();
  const publishedOn = on ?? todayOn(ctx.clock);
  const changed: string[] = [item.id];
  for (let attempt = 0; ; attempt++) {
    try {
      await ctx.db.transaction().execute(async (trx) => {
        let indexNumber = item.indexNumber;
        if (!indexNumber) {
          const year = Number(publishedOn.slice(0, 4));
          indexNumber = formatIndexNumber(settings.indexPattern, agency?.orgCode || agency?.code || 'ORG', publishedOn, await nextIndexSerial(trx, item.agencyId, year));
        }
        const versionNo = (item.liveVersion ?? 0) + 1;
        const next: CatalogueItem = {
          ...item, state: 'published', indexNumber, publishedOn, firstPublishedOn: item.firstPublishedOn ?? publishedOn,
          liveVersion: versionNo, scheduledFor: null,
          effectiveOn: item.isNormative ? (item.effectiveOn ?? publishedOn) : null,
          validity: item.isNormative ? (item.validity ?? 'valid') : null,
        };
        await save(trx, item, {
          state: 'published', index_number: indexNumber, published_on: publishedOn, first_published_on: next.firstPublishedOn,
          live_version: versionNo, scheduled_for: null, effective_on: next.effectiveOn, validity: next.validity, updated_at: now,
        });
        // The working copy's attachments become the published version's.
        await trx.deleteFrom('catalogue_attachments').where('item_id', '=', item.id).where('state', '=', 'removing').execute();
        await trx.updateTable('catalogue_attachments').set({ state: 'live' }).where('item_id', '=', item.id).where('state', '=', 'draft').execute();
        const text = await liveText(trx, next);
        await upsertLive(trx, [liveRowOf(next, text, versionNo, now)]);
        await insertVersions(trx, [{ itemId: item.id, versionNo, item: next, changeNote, at: now, by }]);
        await audit(trx, ctx, actor, item.state === 'scheduled' ? 'release' : 'publish', item, { version: versionNo, indexNumber });
        if (item.replacesId && versionNo === 1) {
          const old = await applySupersession(trx, ctx, actor, item.replacesId, item.id, item.replacesAs ?? 'revised', next.effectiveOn ?? publishedOn, by);
          if (old) changed.push(old);
        }
        if (versionNo === 1) changed.push(...(await applyCleanupOnPublish(trx, ctx, actor, item.id, publishedOn, by)));
        if (next.isNormative && !(await hasPublishedInterpretation(trx, item.id))) {
          // 谁起草谁解读: the document goes out, and the missing interpretation is tracked until one is linked.
          await audit(trx, ctx, actor, 'interpretation_missing', item);
        }
      });
      break;
    } catch (err) {
      // An imported index number may already hold the serial we drew: draw the next one (the counter moved on).
      if (isUniqueViolation(err) && !item.indexNumber && attempt < 5) continue;
      throw err;
    }
  }
  await notifyCatalogueChanged(ctx, item.agencyId, { upserted: [...new Set(changed)] }, 'catalogue.publish');
}

/** The public plain text of an item: body and extracted attachment text (for search and the snippet). */
export async function liveText(db: DB, item: CatalogueItem): Promise<string> {
  const att = await db.selectFrom('catalogue_attachments').select(['name', 'extracted_text']).where('item_id', '=', item.id).orderBy('sort_order').execute();
  return [toPlainText(item.bodyHtml), ...att.map((a) => `${a.name} ${a.extracted_text}`)].join('\n').slice(0, 1_000_000);
}

async function hasPublishedInterpretation(db: DB, itemId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('catalogue_published').select('item_id').where('interprets_id', '=', itemId).executeTakeFirst());
}

/** Marks the older normative document as revised/repealed by `newId`, as a new published version of it. */
async function applySupersession(trx: DB, ctx: Ctx, actor: Actor, oldId: string, newId: string, as: 'revised' | 'repealed', on: string, by: string | null): Promise<string | undefined> {
  const old = await selectItem(trx, oldId);
  if (!old || !old.isNormative) return undefined;
  const now = ctx.clock.now().toISOString();
  await save(trx, old, { validity: as, validity_changed_on: on, superseded_by_id: newId, updated_at: now });
  if (old.liveVersion) {
    const versionNo = old.liveVersion + 1;
    const next = { ...old, validity: as, validityChangedOn: on, supersededById: newId } as CatalogueItem;
    const live = await trx.selectFrom('catalogue_published').select('body_text').where('item_id', '=', old.id).executeTakeFirst();
    if (live) {
      await upsertLive(trx, [liveRowOf({ ...next, publishedOn: old.publishedOn }, live.body_text, versionNo, now)]);
      await insertVersions(trx, [{ itemId: old.id, versionNo, item: next, changeNote: as === 'revised' ? '已被修订' : '已被替代废止', at: now, by }]);
      await trx.updateTable('catalogue_items').set({ live_version: versionNo }).where('item_id', '=', old.id).execute();
    }
  }
  await appendAudit(trx, ctx.dialect, actor, {
    action: 'catalogue.validity', objectType: 'catalogue_item', objectId: old.id, agencyId: old.agencyId,
    summary: { validity: as, by: newId, on },
  }, ctx.clock.now());
  return old.id;
}

/** True when the principal may take the action on the item (for showing buttons; services check again). */
export function mayTake(p: Principal | undefined, item: CatalogueItem, action: ItemAction): boolean {
  if (!p || !canTransition(item.state, action)) return false;
  const rule = TRANSITIONS[action];
  if (!rule.permission || !hasPermission(p, rule.permission, item.agencyId)) return false;
  return !('notOwn' in rule && rule.notOwn && item.createdBy === p.userId);
}
