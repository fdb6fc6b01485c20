/** Reading a spreadsheet of rows (XLSX via exceljs, or CSV) into header-keyed string records for imports. */
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../platform/lazy-modules.ts';
import { InvalidInput } from '../errors.ts';
import { detectType } from './attachment-files.ts';

/** The rows of the first sheet: the header row's cells as keys, every value a trimmed string. */
export interface Sheet {
  headers: string[];
  /** Each row with its 1-based row number in the file (the header is row 1). */
  rows: { row: number; values: Record<string, string> }[];
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF), UTF-8 with or without BOM. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      out.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new InvalidInput('CSV 文件格式不正确：引号未闭合', { file: 'CSV 中有未闭合的引号' });
  if (field !== '' || row.length) {
    row.push(field);
    out.push(row);
  }
  return out;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v);
}

function toSheet(matrix: string[][]): Sheet {
  const nonEmpty = matrix.filter((r) => r.some((c) => c.trim() !== ''));
  if (!nonEmpty.length) throw new InvalidInput('表格是空的', { file: '第1行应为表头' });
  const headerIndex = matrix.indexOf(nonEmpty[0]);
  const headers = nonEmpty[0].map((h) => h.trim());
  const rows: Sheet['rows'] = [];
  matrix.forEach((cells, i) => {
    if (i <= headerIndex || !cells.some((c) => c.trim() !== '')) return;
    const values: Record<string, string> = {};
    headers.forEach((h, k) => {
      if (h) values[h] = (cells[k] ?? '').trim();
    });
    rows.push({ row: i + 1, values });
  });
  return { headers, rows };
}

/** Reads an XLSX or CSV upload (by content); at most `maxRows` data rows. */
export async function readSheet(name: string, bytes: Uint8Array, maxRows = 20_000): Promise<Sheet> {
  let sheet: Sheet;
  if (detectType(bytes) === 'xlsx') {
    const wb = new (await loadExcelJS()).Workbook();
    try {
      await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch {
      throw new InvalidInput('无法读取该 Excel 文件', { file: '文件已损坏或不是 .xlsx 格式' });
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new InvalidInput('Excel 文件没有工作表', { file: '请在第一个工作表中填写' });
    const matrix: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cellText(cell.value);
      });
      matrix[n - 1] = Array.from(cells, (c) => c ?? '');
    });
    sheet = toSheet(Array.from(matrix, (r) => r ?? []));
  } else if (/\.csv$/i.test(name) || !bytes.slice(0, 512).some((b) => b === 0)) {
    const text = Buffer.from(bytes).toString('utf8');
    if (text.includes('\uFFFD')) throw new InvalidInput('CSV 文件应为 UTF-8 编码', { file: '请以“CSV UTF-8”格式另存后再上传' });
    sheet = toSheet(parseCsv(text));
  } else {
    throw new InvalidInput('请上传 .xlsx 或 .csv 文件', { file: '不支持的表格格式' });
  }
  if (sheet.rows.length > maxRows) throw new InvalidInput(`一次最多导入 ${maxRows} 行`, { file: '请分批导入' });
  return sheet;
}
