/** The error pages (403/404/413/422/429/500): a plain message in the page language, never a stack trace. */
import type { FastifyRequest } from 'fastify';
import { translator } from '../../platform/i18n/i18n.ts';
import { Layout } from './layout.tsx';

const TITLES: Record<number, [string, string]> = {
  400: ['请求有误', 'Bad request'],
  401: ['需要登录', 'Sign-in required'],
  403: ['无权访问', 'Access denied'],
  404: ['页面不存在', 'Page not found'],
  405: ['请求方式不支持', 'Method not allowed'],
  409: ['操作冲突', 'Conflict'],
  413: ['提交的内容过大', 'Request too large'],
  415: ['不支持的内容类型', 'Unsupported content type'],
  422: ['提交的内容有误', 'Invalid input'],
  429: ['请求过于频繁', 'Too many requests'],
  500: ['系统繁忙', 'Server error'],
  503: ['暂时无法提供', 'Service unavailable'],
};

/** An error page for a status with an optional explanation. */
export function ErrorPage(props: { req: FastifyRequest; status: number; message?: string }) {
  const t = translator(props.req.lang);
  const [zh, en] = TITLES[props.status] ?? TITLES[500];
  const title = t(zh, en);
  return (
    <Layout req={props.req} title={title} area={props.req.url.startsWith('/admin') ? 'admin' : 'portal'}>
      <h1>{title}</h1>
      <p class="notice error" role="alert">
        {props.message ??
          (props.status === 404
            ? t('您访问的页面不存在或已被撤回。', 'The page you asked for does not exist or has been withdrawn.')
            : props.status >= 500
              ? t('服务暂时出现问题，请稍后再试。', 'Something went wrong on our side. Please try again later.')
              : title)}
      </p>
      <p>
        <a href="/">{t('返回门户首页', 'Back to the portal home')}</a>
      </p>
    </Layout>
  );
}
