/**
 * Reading tables 二, 三 and 四 out of the normalised text of a published report. Rows are found by their labels
 * (report-locate.ts); a row's cells are separated (HTML, DOCX, Markdown, tab) or a flattened run of digits, which is
 * split by report-split.ts and, for tables 三 and 四, chosen by the table's identities (domain.md §2.6 R1–R3, R5).
 */
import {
  blankTable2,
  table3RowKeys,
  type Finding,
  type Table2v2019,
  type Table2v2021,
  type Template,
} from './report-format.ts';
import { outcomeRowKeys, TABLE2_SPEC, TABLE3_ROW_LABELS } from './report-labels.ts';
import { cleanCellText, findLabelsInOrder, findLoose, loosePattern, parseCell, readCells, type LabelSpec, type Span } from './report-locate.ts';
import { MAX_CELL_CHARS, rankSplits, splitRun, toRun, type CellKind } from './report-split.ts';
import { cellLabel } from './report-where.ts';

const MAX_COMBINATIONS = 200_000;

/** Table 三 row labels to search for: a distinctive core of each official label and its item number. */
function table3Specs(template: Template): LabelSpec[] {
  return TABLE3_ROW_LABELS[template].map(([key, l]) => {
    const leaf = l.l3 ?? l.l2 ?? l.l1;
    const m = leaf.match(/^(\d)\./);
    let core = leaf.replace(/^(\d)\./, '').replace(/^[一二三四]、/, '');
    if (key === 'partly_granted') core = '（二）部分公开';
    if (key === 'new') core = '本年新收';
    if (key === 'carried_over') core = '上年结转';
    if (key === 'other_1') core = '申请人无正当理由逾期不补正';
    if (key === 'other_2') core = '申请人逾期未按收费通知要求缴纳费用';
    return { key, core, number: m ? Number(m[1]) : undefined };
  });
}

/** Rows found between `from` and `to`, each with its cell text (up to the next found label or `to`). */
function rowTexts(text: string, specs: LabelSpec[], from: number, to: number): Map<string, string | null> {
  const hits = findLabelsInOrder(text, specs, from, to);
  const out = new Map<string, string | null>();
  hits.forEach((hit, i) => {
    if (!hit) return void out.set(specs[i].key, null);
    const next = hits.slice(i + 1).find((h): h is Span => h !== null);
    out.set(specs[i].key, text.slice(hit.end, next ? next.start : to));
  });
  return out;
}

/** Result of reading one table: the cells and the D1 warnings made while splitting. */
export interface TableRead<T> {
  value: T;
  warnings: Finding[];
  /** Whether any label or cell of the table was found at all. */
  found: boolean;
}

// --- Table 三 ---------------------------------------------------------------------------------------------------

const SEVEN: CellKind[] = Array(7).fill('int');
const r2ok = (c: number[]) => c.slice(0, 6).reduce((a, b) => a + b, 0) === c[6];

/** Reads Table 三 between `from` and `to`. */
export function readTable3(text: string, template: Template, from: number, to: number): TableRead<Record<string, (number | null)[]>> {
  const keys = table3RowKeys(template);
  const texts = rowTexts(text, table3Specs(template), from, to);
  const rows: Record<string, (number | null)[]> = {};
  const candidates = new Map<string, number[][]>();
  const warnings: Finding[] = [];
  let found = false;
  for (const key of keys) {
    const t = texts.get(key);
    rows[key] = Array(7).fill(null);
    if (t == null) continue;
    found = true;
    const src = readCells(t, 7);
    if (src.mode === 'separated') rows[key] = src.cells;
    else if (src.mode === 'run') {
      const all = splitRun(toRun(src.text), SEVEN).map((x) => x.cells);
      const byR2 = all.filter(r2ok);
      const cands = rankSplits((byR2.length ? byR2 : all).map((cells) => ({ cells }))).map((x) => x.cells);
      if (cands.length === 0) {
        warnings.push(d1(template, `table3.${key}`, src.text, 0));
      } else candidates.set(key, cands);
    }
  }
  const chosen = chooseByIdentities(template, rows, candidates);
  for (const [key, cells] of chosen.rows) rows[key] = cells;
  for (const key of chosen.ambiguous) {
    warnings.push(d1(template, `table3.${key}`, texts.get(key) ?? '', candidates.get(key)?.length ?? 0, rows[key]));
  }
  return { value: rows, warnings, found };
}

/** Picks one split per flattened row so that R1 and R3 hold; rows the identities leave open are `ambiguous`. */
function chooseByIdentities(
  template: Template,
  fixed: Record<string, (number | null)[]>,
  candidates: Map<string, number[][]>,
): { rows: Map<string, number[]>; ambiguous: string[] } {
  const open = [...candidates.keys()].filter((k) => candidates.get(k)!.length > 1);
  const rows = new Map<string, number[]>();
  for (const [k, c] of candidates) rows.set(k, c[0]);
  if (open.length === 0) return { rows, ambiguous: [] };
  const combos = open.reduce((n, k) => n * candidates.get(k)!.length, 1);
  if (combos > MAX_COMBINATIONS) return { rows, ambiguous: open };

  const outcomes = outcomeRowKeys(template);
  const current = (k: string) => rows.get(k) ?? fixed[k];
  const consistent = () => {
    for (let i = 0; i < 7; i++) {
      const v = (k: string) => current(k)[i];
      const r1 = [v('new'), v('carried_over'), v('total'), v('carried_forward')];
      if (r1.every((x) => x !== null) && r1[0]! + r1[1]! !== r1[2]! + r1[3]!) return false;
      const outs = outcomes.map(v);
      if (v('total') !== null && outs.every((x) => x !== null) && outs.reduce((a, b) => a! + b!, 0) !== v('total')) return false;
    }
    return true;
  };
  const solutions: Map<string, number[]>[] = [];
  const walk = (i: number) => {
    if (solutions.length > 50) return;
    if (i === open.length) {
      if (consistent()) solutions.push(new Map(open.map((k) => [k, rows.get(k)!])));
      return;
    }
    for (const c of candidates.get(open[i])!) {
      rows.set(open[i], c);
      walk(i + 1);
    }
  };
  walk(0);
  if (solutions.length === 0) {
    for (const k of open) rows.set(k, candidates.get(k)![0]);
    return { rows, ambiguous: open };
  }
  for (const [k, c] of solutions[0]) rows.set(k, c);
  const ambiguous = open.filter((k) => solutions.some((s) => s.get(k)!.join() !== solutions[0].get(k)!.join()));
  return { rows, ambiguous };
}

function d1(template: Template, where: string, text: string, count: number, chosen?: (number | null)[]): Finding {
  const digits = text.replace(/[^\d.\s-]/g, ' ').replace(/\s+/g, ' ').trim();
  return {
    rule: 'D1',
    where,
    message:
      count === 0
        ? `“${cellLabel(template, where)}”的数字串“${digits}”无法拆分为本行的各栏`
        : `“${cellLabel(template, where)}”的数字串“${digits}”可按${count}种方式拆分，${where.startsWith('table2') ? '本表没有可据以判断的勾稽关系' : '表格的勾稽关系不足以确定'}，已取${JSON.stringify(chosen)}，请核对原表`,
    numbers: { digits, splits: count, ...(chosen ? { chosen } : {}) },
  };
}

// --- Table 四 ---------------------------------------------------------------------------------------------------

/** Reads the 15 cells of Table 四 from the text after its header (between `from` and `to`). */
export function readTable4(text: string, template: Template, from: number, to: number): TableRead<(number | null)[]> {
  // The header follows heading 四 (perhaps after a paragraph); a data row never sits 20,000 characters below it.
  const region = text.slice(from, Math.min(to, from + 20_000));
  const blank: (number | null)[] = Array(15).fill(null);
  // The data row follows the last header word (总计 / 尚未审结 …) of the table.
  const headerEnd = [...region.matchAll(new RegExp(`${loosePattern('总计')}|${loosePattern('尚未审结')}`, 'g'))].pop();
  if (!headerEnd) return { value: blank, warnings: [], found: false };
  const after = cleanCellText(region.slice((headerEnd.index ?? 0) + headerEnd[0].length));
  if (/[|\t]/.test(after)) {
    for (const line of after.split('\n')) {
      if (!/[|\t]/.test(line) || /[\u3400-\u9fff]/.test(line)) continue;
      const pieces = line.split(/[|\t]/).map((p) => p.trim());
      if (pieces[0] === '') pieces.shift();
      if (pieces.at(-1) === '') pieces.pop();
      if (pieces.length >= 15) return { value: pieces.slice(-15).map(parseCell), warnings: [], found: true };
    }
    return { value: blank, warnings: [], found: true };
  }
  if (!/\d/.test(after)) return { value: blank, warnings: [], found: true };
  const src = { text: after.replace(/[\u3400-\u9fff]/g, ' ') };
  const run = toRun(src.text);
  const solutions: number[][] = [];
  let tried = 0;
  const walk = (start: number, acc: number[]) => {
    if (solutions.length > 50 || tried > MAX_COMBINATIONS) return;
    if (acc.length === 15) {
      if (start === run.chars.length) solutions.push(acc);
      return;
    }
    for (const g of splitRun(run, Array(5).fill('int'), start, true)) {
      tried++;
      if (run.chars.length - g.end > (10 - acc.length) * MAX_CELL_CHARS) continue; // the rest cannot fit
      if (g.cells.slice(0, 4).reduce((a, b) => a + b, 0) === g.cells[4]) walk(g.end, [...acc, ...g.cells]);
    }
  };
  if (run.chars.length <= 15 * MAX_CELL_CHARS) walk(0, []);
  if (solutions.length === 0) {
    const any = rankSplits(splitRun(run, Array(15).fill('int')));
    if (any.length === 0) return { value: blank, warnings: [d1(template, 'table4', src.text, 0)], found: true };
    return { value: any[0].cells, warnings: any.length > 1 ? [d1(template, 'table4', src.text, any.length, any[0].cells)] : [], found: true };
  }
  const ranked = rankSplits(solutions.map((cells) => ({ cells })));
  const warnings = ranked.length > 1 ? [d1(template, 'table4', src.text, ranked.length, ranked[0].cells)] : [];
  return { value: ranked[0].cells, warnings, found: true };
}

// --- Table 二 ---------------------------------------------------------------------------------------------------

const KINDS: Record<string, CellKind> = { change: 'signed', amount: 'decimal', amount10kYuan: 'decimal' };

/** Soft checks that rank the splits of a Table 二 row (a new publication is part of the total published …). */
function plausible(key: string, f: readonly string[], c: number[], yuanPerUnit: number): boolean {
  const v = Object.fromEntries(f.map((k, i) => [k, c[i]]));
  if ('published' in v && v.published > v.totalPublic) return false;
  if ('inForce' in v && v.made > v.inForce) return false;
  // 本年增/减 of the number of items: cannot fall below zero, and rarely exceeds the larger count.
  if ('change' in v && 'decisions' in v && (v.change < -v.previousYear || Math.abs(v.change) > Math.max(v.previousYear, v.decisions, 10))) return false;
  // 政府集中采购: an average below 1,000 元 (0.1 万元) per project is not a procurement.
  if (key === 'procurement') return v.projects === 0 ? v.amount === 0 : (v.amount * yuanPerUnit) / v.projects >= 1000;
  return true;
}

/** Reads Table 二 between `from` and `to`. */
export function readTable2(text: string, template: Template, from: number, to: number): TableRead<Table2v2019 | Table2v2021> {
  const blocks = TABLE2_SPEC[template];
  const caption = findLoose(text, '第二十条第（一）项', from, to);
  const specs: LabelSpec[] = blocks.flatMap((b) =>
    b.rows.map((r) => ({ key: r.key, core: r.key === 'normative_documents' ? '规范性文件' : r.label })),
  );
  const texts = rowTexts(text, specs, caption ? caption.end : from, to);
  const table = blankTable2(template) as unknown as Record<string, Record<string, unknown>>;
  const warnings: Finding[] = [];
  let found = false;
  for (const row of blocks.flatMap((b) => b.rows)) {
    const t = texts.get(row.key);
    if (t == null) continue;
    found = true;
    const src = readCells(t, row.fields.length);
    let cells: (number | null)[] = Array(row.fields.length).fill(null);
    if (src.mode === 'separated') cells = src.cells;
    else if (src.mode === 'run') {
      const all = splitRun(toRun(src.text), row.fields.map((f) => KINDS[f] ?? 'int')).map((x) => x.cells);
      const good = all.filter((c) => plausible(row.key, row.fields, c, /万元/.test(t) ? 10_000 : 1));
      const ranked = rankSplits((good.length ? good : all).map((c) => ({ cells: c })));
      if (ranked.length === 0) warnings.push(d1(template, `table2.${row.key}`, src.text, 0));
      else {
        cells = ranked[0].cells;
        if (ranked.length > 1) warnings.push(d1(template, `table2.${row.key}`, src.text, ranked.length, cells));
      }
    }
    row.fields.forEach((f, i) => {
      if (f === 'amount') {
        const unit = t.match(/万元|元/)?.[0] ?? null;
        table[row.key].amount = { value: cells[i], unit: cells[i] === null ? null : unit };
      } else table[row.key][f] = cells[i];
    });
  }
  return { value: table as unknown as Table2v2019 | Table2v2021, warnings, found };
}
