/**
 * Libraries that only some requests need, imported on their first use rather than when the server starts (issue 9
 * "Memory"): exceljs is ≈ 6 MB of V8 heap (≈ 7 MB of RSS) once loaded, and only staff spreadsheet imports and exports
 * use it.
 */
import type ExcelJS from 'exceljs';

let excel: Promise<typeof ExcelJS> | undefined;

/** exceljs, imported on the first call. */
export function loadExcelJS(): Promise<typeof ExcelJS> {
  excel ??= import('exceljs').then((m) => m.default).catch((err: unknown) => {
    excel = undefined; // a later call tries again
    throw err;
  });
  return excel;
}
