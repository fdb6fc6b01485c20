/**
 * Typed domain errors (style.md: "the domain never knows HTTP"). Services throw these; one handler in
 * src/web/shared/error-handler.ts maps them to pages and JSON `{error:{code,message,details}}`.
 */
export class DomainError extends Error {
  /** Stable machine-readable code, e.g. `not_found`. */
  readonly code: string;
  /** Field messages or other structured detail; never personal data. */
  readonly details?: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** The thing asked for does not exist (or the caller may not know it exists). → 404 */
export class NotFound extends DomainError {
  constructor(message = '未找到', details?: unknown) {
    super('not_found', message, details);
  }
}

/** The caller is known but not allowed to do this. → 403 */
export class Forbidden extends DomainError {
  constructor(message = '无权执行此操作', details?: unknown) {
    super('forbidden', message, details);
  }
}

/** The caller must log in first. → 401 (pages redirect to the login form) */
export class Unauthenticated extends DomainError {
  constructor(message = '请先登录') {
    super('unauthenticated', message);
  }
}

/** Field-level problems with input. `details.fields` maps a field path to a message. → 422 */
export class InvalidInput extends DomainError {
  constructor(message: string, fields?: Record<string, string>, code = 'invalid_input') {
    super(code, message, fields ? { fields } : undefined);
  }
  /** The per-field messages, if any. */
  get fields(): Record<string, string> {
    return ((this.details as { fields?: Record<string, string> } | undefined)?.fields) ?? {};
  }
}

/** The state of the world conflicts with the request (duplicate, stale version). → 409 */
export class Conflict extends DomainError {
  constructor(message: string, details?: unknown, code = 'conflict') {
    super(code, message, details);
  }
}

/** A workflow transition the rules (the statute) do not allow from the current state. → 409 */
export class InvalidTransition extends DomainError {
  constructor(from: string, action: string, message?: string) {
    super('invalid_transition', message ?? `当前状态（${from}）不能执行“${action}”`, { from, action });
  }
}

/** Too many attempts (login throttling, rate limits). → 429 */
export class TooManyRequests extends DomainError {
  constructor(message = '请求过于频繁，请稍后再试', details?: unknown) {
    super('rate_limited', message, details);
  }
}

/** Something the server needs for this request is not available (e.g. no Chromium to print PDFs). → 503 */
export class ServiceUnavailable extends DomainError {
  constructor(message = '服务暂时不可用，请稍后再试', details?: unknown, code = 'service_unavailable') {
    super(code, message, details);
  }
}

/** Maps a domain error code to its HTTP status. */
export function statusForError(err: DomainError): number {
  if (err instanceof NotFound) return 404;
  if (err instanceof Forbidden) return 403;
  if (err instanceof Unauthenticated) return 401;
  if (err instanceof InvalidInput) return 422;
  if (err instanceof Conflict || err instanceof InvalidTransition) return 409;
  if (err instanceof TooManyRequests) return 429;
  if (err instanceof ServiceUnavailable) return 503;
  return 400;
}
