/**
 * The sources the checks read from the records: the catalogue's columns (latest date and count per column), the
 * links inside published bodies, the text of published attachments (for the personal-data scan), and mailbox letters
 * past their due date. Registered once at import.
 */
import { extractPage } from './html-extract.ts';
import { registerMonitoringSource, type ContentLink } from './monitoring-sources.ts';
import type { ColumnState } from './monitoring.ts';
import { loadCategoryTree } from '../catalogue/catalogue-settings.ts';

// How often each kind of column must be updated (domain.md §5.2): news-type columns 2 weeks; notices and policy
// documents 6 months; the rest must only not be empty.
const PERIODS: Record<string, ColumnState['period']> = {
  zwdt: 'news', gzdt: 'news', tzgg: 'notice', fgwj: 'notice', gfxwj: 'notice', zcjd: 'notice',
};

registerMonitoringSource('catalogue', {
  async columns(ctx, agencyId, base) {
    const agency = await ctx.db.selectFrom('agencies').select('code').where('agency_id', '=', agencyId).executeTakeFirstOrThrow();
    const tree = await loadCategoryTree(ctx.db, agencyId);
    const rows = await ctx.db.selectFrom('catalogue_published')
      .select((eb) => ['category_code', eb.fn.countAll<number>().as('n'), eb.fn.max('published_on').as('latest')])
      .where('agency_id', '=', agencyId).groupBy('category_code').execute();
    const byCode = new Map(rows.map((r) => [r.category_code, { n: Number(r.n), latest: r.latest as string | null }]));
    const out: ColumnState[] = [];
    for (const c of [...tree.children(null, 'document'), ...tree.children(null, 'news')]) {
      let n = 0;
      let latest: string | null = null;
      for (const code of tree.withDescendants(c.code)) {
        const s = byCode.get(code);
        if (!s) continue;
        n += s.n;
        if (s.latest && (!latest || s.latest > latest)) latest = s.latest;
      }
      const url = c.kind === 'news'
        ? `${base}/agencies/${agency.code}/columns/${c.code}`
        : `${base}/agencies/${agency.code}/catalogue?category=${c.code}`;
      out.push({ code: c.code, name: c.zh, url, period: PERIODS[c.code] ?? 'static', itemCount: n, latestOn: latest });
    }
    return out;
  },

  async contentLinks(ctx, agencyId, base) {
    const out: ContentLink[] = [];
    let after = '';
    for (;;) {
      const rows = await ctx.db.selectFrom('catalogue_published').select(['item_id', 'public_id', 'body_html'])
        .where('agency_id', '=', agencyId).where('item_id', '>', after).where('body_html', 'like', '%href=%')
        .orderBy('item_id').limit(500).execute();
      for (const r of rows) {
        for (const l of extractPage(r.body_html).links) {
          if (l.tag === 'a' || l.tag === 'img') out.push({ url: new URL(l.href, base).href, page: `${base}/documents/${r.public_id}`, text: l.text });
        }
      }
      if (rows.length < 500) return out;
      after = rows[rows.length - 1].item_id;
    }
  },

  async publishedTexts(ctx, agencyId, base) {
    const rows = await ctx.db.selectFrom('catalogue_attachments as a')
      .innerJoin('catalogue_published as p', 'p.item_id', 'a.item_id')
      .select(['p.public_id', 'a.name', 'a.extracted_text'])
      .where('p.agency_id', '=', agencyId).where('a.extracted_text', '!=', '').execute();
    return rows.map((r) => ({ page: `${base}/documents/${r.public_id}（附件：${r.name}）`, text: r.extracted_text }));
  },
});

registerMonitoringSource('mailbox', {
  async overdueLetters(ctx, agencyId, today) {
    const rows = await ctx.db.selectFrom('mailbox_letters').innerJoin('agencies', 'agencies.agency_id', 'mailbox_letters.agency_id')
      .select(['letter_id', 'received_on', 'due_on', 'agencies.code'])
      .where('mailbox_letters.agency_id', '=', agencyId).where('status', 'in', ['received', 'assigned']).where('due_on', '<', today).execute();
    return rows.map((r) => ({ id: r.letter_id, receivedOn: r.received_on, dueOn: r.due_on, url: `/admin/mailbox/${r.code}/letters/${r.letter_id}` }));
  },
});
