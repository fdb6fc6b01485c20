/** What each request carries beyond fastify's own fields: language, the staff principal, CSRF token. */
import type { Principal } from '../../accounts/principal.ts';
import type { Lang } from '../../platform/i18n/i18n.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The UI language (?lang= → cookie → zh-CN). */
    lang: Lang;
    /** The logged-in staff member who has passed MFA, if any. */
    principal?: Principal;
    /** The session's CSRF token for forms, if a staff session exists. */
    csrfToken?: string;
  }
}

export {};
