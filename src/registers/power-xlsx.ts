/**
 * The power list as a spreadsheet (agencies keep 权责清单 in Excel): three sheets — 权责事项 (one row per item),
 * 法律依据 and 办理流程 (one row per basis or step, keyed by 事项编码 and ordered by 序号). Export writes every field as
 * text; import checks the whole workbook first (sheets, headers, merged cells, cell types, encoding, values) and
 * reports each problem with its sheet, row and column, so nothing is imported half-way.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../platform/lazy-modules.ts';
import { InvalidInput } from '../errors.ts';
import { POWER_KINDS, PowerItemInput, powerKindFromLabel, type PowerItemFields } from './power.ts';

/** Sheet names and their columns, in order. */
export const POWER_SHEETS = {
  items: { name: '权责事项', columns: ['事项编码', '事项类别', '事项名称', '实施主体', '职责权限', '监督方式', '监督电话', '追责情形', '生效日期'] },
  basis: { name: '法律依据', columns: ['事项编码', '序号', '法律法规名称', '条款'] },
  steps: { name: '办理流程', columns: ['事项编码', '序号', '环节名称', '办理内容', '办理时限'] },
} as const;

const ITEM_FIELDS = ['code', 'kind', 'name', 'implementingBody', 'scope', 'supervisionChannel', 'supervisionPhone', 'accountability', 'effectiveOn'] as const;

/** One problem found in a workbook. */
export interface SheetProblem {
  sheet: string;
  /** 1-based row number as Excel shows it (0 = the sheet as a whole). */
  row: number;
  /** Column letter ('' = the row or sheet as a whole). */
  column: string;
  message: string;
}

/** Column letter of a 1-based index. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Writes the items (as in force) to a workbook. */
export async function exportPowerWorkbook(items: PowerItemFields[], title: string): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'gongkai';
  wb.title = title;
  const add = (def: { name: string; columns: readonly string[] }, rows: string[][], widths: number[]) => {
    const ws = wb.addWorksheet(def.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow([...def.columns]).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((c, i) => {
      c.width = widths[i] ?? 20;
      c.numFmt = '@'; // text, so Excel keeps codes and dates as written
      c.alignment = { wrapText: true, vertical: 'top' };
    });
  };
  add(POWER_SHEETS.items, items.map((i) => [i.code, POWER_KINDS[i.kind], i.name, i.implementingBody, i.scope, i.supervisionChannel,
    i.supervisionPhone, i.accountability, i.effectiveOn]), [16, 10, 36, 24, 48, 30, 18, 48, 12]);
  add(POWER_SHEETS.basis, items.flatMap((i) => i.legalBasis.map((b, n) => [i.code, String(n + 1), b.law, b.article])), [16, 6, 40, 60]);
  add(POWER_SHEETS.steps, items.flatMap((i) => i.steps.map((s, n) => [i.code, String(n + 1), s.name, s.description, s.timeLimit])), [16, 6, 16, 60, 16]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Cell = ExcelJS.Cell;

/** A cell as text, or a problem message when its type is not acceptable. */
function cellText(cell: Cell): { text: string } | { problem: string } {
  const v = cell.value;
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'string') return checkText(v);
  if (typeof v === 'number') return { text: String(v) };
  if (typeof v === 'boolean') return { problem: '不接受逻辑值（TRUE/FALSE），请填写文字' };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10) };
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) return { problem: '不接受公式，请粘贴为数值或文字' };
    if ('error' in v) return { problem: `单元格为错误值 ${String((v as { error: unknown }).error)}` };
    if ('richText' in v) return checkText((v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join(''));
    if ('text' in v) return checkText(String((v as ExcelJS.CellHyperlinkValue).text));
  }
  return { problem: '无法识别的单元格内容' };
}

function checkText(s: string): { text: string } | { problem: string } {
  if (s.includes('\uFFFD')) return { problem: '含有乱码（“�”），文件编码可能有误，请用 Excel 或 WPS 另存为 .xlsx 后重试' };
  // Control characters other than tab and newlines are refused.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s)) return { problem: '含有不可见的控制字符' };
  return { text: s.replace(/\r\n?/g, '\n').trim() };
}

interface SheetRows {
  rows: { row: number; cells: string[] }[];
}

function readSheet(wb: ExcelJS.Workbook, def: { name: string; columns: readonly string[] }, problems: SheetProblem[]): SheetRows | undefined {
  const ws = wb.getWorksheet(def.name);
  if (!ws) {
    problems.push({ sheet: def.name, row: 0, column: '', message: `缺少工作表“${def.name}”` });
    return undefined;
  }
  const merges = (ws.model as { merges?: string[] }).merges ?? [];
  for (const m of merges) {
    const first = /^([A-Z]+)(\d+)/.exec(m);
    problems.push({ sheet: def.name, row: first ? Number(first[2]) : 0, column: first?.[1] ?? '', message: `含有合并单元格 ${m}，请取消合并后重试` });
  }
  const header = ws.getRow(1);
  const width = Math.max(ws.actualColumnCount, ws.columnCount, def.columns.length);
  for (let c = 1; c <= width; c++) {
    const got = cellText(header.getCell(c));
    const text = 'text' in got ? got.text : '';
    const want = def.columns[c - 1];
    if (want === undefined) {
      if (text) problems.push({ sheet: def.name, row: 1, column: columnLetter(c), message: `多余的列“${text}”（应只有：${def.columns.join('、')}）` });
    } else if (text !== want) {
      problems.push({ sheet: def.name, row: 1, column: columnLetter(c), message: `表头应为“${want}”，实际为“${text || '（空）'}”` });
    }
  }
  const rows: SheetRows['rows'] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    let any = false;
    for (let c = 1; c <= width; c++) {
      const got = cellText(row.getCell(c));
      if ('problem' in got) {
        problems.push({ sheet: def.name, row: r, column: columnLetter(c), message: got.problem });
        cells.push('');
        any = true;
      } else {
        cells.push(got.text);
        if (got.text) any = true;
      }
    }
    if (!any) continue;
    for (let c = def.columns.length + 1; c <= width; c++) {
      if (cells[c - 1]) problems.push({ sheet: def.name, row: r, column: columnLetter(c), message: '表头之外的列有内容' });
    }
    rows.push({ row: r, cells });
  }
  return { rows };
}

/** Orders child rows (法律依据, 办理流程) by 序号 per item, checking the 序号 and the item code. */
function childRows(
  sheet: SheetRows | undefined,
  name: string,
  codes: Map<string, number>,
  problems: SheetProblem[],
): Map<string, { row: number; cells: string[] }[]> {
  const out = new Map<string, { row: number; cells: string[]; seq: number }[]>();
  for (const r of sheet?.rows ?? []) {
    const [code, seqText] = r.cells;
    if (!code) {
      problems.push({ sheet: name, row: r.row, column: 'A', message: '请填写事项编码' });
      continue;
    }
    if (!codes.has(code)) {
      problems.push({ sheet: name, row: r.row, column: 'A', message: `事项编码“${code}”不在“${POWER_SHEETS.items.name}”表中` });
      continue;
    }
    const seq = Number(seqText);
    if (!/^\d{1,3}$/.test(seqText) || seq < 1) {
      problems.push({ sheet: name, row: r.row, column: 'B', message: `序号应为正整数，实际为“${seqText || '（空）'}”` });
      continue;
    }
    const list = out.get(code) ?? [];
    if (list.some((x) => x.seq === seq)) {
      problems.push({ sheet: name, row: r.row, column: 'B', message: `事项“${code}”的序号 ${seq} 重复` });
      continue;
    }
    list.push({ ...r, seq });
    out.set(code, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.seq - b.seq);
  return out;
}

/** Throws InvalidInput listing the problems (at most 100), keyed `sheet!A1` so each names its cell. */
export function throwSheetProblems(problems: SheetProblem[]): never {
  const fields: Record<string, string> = {};
  for (const p of problems.slice(0, 100)) {
    const key = p.row ? `${p.sheet}!${p.column}${p.row}` : p.sheet;
    fields[key] ??= p.row ? `${p.sheet} 第${p.row}行${p.column ? ` ${p.column}列` : ''}：${p.message}` : `${p.sheet}：${p.message}`;
  }
  throw new InvalidInput(`表格有 ${problems.length} 处问题，未导入任何内容`, fields, 'spreadsheet_invalid');
}

/** Reads and validates a power-list workbook; every problem is reported with its sheet, row and column. */
export async function parsePowerWorkbook(data: Buffer): Promise<PowerItemFields[]> {
  const wb = new (await loadExcelJS()).Workbook();
  try {
    if (data.subarray(0, 4).toString('binary') !== 'PK\u0003\u0004') throw new Error('not a zip');
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    const message = '文件不是有效的 .xlsx 工作簿（请勿上传 .xls、.csv 或改过扩展名的文件）';
    throw new InvalidInput(message, { file: message }, 'spreadsheet_invalid');
  }
  const problems: SheetProblem[] = [];
  const main = readSheet(wb, POWER_SHEETS.items, problems);
  const basisSheet = readSheet(wb, POWER_SHEETS.basis, problems);
  const stepsSheet = readSheet(wb, POWER_SHEETS.steps, problems);
  if (problems.some((p) => p.row <= 1)) throwSheetProblems(problems);

  const codes = new Map<string, number>();
  for (const r of main?.rows ?? []) {
    const code = r.cells[0];
    if (code && codes.has(code)) {
      problems.push({ sheet: POWER_SHEETS.items.name, row: r.row, column: 'A', message: `事项编码“${code}”与第${codes.get(code)}行重复` });
    } else if (code) codes.set(code, r.row);
  }
  const basis = childRows(basisSheet, POWER_SHEETS.basis.name, codes, problems);
  const steps = childRows(stepsSheet, POWER_SHEETS.steps.name, codes, problems);

  const items: PowerItemFields[] = [];
  for (const r of main?.rows ?? []) {
    const raw: Record<string, unknown> = {};
    ITEM_FIELDS.forEach((f, i) => { raw[f] = r.cells[i]; });
    const kindLabel = r.cells[1];
    const kind = powerKindFromLabel(kindLabel);
    if (!kind) {
      problems.push({ sheet: POWER_SHEETS.items.name, row: r.row, column: 'B', message: `事项类别“${kindLabel || '（空）'}”无效，应为：${Object.values(POWER_KINDS).join('、')}` });
    }
    raw.kind = kind ?? 'other';
    const b = basis.get(r.cells[0]) ?? [];
    const s = steps.get(r.cells[0]) ?? [];
    raw.legalBasis = b.map((x) => ({ law: x.cells[2], article: x.cells[3] }));
    raw.steps = s.map((x) => ({ name: x.cells[2], description: x.cells[3], timeLimit: x.cells[4] }));
    const parsed = PowerItemInput.safeParse(raw);
    if (parsed.success) {
      items.push(parsed.data);
      continue;
    }
    for (const issue of parsed.error.issues) {
      const [field, index, sub] = issue.path.map(String);
      if (field === 'legalBasis' && index !== undefined) {
        const at = b[Number(index)];
        problems.push({ sheet: POWER_SHEETS.basis.name, row: at?.row ?? 0, column: sub === 'article' ? 'D' : 'C', message: issue.message });
      } else if (field === 'steps' && index !== undefined) {
        const at = s[Number(index)];
        problems.push({ sheet: POWER_SHEETS.steps.name, row: at?.row ?? 0, column: sub === 'description' ? 'D' : sub === 'timeLimit' ? 'E' : 'C', message: issue.message });
      } else {
        const col = ITEM_FIELDS.indexOf(field as (typeof ITEM_FIELDS)[number]);
        problems.push({ sheet: POWER_SHEETS.items.name, row: r.row, column: col >= 0 ? columnLetter(col + 1) : '', message: issue.message });
      }
    }
  }
  if (!main?.rows.length) problems.push({ sheet: POWER_SHEETS.items.name, row: 0, column: '', message: '没有任何事项' });
  if (problems.length) throwSheetProblems(problems);
  return items;
}
