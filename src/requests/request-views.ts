/**
 * What each audience sees of a case. The public sees status, dates and the public reply, never personal data
 * (design.md §5.4); staff see the applicant masked (`110105********002X`, `138****8000`) unless the assigned handler
 * unmasks with a reason (security.md "applicant data").
 */
import type { FieldCipher } from '../platform/crypto/field-cipher.ts';
import { maskAddress, maskEmail, maskIdNumber, maskPhone } from '../platform/privacy/pii-scan.ts';
import { OUTCOMES, citeBases } from './outcomes.ts';
import { EVENT_TYPES, publicStatusOf, type PublicStatus } from './request.ts';
import type { InfoRequest, RequestEvent } from './request-store.ts';

/** The case types the web layer uses (it never imports the store). */
export type { Consultation, InfoRequest, RequestEvent, WithheldPart } from './request-store.ts';

/** The applicant as a staff view shows them. */
export interface ApplicantView {
  kind: string;
  name: string;
  idType: string | null;
  idNumber: string | null;
  creditCode: string | null;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string;
  masked: boolean;
}

function open(cipher: FieldCipher, sealed: string | null): string | null {
  return sealed ? cipher.decrypt(sealed) : null;
}

/** The applicant with identity and contact masked (every staff view by default). */
export function maskedApplicant(cipher: FieldCipher, r: InfoRequest): ApplicantView {
  const id = open(cipher, r.idNumberSealed);
  const phone = open(cipher, r.phoneSealed);
  const email = open(cipher, r.emailSealed);
  const address = open(cipher, r.addressSealed);
  return {
    kind: r.applicantKind, name: r.applicantName, idType: r.idType, idNumber: id && maskIdNumber(id), creditCode: r.creditCode,
    contactName: r.contactName, phone: phone && maskPhone(phone), email: email && maskEmail(email),
    address: address && maskAddress(address), postcode: r.postcode, masked: true,
  };
}

/** The applicant in full (only after an audited unmask, for letters and mail). */
export function fullApplicant(cipher: FieldCipher, r: InfoRequest): ApplicantView {
  return {
    kind: r.applicantKind, name: r.applicantName, idType: r.idType, idNumber: open(cipher, r.idNumberSealed),
    creditCode: r.creditCode, contactName: r.contactName, phone: open(cipher, r.phoneSealed), email: open(cipher, r.emailSealed),
    address: open(cipher, r.addressSealed), postcode: r.postcode, masked: false,
  };
}

/** The public view of a case: no names, no identity, no contact. */
export interface PublicRequestView {
  trackingCode: string;
  agencyCode: string;
  agencyName: string;
  status: PublicStatus;
  submittedOn: string;
  receivedOn: string;
  dueOn: string | null;
  correctionDueOn: string | null;
  extended: boolean;
  repliedOn: string | null;
  closedOn: string | null;
  reply: { outcome: string; outcomeLabel: string; outcomeLabelEn: string; legalBasis: string; text: string } | null;
  events: { type: string; on: string; label: string; labelEn: string }[];
}

/** Builds the public view (the tracking page and GET /api/v1/requests/{trackingCode}). */
export function publicView(r: InfoRequest, agency: { code: string; name: string }, events: RequestEvent[]): PublicRequestView {
  const status = publicStatusOf(r.state, Boolean(r.extensionWorkdays));
  const concluded = r.outcome !== null && ['replied', 'closed', 'withdrawn', 'abandoned'].includes(r.state);
  return {
    trackingCode: r.trackingCode,
    agencyCode: agency.code,
    agencyName: agency.name,
    status,
    submittedOn: r.submittedOn,
    receivedOn: r.receivedOn,
    dueOn: ['replied', 'closed', 'withdrawn', 'abandoned', 'correction_requested'].includes(r.state) ? null : r.dueOn,
    correctionDueOn: r.state === 'correction_requested' ? r.correctionDueOn : null,
    extended: Boolean(r.extensionWorkdays),
    repliedOn: r.repliedOn,
    closedOn: r.closedOn,
    reply: concluded && r.outcome
      ? { outcome: r.outcome, outcomeLabel: OUTCOMES[r.outcome].label, outcomeLabelEn: OUTCOMES[r.outcome].labelEn,
          legalBasis: citeBases(r.outcomeBases), text: r.replyPublic }
      : null,
    events: events
      .filter((e) => EVENT_TYPES[e.type]?.public)
      .map((e) => ({ type: e.type, on: e.on, label: EVENT_TYPES[e.type].zh, labelEn: EVENT_TYPES[e.type].en })),
  };
}
