/** Rendering JSX pages to HTML responses, localised to the request's language. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { localise } from '../../platform/i18n/i18n.ts';

/** Renders a page element to a full HTML document string in the request's language. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component's element
export function renderDocument(req: FastifyRequest, page: VNode<any>): string {
  return localise('<!doctype html>' + render(page), req.lang);
}

/** Sends a rendered page. Staff and form pages are never cached by shared caches. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component's element
export function sendPage(req: FastifyRequest, reply: FastifyReply, page: VNode<any>, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(req, page));
}
