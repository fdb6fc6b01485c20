import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { registerMonitoringSource } from '../../src/monitoring/monitoring-sources.ts';
import { checkBeforePublish, runSiteCheck } from '../../src/monitoring/monitoring-service.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';

/** A mutable loopback portal: the test breaks and fixes pages between runs. */
function startPortal(state: { broken: boolean }, code: string) {
  const server = createServer((req, res) => {
    const page = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>p</title><body>${body}</body>`);
    };
    const url = req.url ?? '/';
    if (url === `/agencies/${code}`) {
      return page(`<a href="/agencies/${code}/news">新闻</a> <a href="${state.broken ? '/gone' : '/agencies/' + code + '/news'}">政策文件</a>
        <a href="${externalBase}${state.broken ? '/missing' : '/ok'}">外部链接</a>`);
    }
    if (url === `/agencies/${code}/news`) return page(state.broken ? '<p>联系人身份证 11010519491231002X</p>' : '<p>联系人身份证 110105********002X</p>');
    res.writeHead(404);
    res.end();
  });
  return server;
}
let externalBase = '';

describe('website health checks end to end (issue: website health, "Done when")', () => {
  let t: TestCtx;
  let portal: Server;
  let external: Server;
  let base = '';
  const state = { broken: true, columnsFixed: false };
  before(async () => {
    t = await createTestCtx({ now: '2026-11-27T02:00:00Z' });
    await makeAgency(t, { code: 'hc' });
    external = createServer((req, res) => {
      res.writeHead(req.url === '/ok' ? 200 : 404, { 'content-type': 'text/plain' });
      res.end('x');
    });
    await new Promise<void>((r) => external.listen(0, '127.0.0.1', () => r()));
    externalBase = `http://127.0.0.1:${(external.address() as AddressInfo).port}`;
    portal = startPortal(state, 'hc');
    await new Promise<void>((r) => portal.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
    registerMonitoringSource('test-columns', {
      async columns(_ctx, _agencyId, b) {
        return [
          { code: 'news', name: '工作动态', url: `${b}/agencies/hc/news`, period: 'news', itemCount: 10, latestOn: '2026-11-25' },
          { code: 'notices', name: '通知公告', url: `${b}/agencies/hc/news`, period: 'notice', itemCount: state.columnsFixed ? 3 : 0, latestOn: state.columnsFixed ? '2026-11-20' : null },
          { code: 'policy', name: '政策文件', url: `${b}/agencies/hc/news`, period: 'notice', itemCount: 4, latestOn: state.columnsFixed ? '2026-11-01' : '2025-01-01' },
        ];
      },
    });
  });
  after(async () => {
    portal.closeAllConnections();
    portal.close();
    external.close();
    await t.cleanup();
  });

  it('finds exactly the planted problems with their indicators, then clears them once fixed', async () => {
    const first = await runSiteCheck(t, 'hc', { baseUrl: base, trigger: 'manual', crawl: { retries: 0 } });
    const open = await t.db.selectFrom('site_findings').selectAll().where('status', '=', 'open').orderBy('kind').execute();
    assert.deepEqual(open.map((f) => [f.kind, f.indicator]), [
      ['column_empty', 'columns_not_updated'],
      ['column_stale', 'columns_not_updated'],
      ['dead_link_external', 'usability'],
      ['dead_link_internal', 'usability'],
      ['pii_exposed', 'security'],
    ]);
    const internal = open.find((f) => f.kind === 'dead_link_internal')!;
    assert.equal(internal.place, '政策文件');
    assert.equal(internal.page, `${base}/agencies/hc`);
    assert.equal(first.standing.security, 'fail');
    assert.equal(first.newFindings, 5);
    assert.ok(open.every((f) => f.due_on && f.first_seen_at === f.last_seen_at));

    state.broken = false;
    state.columnsFixed = true;
    t.clock.advance(86_400_000);
    const second = await runSiteCheck(t, 'hc', { baseUrl: base, trigger: 'manual', crawl: { retries: 0 } });
    assert.equal(second.stillOpen, 0);
    assert.equal(second.resolved, 5);
    assert.equal(second.standing.security, 'pass');
    const runs = await t.db.selectFrom('monitoring_runs').select(['status', 'open_findings']).orderBy('started_at').execute();
    assert.deepEqual(runs.map((r) => [r.status, r.open_findings]), [['done', 5], ['done', 0]]);
  });

  it('the pre-publication gate warns about dead links and unmasked personal data', async () => {
    const w = await checkBeforePublish(`<p>联系电话 13812345678</p><a href="${externalBase}/missing">附件</a><a href="${externalBase}/ok">好</a>`);
    assert.deepEqual(w.map((x) => x.kind).sort(), ['dead_link', 'personal_data']);
    assert.ok(!w.some((x) => x.message.includes('13812345678')), 'warnings show the number masked');
  });
});
