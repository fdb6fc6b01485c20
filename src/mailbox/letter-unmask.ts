/**
 * Showing a letter writer's name and contact details in full (security.md "applicant data": masked everywhere by
 * default; unmasking is a permission, needs a reason, and is audited; never in logs, URLs or search). The same rule
 * as for a disclosure applicant (requests/case-service.ts `unmaskApplicant`): only a case handler (承办人) of the
 * agency may unmask; editors who draft replies see the masked form. The audit entry records who, which letter,
 * which fields and the reason — never the details themselves; a reason that itself carries personal data is refused
 * so the append-only log stays free of it.
 */
import { z } from 'zod';
import { actorOf, assertPermission, type Principal } from '../accounts/principal.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { isSafeKey, text } from '../registers/power.ts';
import { PII_KINDS, scanForPersonalData } from '../platform/privacy/pii-scan.ts';
import { parseInput } from '../platform/validation.ts';
import { selectLetter } from './letter-store.ts';

/** The writer's details in full, as shown once on the page that asked for them. */
export interface WriterContact {
  name: string;
  phone: string;
  email: string;
}

const UnmaskInput = z.object({
  reason: text(500, '查看理由').pipe(z.string().min(4, { error: '请写明查看完整联系方式的理由（至少4个字）' })),
});

/**
 * A case handler of the agency sees the writer's name, phone and email in full after giving a reason; the view is
 * audited in the same transaction that reads the letter. Editors and auditors are refused (Forbidden).
 */
export async function unmaskLetterWriter(
  ctx: Ctx, principal: Principal | undefined, agencyId: string, id: string, raw: unknown, ip?: string,
): Promise<WriterContact> {
  const p = assertPermission(principal, 'mailbox.unmask', agencyId);
  const { reason } = parseInput(UnmaskInput, raw);
  if (!isSafeKey(id)) throw new NotFound('未找到该来信');
  const open = (s: string) => (s ? ctx.cipher.decrypt(s) : '');
  return ctx.db.transaction().execute(async (trx) => {
    const l = await selectLetter(trx, agencyId, id);
    if (!l) throw new NotFound('未找到该来信');
    const contact: WriterContact = { name: open(l.writerName), phone: open(l.writerPhone), email: open(l.writerEmail) };
    const findings = scanForPersonalData(reason);
    const own = Object.values(contact).filter((s) => s.length >= 2);
    if (findings.length || own.some((s) => reason.includes(s))) {
      const what = findings.length ? findings.map((f) => PII_KINDS[f.kind]).join('、') : '来信人的姓名或联系方式';
      throw new InvalidInput('查看理由含有个人信息', { reason: `理由中请不要写入个人信息（${what}），理由会记入审计日志` });
    }
    await appendAudit(trx, ctx.dialect, actorOf(p, ip), {
      action: 'mailbox.unmask', objectType: 'mailbox_letter', objectId: l.id, agencyId,
      summary: { reason, fields: Object.entries(contact).filter(([, v]) => v).map(([k]) => k) },
    }, ctx.clock.now());
    return contact;
  });
}
