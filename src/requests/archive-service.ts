/**
 * Archiving (Art. 45 归档): a concluded case exports as a dossier zip (application, letters as DOCX and HTML, timeline,
 * consultations, attachments, and a manifest with sha256 of every file); after the agency's retention period the
 * applicant's identity is anonymised (security.md "retention"; PIPL Arts. 19, 47).
 */
import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { assertPermission, type Principal } from '../accounts/principal.ts';
import { selectAgencyById } from '../agencies/agency-store.ts';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { yearOf } from '../calendar/dates.ts';
import { Conflict, NotFound } from '../errors.ts';
import { todayOn } from '../platform/clock.ts';
import type { Ctx } from '../platform/context.ts';
import { newToken } from '../platform/ids.ts';
import { letterDocx, letterHtml } from './letter-render.ts';
import type { Letter } from './letters.ts';
import { OUTCOMES } from './outcomes.ts';
import { selectAttachments, selectConsultations, selectEvents, selectLetters, selectRequestById } from './request-store.ts';
import { CHANNELS, CONCLUDED_STATES, STATES } from './request.ts';
import { fullApplicant } from './request-views.ts';
import { recordEvent } from './workflow-engine.ts';

/** Default retention of applicant identity when the agency has not set one (years after the case concluded). */
export const DEFAULT_RETENTION_YEARS = 10;
/** The settings key of an agency's retention period in years. */
export const RETENTION_SETTING = 'requests.retention_years';

/** Builds the dossier zip of a concluded case; audited as an export of personal data. */
export async function exportDossier(ctx: Ctx, principal: Principal, actor: Actor, id: string): Promise<{ filename: string; bytes: Buffer }> {
  const r = await selectRequestById(ctx.db, id);
  if (!r) throw new NotFound('未找到该申请');
  assertPermission(principal, 'requests.unmask', r.agencyId);
  if (!CONCLUDED_STATES.includes(r.state)) throw new Conflict('只有已办结的申请可以导出归档', undefined, 'not_concluded');
  const [agency, events, consultations, letters, attachments] = await Promise.all([
    selectAgencyById(ctx.db, r.agencyId), selectEvents(ctx.db, r.id), selectConsultations(ctx.db, r.id), selectLetters(ctx.db, r.id), selectAttachments(ctx.db, r.id),
  ]);
  const applicant = fullApplicant(ctx.cipher, r);
  const files: Record<string, Uint8Array> = {};
  const json = (v: unknown) => strToU8(JSON.stringify(v, null, 2));
  files['application.json'] = json({
    trackingCode: r.trackingCode, agency: agency?.name, channel: CHANNELS[r.channel], submittedOn: r.submittedOn, receivedOn: r.receivedOn,
    applicant, title: r.title, documentNumber: r.documentNumber, description: r.description, format: r.format, delivery: r.delivery,
    state: STATES[r.state], outcome: r.outcome ? { code: r.outcome, label: OUTCOMES[r.outcome].label, bases: r.outcomeBases } : null,
    decisionFacts: r.decisionFacts, withheld: r.withheldParts, correction: { requestedOn: r.correctionRequestedOn, dueOn: r.correctionDueOn, notes: r.correctionNotes, correctedOn: r.correctedOn },
    extension: r.extensionWorkdays ? { workdays: r.extensionWorkdays, approver: r.extensionApprover, on: r.extendedOn } : null,
    fee: r.feeNoticeOn ? { mode: r.feeMode, units: r.feeUnits, fen: r.feeFen, noticeOn: r.feeNoticeOn, dueOn: r.feeDueOn, paidOn: r.feePaidOn } : null,
    dueOn: r.dueOn, repliedOn: r.repliedOn, concludedOn: r.concludedOn, closedOn: r.closedOn,
  });
  files['events.json'] = json(events.map((e) => ({ type: e.type, at: e.at, on: e.on, actor: e.actorLabel, detail: e.detail })));
  files['consultations.json'] = json(consultations);
  for (const [i, l] of letters.entries()) {
    const letter = JSON.parse(l.content) as Letter;
    const base = `letters/${String(i + 1).padStart(2, '0')}-${l.kind}`;
    files[`${base}.docx`] = new Uint8Array(await letterDocx(letter));
    files[`${base}.html`] = strToU8(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${letter.title}</title><body>${letterHtml(letter)}</body></html>`);
  }
  for (const [i, a] of attachments.entries()) {
    files[`attachments/${String(i + 1).padStart(2, '0')}-${a.original_name}`] = new Uint8Array(await ctx.files.get(a.storage_key));
  }
  const manifest = Object.entries(files).map(([path, bytes]) => ({ path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }));
  files['manifest.json'] = json({ trackingCode: r.trackingCode, agency: agency?.code, exportedAt: ctx.clock.now().toISOString(), exportedBy: actor.label, files: manifest });
  const bytes = Buffer.from(zipSync(files, { level: 6 }));
  await ctx.db.transaction().execute((trx) => appendAudit(trx, ctx.dialect, actor, {
    action: 'request.export', objectType: 'info_request', objectId: r.id, agencyId: r.agencyId, summary: { trackingCode: r.trackingCode, files: manifest.length },
  }, ctx.clock.now()));
  return { filename: `dossier-${r.trackingCode}.zip`, bytes };
}

/** The retention period of an agency in years (settings key `requests.retention_years`). */
export async function retentionYears(ctx: Ctx, agencyId: string): Promise<number> {
  const row = await ctx.db.selectFrom('settings').select('value').where('agency_id', '=', agencyId).where('key', '=', RETENTION_SETTING).executeTakeFirst();
  const n = row ? Number(JSON.parse(row.value)) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : DEFAULT_RETENTION_YEARS;
}

/**
 * Anonymises the applicants of cases concluded longer ago than their agency's retention period: name replaced,
 * identity and contact deleted, the fee-counting key unlinked, attachments (identity copies) deleted. The case,
 * its outcome and its letters' numbers stay for the statistics. Returns how many cases were anonymised.
 */
export async function anonymiseExpiredApplicants(ctx: Ctx): Promise<number> {
  const today = todayOn(ctx.clock);
  const agencies = await ctx.db.selectFrom('info_requests').select('agency_id').distinct().where('anonymised_at', 'is', null).execute();
  let done = 0;
  for (const { agency_id } of agencies) {
    const years = await retentionYears(ctx, agency_id);
    const cutoff = `${yearOf(today) - years}${today.slice(4)}`;
    const due = await ctx.db.selectFrom('info_requests').select(['request_id']).where('agency_id', '=', agency_id)
      .where('anonymised_at', 'is', null).where('concluded_on', 'is not', null).where('concluded_on', '<', cutoff).execute();
    for (const { request_id } of due) {
      const files = await selectAttachments(ctx.db, request_id);
      const at = ctx.clock.now().toISOString();
      await ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('info_requests').set({
          applicant_name: '（已匿名）', applicant_key: newToken(16), id_number_enc: null, contact_name: null, phone_enc: null, phone_bidx: null,
          email_enc: null, email_bidx: null, address_enc: null, postcode: '', anonymised_at: at, updated_at: at,
        }).where('request_id', '=', request_id).execute();
        await trx.deleteFrom('request_attachments').where('request_id', '=', request_id).execute();
        if (files.length) await trx.deleteFrom('stored_files').where('file_id', 'in', files.map((f) => f.file_id)).execute();
        await recordEvent(ctx, trx, SYSTEM_ACTOR, { requestId: request_id, agencyId: agency_id, type: 'anonymised', at, on: today, detail: { retentionYears: years, attachmentsDeleted: files.length } });
      });
      for (const f of files) await ctx.files.delete(f.storage_key);
      done++;
    }
  }
  return done;
}
