/**
 * Reading the application form: multipart (with attachments) or urlencoded, into the nested shape of design.md §5.4
 * (`applicant.name` → `{applicant: {name}}`). Files are read into memory up to the upload limit fastify enforces.
 */
import type { FastifyRequest } from 'fastify';
import type { UploadedFile } from '../../requests/attachments.ts';

/** The flat fields and the files of a form post. */
export interface FormPost {
  fields: Record<string, string>;
  files: UploadedFile[];
}

/** Reads a form post in either encoding. */
export async function readFormPost(req: FastifyRequest): Promise<FormPost> {
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  if (req.isMultipart()) {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.filename && bytes.length) files.push({ filename: part.filename, bytes });
      } else if (typeof part.value === 'string' && !(part.fieldname in fields)) {
        fields[part.fieldname] = part.value;
      }
    }
  } else {
    for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
      const s = Array.isArray(v) ? v[0] : v;
      if (typeof s === 'string') fields[k] = s;
    }
  }
  return { fields, files };
}

/** `{"applicant.name": "x"}` → `{applicant: {name: "x"}}`; blank values are left out. Only known prefixes nest. */
export function nestApplication(fields: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const applicant: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === '_csrf' || k === 'idempotencyKey' || v.trim() === '') continue;
    if (k.startsWith('applicant.')) applicant[k.slice('applicant.'.length)] = v;
    else out[k] = v;
  }
  out.applicant = applicant;
  return out;
}
