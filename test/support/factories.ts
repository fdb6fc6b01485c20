/** Factories for test records: small, explicit, with overridable fields. */
import type { Agency } from '../../src/agencies/agency.ts';
import { insertAgency } from '../../src/agencies/agency-store.ts';
import type { Ctx } from '../../src/platform/context.ts';
import { newId } from '../../src/platform/ids.ts';

let n = 0;

/** Inserts an agency and returns it. */
export async function makeAgency(ctx: Ctx, over: Partial<Agency> = {}): Promise<Agency> {
  n++;
  const a = {
    id: newId(),
    code: `agency${n}`,
    parentId: null,
    kind: 'department' as const,
    name: `测试厅${n}`,
    shortName: `测试${n}`,
    nameEn: `Test Department ${n}`,
    creditCode: '',
    orgCode: `TEST${String(n).padStart(4, '0')}`,
    address: '兰州市城关区测试路1号',
    postcode: '730000',
    officeHours: '工作日 8:30-12:00，14:30-18:00',
    phone: '0931-8888888',
    fax: '',
    email: 'office@example.gov.cn',
    website: '',
    functions: '<p>负责测试工作。</p>',
    isDemo: false,
    ...over,
  };
  await insertAgency(ctx.db, a, ctx.clock.now().toISOString());
  return { ...a, version: 1, updatedAt: ctx.clock.now().toISOString() };
}
