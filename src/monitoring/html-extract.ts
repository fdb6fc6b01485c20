/** Reading a fetched page for the checks: its outbound links (with where they appear) and its visible text. */
import { Parser } from 'htmlparser2';

/** A link found on a page. */
export interface PageLink {
  href: string;
  /** The link text or alt text, trimmed, for telling staff where the link is. */
  text: string;
  tag: 'a' | 'img' | 'script' | 'link' | 'iframe';
}

/** What the checks need from a page. */
export interface PageContent {
  title: string;
  links: PageLink[];
  /** Visible text (scripts and styles dropped), for the personal-data scan and staleness dates. */
  text: string;
}

const SKIP_TEXT = new Set(['script', 'style', 'noscript', 'template']);

/** Extracts links and text from HTML; tolerant of broken markup. */
export function extractPage(html: string): PageContent {
  const links: PageLink[] = [];
  const text: string[] = [];
  let title = '';
  let inTitle = false;
  let skipDepth = 0;
  let openAnchor: { href: string; text: string } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (SKIP_TEXT.has(name)) skipDepth++;
        if (name === 'title') inTitle = true;
        if (name === 'a' && attrs.href) openAnchor = { href: attrs.href, text: '' };
        if (name === 'img' && attrs.src) links.push({ href: attrs.src, text: attrs.alt ?? '', tag: 'img' });
        if (name === 'iframe' && attrs.src) links.push({ href: attrs.src, text: attrs.title ?? '', tag: 'iframe' });
        if (name === 'script' && attrs.src) links.push({ href: attrs.src, text: '', tag: 'script' });
        if (name === 'link' && attrs.href && /stylesheet|icon/.test(attrs.rel ?? '')) {
          links.push({ href: attrs.href, text: '', tag: 'link' });
        }
      },
      ontext(t) {
        if (inTitle) title += t;
        if (skipDepth > 0) return;
        text.push(t);
        if (openAnchor) openAnchor.text += t;
      },
      onclosetag(name) {
        if (SKIP_TEXT.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        if (name === 'title') inTitle = false;
        if (name === 'a' && openAnchor) {
          links.push({ href: openAnchor.href, text: openAnchor.text.replace(/\s+/g, ' ').trim().slice(0, 120), tag: 'a' });
          openAnchor = null;
        }
        if (/^(p|div|li|tr|td|th|h\d|br|section|article|dd|dt)$/.test(name)) text.push('\n');
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return {
    title: title.replace(/\s+/g, ' ').trim(),
    links,
    text: text.join(' ').replace(/[ \t\r\f\v]+/g, ' ').replace(/\n\s*/g, '\n').trim(),
  };
}
