import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LinkCheck } from './crawler.ts';
import {
  findingFromAvailability, findingsFromColumns, findingsFromCrawl, findingsFromMailbox, predictStanding, type ColumnState,
} from './monitoring.ts';

function check(over: Partial<LinkCheck>): LinkCheck {
  return {
    url: 'http://site/x', finalUrl: 'http://site/x', status: 200, redirects: [], contentType: 'text/html', html: '',
    truncated: false, error: null, ms: 1, referrers: [{ page: 'http://site/', text: '链接' }], internal: true, attempts: 1,
    ...over,
  };
}

describe('findings from a crawl (国办秘函〔2019〕19号 indicators)', () => {
  it('names each broken link with the page and link text that carry it', () => {
    const fs = findingsFromCrawl([
      check({ url: 'http://site/dead', status: 404, error: 'http_error', referrers: [{ page: 'http://site/a', text: '通知' }, { page: 'http://site/b', text: '公告' }] }),
      check({ url: 'http://other/x', internal: false, error: 'dns', status: null }),
      check({ url: 'http://site/ok' }),
      check({ url: 'http://site/private', skipped: 'robots', error: null }),
    ], []);
    assert.deepEqual(fs.map((f) => [f.kind, f.page, f.place, f.detail]), [
      ['dead_link_internal', 'http://site/a', '通知', 'HTTP 404；共出现在 2 个页面'],
      ['dead_link_external', 'http://site/', '链接', '域名无法解析'],
    ]);
    assert.ok(fs.every((f) => f.indicator === 'usability' && f.severity === 'score'));
  });

  it('flags external links that now land on an unrelated domain, not same-site redirects', () => {
    const fs = findingsFromCrawl([
      check({ url: 'http://old.gov.cn/a', internal: false, finalUrl: 'http://parked.example/', redirects: [{ from: 'http://old.gov.cn/a', to: 'http://parked.example/', status: 301 }] }),
      check({ url: 'http://gov.cn/a', internal: false, finalUrl: 'https://www.gov.cn/a', redirects: [{ from: 'http://gov.cn/a', to: 'https://www.gov.cn/a', status: 301 }] }),
    ], []);
    assert.deepEqual(fs.map((f) => f.kind), ['redirect_offsite']);
  });

  it('finds unmasked ID numbers on pages as a security (veto) finding, masked in the report', () => {
    const fs = findingsFromCrawl([], [{ url: 'http://site/p', status: 200, content: { title: '', links: [], text: '申请人 11010519491231002X 已答复' } }]);
    assert.equal(fs.length, 1);
    assert.equal(fs[0].kind, 'pii_exposed');
    assert.equal(fs[0].severity, 'veto');
    assert.ok(!fs[0].place.includes('19491231'), 'the report never repeats the number');
  });
});

describe('column and home-page freshness', () => {
  const today = '2026-11-27';
  const col = (code: string, period: ColumnState['period'], latestOn: string | null, itemCount = 5): ColumnState => ({ code, name: code, url: `http://site/${code}`, period, latestOn, itemCount });
  const rows: [string, ColumnState[], string[]][] = [
    ['news within 2 weeks is fresh (§5.2 栏目不更新: 动态、要闻类 2 周)', [col('news', 'news', '2026-11-20')], []],
    ['news older than 2 weeks is stale', [col('news', 'news', '2026-11-01'), col('n', 'notice', '2026-11-20')], ['column_stale:score']],
    ['notices within 6 months are fresh (§5.2: 通知公告、政策文件 6 个月)', [col('notice', 'notice', '2026-06-01'), col('news', 'news', '2026-11-26')], []],
    ['notices older than 6 months are stale', [col('notice', 'notice', '2026-04-01'), col('news', 'news', '2026-11-26')], ['column_stale:score']],
    ['an empty column is reported', [col('empty', 'static', null, 0), col('news', 'news', '2026-11-26')], ['column_empty:score']],
    ['five empty columns are a veto (§5.2: 空白栏目 ≥ 5)', [...['a', 'b', 'c', 'd', 'e'].map((c) => col(c, 'static', null, 0)), col('news', 'news', '2026-11-26')], Array(5).fill('column_empty:veto')],
    ['five stale columns are a veto (§5.2: ≥ 5 未更新)', [...['a', 'b', 'c', 'd', 'e'].map((c) => col(c, 'news', '2026-10-01')), col('x', 'news', '2026-11-26')], Array(5).fill('column_stale:veto')],
    ['nothing new for 2 weeks anywhere: home page veto (§5.2 首页不更新)', [col('news', 'static', '2026-11-01')], ['home_stale:veto']],
  ];
  for (const [name, cols, expected] of rows) {
    it(name, () => {
      assert.deepEqual(findingsFromColumns(cols, 'http://site/', today).map((f) => `${f.kind}:${f.severity}`), expected);
    });
  }
});

describe('interaction and availability', () => {
  it('a letter unanswered over 3 months is the 互动回应差 veto; a few days late is a score item', () => {
    const fs = findingsFromMailbox([
      { id: 'a', receivedOn: '2026-11-01', dueOn: '2026-11-20', url: 'u' },
      { id: 'b', receivedOn: '2026-07-01', dueOn: '2026-07-20', url: 'u' },
    ], '2026-11-27');
    assert.deepEqual(fs.map((f) => f.severity), ['score', 'veto']);
  });

  it('unreachable in ≥ 5% of probes is a veto (§5.2 站点无法访问)', () => {
    const probes = (failed: number) => Array.from({ length: 100 }, (_, i) => ({ ok: i >= failed }));
    assert.deepEqual(findingFromAvailability(probes(0), 'h'), []);
    assert.equal(findingFromAvailability(probes(4), 'h')[0].severity, 'score');
    assert.equal(findingFromAvailability(probes(5), 'h')[0].severity, 'veto');
  });

  it('predicts the standing per indicator', () => {
    const s = predictStanding([{ indicator: 'usability', severity: 'score' }, { indicator: 'security', severity: 'veto' }]);
    assert.equal(s.security, 'fail');
    assert.equal(s.usability, 'deduct');
    assert.equal(s.site_unreachable, 'pass');
  });
});
