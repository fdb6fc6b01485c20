/** Factories for disclosure-on-request tests: applications, staff principals, and cases driven to a state. */
import type { Principal, Role } from '../../src/accounts/principal.ts';
import type { Actor } from '../../src/audit/audit.ts';
import type { Ctx } from '../../src/platform/context.ts';
import { newId } from '../../src/platform/ids.ts';
import { submitRequest } from '../../src/requests/request-service.ts';
import { selectRequestByTrackingCode, type InfoRequest } from '../../src/requests/request-store.ts';

/** A valid 18-digit resident ID number (check digit 8). */
export const VALID_ID = '620102199803151238';
/** A valid 统一社会信用代码. */
export const VALID_CREDIT_CODE = '91620100MA71ABCD1U';
/** The test applicant's mobile number. */
export const PHONE = '13800138000';

/** A valid application body of design.md §5.4 for an agency code. */
export function application(agency: string, over: Record<string, unknown> = {}, applicantOver: Record<string, unknown> = {}) {
  return {
    agency,
    applicant: { kind: 'natural_person', name: '张三', idType: 'resident_id', idNumber: VALID_ID, phone: PHONE, email: 'zhangsan@example.com', address: '甘肃省兰州市城关区天水南路222号', ...applicantOver },
    title: '2019年度省级科技计划项目立项清单',
    description: '申请公开2019年度省级科技计划项目立项清单（含项目名称、承担单位、资助金额）。',
    documentNumber: '甘科计〔2019〕5号',
    format: 'electronic',
    delivery: 'email',
    ...over,
  };
}

/** An organisation applicant block. */
export function organisation(kind = 'commercial') {
  return { kind, name: '兰州某某科技有限公司', creditCode: VALID_CREDIT_CODE, contactName: '李四', phone: '0931-8123456' };
}

/** A principal holding roles at an agency (no session; services take principals directly). */
export function principal(agencyId: string, roles: Role[], name = 'handler'): Principal {
  return { userId: `${name}-${newId()}`, username: name, displayName: name, grants: roles.map((role) => ({ agencyId, role })), supervisedAgencyIds: [] };
}

/** The audit actor of a principal. */
export function actor(p: Principal): Actor {
  return { userId: p.userId, label: p.username };
}

/** Submits an application online and returns the case. */
export async function submitCase(ctx: Ctx, agencyCode: string, over: Record<string, unknown> = {}, applicantOver: Record<string, unknown> = {}): Promise<InfoRequest> {
  const r = await submitRequest(ctx, application(agencyCode, over, applicantOver));
  return (await selectRequestByTrackingCode(ctx.db, r.body.trackingCode))!;
}
