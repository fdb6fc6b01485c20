/**
 * Writes src/reports/annual-report.schema.json from the zod schema (run: `node --import tsx src/reports/write-schema.ts`).
 * annual-report-schema.test.ts fails when the committed file differs from what this would write.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { annualReportJsonSchema } from './report-format.ts';

/** Path of the committed JSON Schema file. */
export const SCHEMA_FILE = fileURLToPath(new URL('./annual-report.schema.json', import.meta.url));

/** The schema file's exact text (2-space JSON plus a final newline). */
export function schemaFileText(): string {
  return JSON.stringify(annualReportJsonSchema(), null, 2) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, schemaFileText());
  console.error(`wrote ${SCHEMA_FILE}`);
}
