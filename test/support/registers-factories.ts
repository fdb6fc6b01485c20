/** Factories for register and mailbox tests: a principal with roles, and power-list items. */
import type { Principal, Role } from '../../src/accounts/principal.ts';
import type { PowerItemFields } from '../../src/registers/power.ts';

let n = 0;

/** A principal holding `roles` at an agency (services check permissions; no session needed). */
export function staffAt(agencyId: string, ...roles: Role[]): Principal {
  n++;
  return { userId: `U${n}`, username: `staff${n}`, displayName: `工作人员${n}`, grants: roles.map((role) => ({ agencyId, role })), supervisedAgencyIds: [] };
}

/** A power-list item with every field filled (so round trips can prove each survives). */
export function powerItem(over: Partial<PowerItemFields> = {}): PowerItemFields {
  n++;
  return {
    code: `KJ-XK-${String(n).padStart(3, '0')}`,
    kind: 'licensing',
    name: `实验动物使用许可证核发${n}`,
    implementingBody: '甘肃省科学技术厅',
    scope: '对从事实验动物使用的单位进行许可',
    legalBasis: [
      { law: '《实验动物管理条例》', article: '第三条' },
      { law: '《实验动物许可证管理办法（试行）》', article: '第二条、第五条' },
    ],
    steps: [
      { name: '受理', description: '申请人提交材料，窗口5日内作出是否受理的决定', timeLimit: '5个工作日' },
      { name: '审查', description: '组织专家现场评审', timeLimit: '15个工作日' },
      { name: '决定', description: '作出准予或不予许可的书面决定', timeLimit: '5个工作日' },
    ],
    supervisionChannel: '省科技厅监督评估与科研诚信处',
    supervisionPhone: '0931-8826123',
    accountability: '因不履行或不正确履行行政职责，有下列情形的，行政机关及相关工作人员应承担相应责任：……',
    effectiveOn: '2020-01-01',
    ...over,
  };
}
