/**
 * One place maps errors to responses (style.md): domain errors to their status, fastify's own errors (bad JSON,
 * oversized or unsupported bodies) to 4xx, everything else to 500 without details. JSON under /api, pages elsewhere.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { DomainError, statusForError } from '../../errors.ts';
import { msg } from '../../platform/i18n/i18n.ts';
import { ErrorPage } from './error-page.tsx';
import { sendPage } from './render.tsx';

/** True when the client should get JSON rather than a page. */
export function wantsJson(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || (req.headers.accept ?? '').startsWith('application/json');
}

/** The JSON error body of design.md §5.4. */
export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, details: details ?? null } };
}

/** Sends an error as JSON or as a page. */
export function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details?: unknown,
): FastifyReply {
  reply.header('cache-control', 'no-store');
  if (wantsJson(req)) return reply.code(status).type('application/json; charset=utf-8').send(errorBody(code, message, details));
  return sendPage(req, reply, h(ErrorPage, { req, status, message }), status);
}

const FASTIFY_CODES: Record<string, [number, string, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed_json', '请求体不是有效的 JSON', 'The body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'malformed_json', '请求体为空', 'The body is empty'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', '提交的内容过大', 'The request body is too large'],
  FST_REQ_FILE_TOO_LARGE: [413, 'payload_too_large', '上传的文件过大', 'The uploaded file is too large'],
  FST_FILES_LIMIT: [413, 'payload_too_large', '上传的文件过多', 'Too many files'],
  FST_PARTS_LIMIT: [413, 'payload_too_large', '表单项过多', 'Too many form parts'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', '不支持的内容类型', 'Unsupported content type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request', '内容长度不正确', 'Invalid content length'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'unsupported_media_type', '请以 multipart/form-data 提交', 'Send multipart/form-data'],
  FST_ERR_VALIDATION: [400, 'bad_request', '请求格式不正确', 'The request is malformed'],
};

/** Messages busboy (multipart parsing) throws for malformed input. */
const BUSBOY_ERRORS = /^(Unexpected end of (form|file|multipart data)|Malformed (part header|urlencoded form)|Multipart: Boundary not found|Unsupported content type)/;

/** Installs the error and not-found handlers on the app. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const domainError: unknown = err;
    if (domainError instanceof DomainError) {
      const status = statusForError(domainError);
      if (status === 401 && !wantsJson(req) && req.method === 'GET') {
        return reply.redirect(`/admin/login?next=${encodeURIComponent(req.url)}`, 303);
      }
      return sendError(req, reply, status, domainError.code, domainError.message, domainError.details);
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (known) return sendError(req, reply, known[0], known[1], msg(req.lang ?? 'zh-CN', known[2], known[3]));
    // Truncated or malformed multipart bodies surface from busboy as plain errors without a status (found by the
    // hostile-input fuzz, test/security/fuzz.test.ts): they are the client's fault, not ours.
    if (!err.statusCode && BUSBOY_ERRORS.test(err.message)) {
      return sendError(req, reply, 400, 'bad_request', msg(req.lang ?? 'zh-CN', '请求格式不正确', 'The request is malformed'));
    }
    const sc = err.statusCode ?? 500;
    if (sc === 429) return sendError(req, reply, 429, 'rate_limited', msg(req.lang ?? 'zh-CN', '请求过于频繁，请稍后再试', 'Too many requests; try again later'));
    if (sc >= 400 && sc < 500) {
      return sendError(req, reply, sc, 'bad_request', msg(req.lang ?? 'zh-CN', '请求格式不正确', 'The request is malformed'));
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(req, reply, 500, 'internal', msg(req.lang ?? 'zh-CN', '系统繁忙，请稍后再试', 'Server error; please try again later'));
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(req, reply, 404, 'not_found', msg(req.lang ?? 'zh-CN', '您访问的页面不存在', 'Not found')),
  );
}
