/**
 * Every demo record opens in its staff edit form and saves unchanged: the values the form shows pass the form's own
 * validator (a demo that fails validation the moment an administrator presses 保存 is broken demo data).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { z } from 'zod';
import { createTestCtx, type TestCtx } from '../../test/support/harness.ts';
import { staffAt } from '../../test/support/registers-factories.ts';
import { editAgencyInfo, getAgencyProfile } from '../agencies/agency-service.ts';
import { newToken } from '../platform/ids.ts';
import { PowerItemInput } from '../registers/power.ts';
import { selectVersionsUpTo } from '../registers/power-store.ts';
import {
  DisclosureCaseInput, EnforcementDecisionInput, EnforcementSubjectInput, FeeCollectionInput, FeeItemInput, LicensingDecisionInput, ProcurementInput,
  fenToYuan,
} from '../registers/registers.ts';
import {
  selectCases, selectEnforcementDecisions, selectFeeItems, selectLicensingDecisions, selectProcurement, selectSubjects,
} from '../registers/registers-store.ts';
import { fromFormValues, toFormValues } from '../web/admin/power-admin.tsx';
import {
  caseFormValues, enforcementFormValues, feeItemFormValues, licensingFormValues, procurementFormValues, subjectFormValues,
} from '../web/admin/register-form-values.ts';
import { SolicitationInput } from '../mailbox/solicitation.ts';
import { selectSolicitations } from '../mailbox/solicitation-store.ts';
import { loadAgencyDemo, type DemoAgencies } from './demo-agencies.ts';
import { loadMailboxDemo } from './demo-mailbox.ts';
import { loadRegistersDemo } from './demo-registers.ts';

/** Asserts the form values pass the schema, naming the record and the failing fields. */
function assertSaves(schema: z.ZodType, values: unknown, what: string): void {
  const r = schema.safeParse(values);
  assert.ok(r.success, `${what}: ${r.success ? '' : r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
}

describe('demo records pass the validators of their edit forms', () => {
  let ctx: TestCtx;
  let agencies: DemoAgencies;
  let ids: string[];
  before(async () => {
    ctx = await createTestCtx({ now: '2021-01-20T02:00:00Z' });
    agencies = await loadAgencyDemo(ctx);
    await loadRegistersDemo(ctx, agencies);
    await loadMailboxDemo(ctx, agencies);
    ids = [agencies.gskjt.id, agencies.busy.id];
  });
  after(() => ctx.cleanup());

  it('agencies with their leaders and units (saved unchanged through the agency edit service)', async () => {
    for (const code of ['gansu', agencies.gskjt.code, agencies.busy.code]) {
      const a = await getAgencyProfile(ctx, code);
      const { name, shortName, nameEn, address, postcode, officeHours, phone, fax, email, website, functions } = a;
      const strip = <T extends { id: string }>(rows: T[]) => rows.map(({ id: _id, ...rest }) => rest);
      await editAgencyInfo(ctx, staffAt(a.id, 'admin'), code, {
        name, shortName, nameEn, address, postcode, officeHours, phone, fax, email, website, functions, version: String(a.version),
        leaders: strip(a.leaders), units: strip(a.units),
      });
      assert.equal((await getAgencyProfile(ctx, code)).version, a.version + 1, code);
    }
  });

  it('power-list items (every version)', async () => {
    let n = 0;
    for (const id of ids) {
      for (const v of await selectVersionsUpTo(ctx.db, id, '2099-12-31')) {
        assertSaves(PowerItemInput, fromFormValues(toFormValues(v)), `power ${v.code} v${v.versionNo}`);
        n++;
      }
    }
    assert.ok(n >= 52);
  });

  it('law-enforcement subjects (phones without a （演示） suffix)', async () => {
    let n = 0;
    for (const id of ids) {
      for (const s of await selectSubjects(ctx.db, id)) {
        assertSaves(EnforcementSubjectInput, subjectFormValues(s), `subject ${s.unitName}`);
        assert.match(`${s.contactPhone}${s.supervisionPhone}`, /^[0-9\-]+$/);
        n++;
      }
    }
    assert.equal(n, 3);
  });

  it('licensing decisions and batches', async () => {
    let n = 0;
    for (const id of ids) {
      for (const d of (await selectLicensingDecisions(ctx.db, id)).rows) {
        assertSaves(LicensingDecisionInput, licensingFormValues(d), `licensing ${d.licenceType} ${d.decidedOn}`);
        n++;
      }
    }
    assert.ok(n > 20);
  });

  it('penalty and coercion decisions (a natural person’s name is kept when the field is left empty)', async () => {
    let n = 0;
    for (const id of ids) {
      for (const d of (await selectEnforcementDecisions(ctx.db, id)).rows) {
        const v = enforcementFormValues(d);
        if (d.partyKind === 'natural_person') {
          assert.equal(v.partyName, '', 'the form never shows a natural person’s name');
          v.partyName = ctx.cipher.decrypt(d.partyName); // what the edit service substitutes for the empty field
        }
        assertSaves(EnforcementDecisionInput, v, `decision ${d.documentNumber}`);
        n++;
      }
    }
    assert.ok(n > 20);
  });

  it('fee items and their yearly amounts', async () => {
    let n = 0;
    for (const id of ids) {
      for (const f of await selectFeeItems(ctx.db, id)) {
        assertSaves(FeeItemInput, feeItemFormValues(f), `fee ${f.name}`);
        for (const c of f.collections) assertSaves(FeeCollectionInput, { year: String(c.year), amountYuan: fenToYuan(c.amountFen) }, `fee ${f.name} ${c.year}`);
        n++;
      }
    }
    assert.equal(n, 2);
  });

  it('procurement projects', async () => {
    const rows = await selectProcurement(ctx.db, agencies.gskjt.id, '2000-01-01', '2099-12-31');
    for (const p of rows) assertSaves(ProcurementInput, procurementFormValues(p), `procurement ${p.name}`);
    assert.equal(rows.length, 5);
  });

  it('solicitations (the values the solicitation form shows)', async () => {
    let n = 0;
    for (const id of ids) {
      for (const s of await selectSolicitations(ctx.db, id, false)) {
        assertSaves(SolicitationInput, { title: s.title, body: s.body, opensOn: s.opensOn, closesOn: s.closesOn, published: s.published ? 'on' : '' }, `solicitation ${s.title}`);
        n++;
      }
    }
    assert.ok(n >= 1);
  });

  it('reconsideration and litigation cases (tracking codes fit the request field)', async () => {
    const rows = await selectCases(ctx.db, agencies.busy.id);
    for (const c of rows) assertSaves(DisclosureCaseInput, caseFormValues(c), `case ${c.caseNumber}`);
    assert.ok(rows.length > 0);
    // With the requests demo loaded, cases carry request tracking codes: codes have the form the field accepts.
    assertSaves(DisclosureCaseInput, { ...caseFormValues(rows[0]), requestRef: newToken(10) }, 'case with a tracking code');
  });
});
