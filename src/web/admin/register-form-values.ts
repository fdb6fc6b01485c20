/**
 * The values the registers' staff edit forms show for a stored record: one function per form, so the pages and the
 * test that opens every demo record in its form (src/demo/demo-forms.test.ts) read the same mapping. Saving the
 * values unchanged must pass the form's validator.
 */
import type {
  DisclosureCase, EnforcementDecision, EnforcementSubject, FeeItem, LicensingDecision, ProcurementProject,
} from '../../registers/registers.ts';
import { fenToYuan } from '../../registers/registers.ts';

/** Form values of a law-enforcement subject. */
export function subjectFormValues(s: EnforcementSubject): Record<string, string> {
  return {
    id: s.id, unitName: s.unitName, subjectKind: s.subjectKind, legalBasis: s.legalBasis, powers: s.powers, contactPhone: s.contactPhone,
    supervisionPhone: s.supervisionPhone, address: s.address, sortOrder: String(s.sortOrder),
  };
}

/** Form values of a licensing decision (with its version for optimistic locking when it has one). */
export function licensingFormValues(d: LicensingDecision & { version?: number }): Record<string, string> {
  return {
    id: d.id, licenceType: d.licenceType, action: d.action, holderKind: d.holderKind, holderName: d.holderName, licenceNumber: d.licenceNumber,
    caseCount: String(d.caseCount), decidedOn: d.decidedOn, validUntil: d.validUntil ?? '', note: d.note, published: d.published ? 'on' : '',
    ...(d.version ? { version: String(d.version) } : {}),
  };
}

/**
 * Form values of a penalty or coercion decision. A natural person's name is not put into the form (it is stored
 * encrypted and shown masked): the field stays empty and an empty name on save keeps the stored one.
 */
export function enforcementFormValues(d: EnforcementDecision & { version?: number }): Record<string, string> {
  return {
    id: d.id, kind: d.kind, documentNumber: d.documentNumber, partyKind: d.partyKind, partyName: d.partyKind === 'natural_person' ? '' : d.partyName,
    facts: d.facts, legalBasis: d.legalBasis, measure: d.measure, amountYuan: d.amountFen ? fenToYuan(d.amountFen) : '', decidedOn: d.decidedOn,
    published: d.published ? 'on' : '', ...(d.version ? { version: String(d.version) } : {}),
  };
}

/** Form values of a fee item. */
export function feeItemFormValues(f: FeeItem & { version?: number }): Record<string, string> {
  return {
    id: f.id, name: f.name, legalBasis: f.legalBasis, standard: f.standard, inForceFrom: f.inForceFrom, inForceUntil: f.inForceUntil ?? '',
    ...(f.version ? { version: String(f.version) } : {}),
  };
}

/** Form values of a reconsideration or litigation case. */
export function caseFormValues(c: DisclosureCase): Record<string, string> {
  return {
    id: c.id, kind: c.kind, requestRef: c.requestRef, caseNumber: c.caseNumber, body: c.body, filedOn: c.filedOn, result: c.result,
    concludedOn: c.concludedOn ?? '', summary: c.summary,
  };
}

/** Form values of a procurement project. */
export function procurementFormValues(p: ProcurementProject): Record<string, string> {
  return { name: p.name, method: p.method, amountYuan: fenToYuan(p.amountFen), contractedOn: p.contractedOn };
}
