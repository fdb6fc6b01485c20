/** View parts shared by the catalogue's portal pages: item tables and lists, the pager, category and validity labels. */
import type { PublishedItem } from '../../catalogue/catalogue.ts';
import { VALIDITY } from '../../catalogue/catalogue.ts';
import type { CategoryTree } from '../../catalogue/categories.ts';
import { documentUrl } from '../../catalogue/catalogue-indexing.ts';
import { translator, type Lang } from '../../platform/i18n/i18n.ts';

const VALIDITY_EN = { valid: 'In force', revised: 'Revised', repealed: 'Repealed', expired: 'Expired' } as const;

/** The validity label of a normative document. */
export function validityLabel(v: PublishedItem['validity'], lang: Lang): string {
  if (!v) return '';
  return lang === 'en' ? VALIDITY_EN[v] : VALIDITY[v];
}

/** A URL with some query parameters replaced (undefined/'' removes one). */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `${path}?${s}` : path;
}

/** Previous/next paging with the position, as links that work without JavaScript. */
export function Pager(props: { lang: Lang; page: number; pageSize: number; total: number; href: (page: number) => string }) {
  const t = translator(props.lang);
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={t('分页', 'Pages')}>
      {props.page > 1 ? <a href={props.href(props.page - 1)} rel="prev">{t('上一页', 'Previous')}</a> : null}
      <span>{t(`第 ${props.page} / ${pages} 页，共 ${props.total} 条`, `Page ${props.page} of ${pages}, ${props.total} items`)}</span>
      {props.page < pages ? <a href={props.href(props.page + 1)} rel="next">{t('下一页', 'Next')}</a> : null}
    </nav>
  );
}

/** The catalogue table: 索引号, 名称, 发文字号, 发布日期 (Art. 12: 索引、名称、生成日期). */
export function ItemTable(props: { items: PublishedItem[]; lang: Lang; tree?: CategoryTree; caption?: string }) {
  const t = translator(props.lang);
  if (!props.items.length) return <p>{t('暂无信息。', 'Nothing published yet.')}</p>;
  return (
    <div class="table-scroll" tabIndex={0}>
      <table class="catalogue-table">
        {props.caption ? <caption>{props.caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">{t('索引号', 'Index no.')}</th>
            <th scope="col">{t('名称', 'Title')}</th>
            <th scope="col">{t('发文字号', 'Doc. no.')}</th>
            {props.tree ? <th scope="col">{t('分类', 'Category')}</th> : null}
            <th scope="col">{t('发布日期', 'Published')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((i) => (
            <tr>
              <td class="nowrap">{i.indexNumber ?? ''}</td>
              <td>
                <a href={documentUrl(i.publicId)}>{i.title}</a>
                {i.validity && i.validity !== 'valid' ? <> <span class="badge warn">{validityLabel(i.validity, props.lang)}</span></> : null}
              </td>
              <td class="nowrap">{i.documentNumber ?? ''}</td>
              {props.tree ? <td>{props.tree.label(i.categoryCode, props.lang)}</td> : null}
              <td class="nowrap"><time dateTime={i.publishedOn}>{i.publishedOn}</time></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A news-style list: title and date. */
export function ItemList(props: { items: PublishedItem[]; lang: Lang }) {
  const t = translator(props.lang);
  if (!props.items.length) return <p>{t('暂无信息。', 'Nothing published yet.')}</p>;
  return (
    <ul class="list">
      {props.items.map((i) => (
        <li><a href={documentUrl(i.publicId)}>{i.title}</a><time dateTime={i.publishedOn}>{i.publishedOn}</time></li>
      ))}
    </ul>
  );
}
