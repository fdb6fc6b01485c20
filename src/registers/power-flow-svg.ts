/**
 * The flow diagram of an item's process (办理流程图), drawn on the server as plain SVG: one box per step joined by
 * arrows, with <title> and <desc> so screen readers get the same steps as text. Only presentation attributes are
 * used (the CSP forbids inline styles); every text is escaped.
 */
import type { ProcessStep } from './power.ts';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Visual width of a string in em (CJK and full-width characters count 1, others about 0.55). */
function emWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 1 : 0.55;
  return w;
}

/** Breaks text into lines of at most `maxEm` em, at most `maxLines` lines (the last ends with … when cut). */
export function wrapText(s: string, maxEm: number, maxLines: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const ch of s.replace(/\s+/g, ' ').trim()) {
    if (emWidth(cur + ch) > maxEm) {
      lines.push(cur);
      cur = ch.trim();
      if (lines.length === maxLines) break;
    } else cur += ch;
  }
  if (lines.length < maxLines && cur) lines.push(cur);
  else if (lines.length === maxLines && cur) lines[maxLines - 1] = lines[maxLines - 1].slice(0, -1) + '…';
  return lines;
}

/** An SVG document string of the steps as a top-to-bottom flow; `idPrefix` keeps ids unique on a page. */
export function renderFlowSvg(title: string, steps: ProcessStep[], idPrefix = 'flow'): string {
  const font = 14;
  const boxW = 440;
  const x = 20;
  const width = boxW + 2 * x;
  const gap = 34;
  let y = 16;
  const parts: string[] = [];
  const desc = steps.map((s, i) => `${i + 1}. ${s.name}${s.timeLimit ? `（${s.timeLimit}）` : ''}${s.description ? `：${s.description}` : ''}`).join('；');
  steps.forEach((s, i) => {
    const head = `${i + 1}. ${s.name}${s.timeLimit ? `（${s.timeLimit}）` : ''}`;
    const body = s.description ? wrapText(s.description, (boxW - 24) / font, 3) : [];
    const h = 16 + font * 1.4 * (1 + body.length) + 6;
    parts.push(`<rect x="${x}" y="${y}" width="${boxW}" height="${h}" rx="6" fill="#fff" stroke="#b91c1c" stroke-width="1.5"/>`);
    parts.push(`<text x="${x + 12}" y="${y + 8 + font * 1.2}" font-size="${font}" font-weight="700" fill="#1f2937">${esc(wrapText(head, (boxW - 24) / font, 1)[0] ?? '')}</text>`);
    body.forEach((line, n) => {
      parts.push(`<text x="${x + 12}" y="${y + 8 + font * 1.2 + font * 1.4 * (n + 1)}" font-size="${font - 1}" fill="#374151">${esc(line)}</text>`);
    });
    y += h;
    if (i < steps.length - 1) {
      const cx = x + boxW / 2;
      parts.push(`<line x1="${cx}" y1="${y}" x2="${cx}" y2="${y + gap - 8}" stroke="#6b7280" stroke-width="2"/>`);
      parts.push(`<polygon points="${cx - 6},${y + gap - 10} ${cx + 6},${y + gap - 10} ${cx},${y + gap - 1}" fill="#6b7280"/>`);
      y += gap;
    }
  });
  const height = y + 16;
  const id = esc(idPrefix.replace(/[^A-Za-z0-9_-]/g, '_'));
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" class="flow-svg">`
    + `<title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(desc)}</desc>`
    + `<g font-family="'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif">${parts.join('')}</g></svg>`;
}
