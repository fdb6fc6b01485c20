/** Factories for catalogue tests: staff principals by role and items driven through the workflow. */
import type { Principal, Role } from '../../src/accounts/principal.ts';
import type { CatalogueItem } from '../../src/catalogue/catalogue.ts';
import { createItem } from '../../src/catalogue/item-service.ts';
import { approveItem, publishItem, submitItem } from '../../src/catalogue/workflow-service.ts';
import type { Ctx } from '../../src/platform/context.ts';
import { newId } from '../../src/platform/ids.ts';

/** A principal holding `roles` at one agency (services are tested without HTTP sessions). */
export function staff(agencyId: string, ...roles: Role[]): Principal {
  const id = newId();
  return { userId: id, username: `u${id.slice(-6).toLowerCase()}`, displayName: '测试用户', grants: roles.map((role) => ({ agencyId, role })), supervisedAgencyIds: [] };
}

/** Default draft fields, overridable. */
export function itemFields(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    categoryCode: 'qtwj', title: '关于开展2020年度科技统计工作的通知', documentNumber: '甘科政〔2020〕5号',
    formedOn: '2020-09-01', bodyHtml: '<p>各有关单位：现将有关事项通知如下。</p>', disclosure: 'proactive', ...over,
  };
}

/** Creates a draft as `editor` and takes it to published with `reviewer`. */
export async function publishedItem(ctx: Ctx, editor: Principal, reviewer: Principal, agencyId: string, over: Record<string, unknown> = {}): Promise<CatalogueItem> {
  const d = await createItem(ctx, editor, agencyId, itemFields(over));
  await submitItem(ctx, editor, d.id);
  await approveItem(ctx, reviewer, d.id, { confidentialityChecked: true });
  return publishItem(ctx, reviewer, d.id);
}

/** A one-page PDF with a text layer (ASCII; built by hand so the test needs no fixture file). */
export function tinyPdf(text: string): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 12 Tf 20 100 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 12 Tf 20 100 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
