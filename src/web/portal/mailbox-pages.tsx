/**
 * Portal pages of public interaction: the 厅长信箱 / 在线咨询 form (rate-limited, validated with field messages), the
 * receipt with its tracking code, the tracking page, published letters with replies and the year's reply statistics,
 * and public solicitations (征集意见) with their form and published summary.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Agency } from '../../agencies/agency.ts';
import { getAgency } from '../../agencies/agency-service.ts';
import { CHANNELS, CHANNELS_EN, LETTER_STATES, LETTER_STATES_EN } from '../../mailbox/letter.ts';
import { letterStatisticsOf, listPublishedLetters, replyWorkdaysOf, submitLetter, trackLetter } from '../../mailbox/letter-service.ts';
import { phaseOn, SUBMISSION_KINDS, SUBMISSION_KINDS_EN, type SolicitationPhase } from '../../mailbox/solicitation.ts';
import { getPublishedSolicitation, listPublishedSolicitations, submitToSolicitation } from '../../mailbox/solicitation-service.ts';
import { todayOn } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { translator, type Lang } from '../../platform/i18n/i18n.ts';
import { ErrorSummary, Field, fieldErrorsOf, formString, type FieldErrors } from '../admin/form-fields.tsx';
import { Layout } from '../shared/layout.tsx';
import { sendCachedPage } from '../shared/page-cache-hook.ts';
import { sendPage } from '../shared/render.tsx';
import { applicationLimiter } from '../requests/application-limit.ts';
import { agencyNav } from './agency-nav.ts';

function InteractionTabs({ code, lang, current }: { code: string; lang: Lang; current: string }) {
  const t = translator(lang);
  const base = `/agencies/${encodeURIComponent(code)}`;
  const tabs: [string, string][] = [
    [`${base}/mailbox`, t('厅长信箱与在线咨询', 'Mailbox and questions')],
    [`${base}/mailbox/track`, t('来信查询', 'Track a letter')],
    [`${base}/solicitations`, t('征集意见', 'Consultations')],
  ];
  return (
    <nav class="subnav" aria-label={t('政民互动', 'Public interaction')}>
      <ul>{tabs.map(([href, label]) => <li><a href={href} aria-current={href === current ? 'page' : undefined}>{label}</a></li>)}</ul>
    </nav>
  );
}

function page(req: FastifyRequest, a: Agency, title: string, path: string, children: preact.ComponentChildren) {
  return (
    <Layout req={req} title={title} nav={agencyNav(a.code, req.lang)} breadcrumbs={[{ href: `/agencies/${a.code}`, label: req.lang === 'en' && a.nameEn ? a.nameEn : a.name }]}>
      <h1>{title}</h1>
      <InteractionTabs code={a.code} lang={req.lang} current={path} />
      {children}
    </Layout>
  );
}

function LetterForm({ req, a, values, errors, workdays }: { req: FastifyRequest; a: Agency; values: Record<string, string>; errors?: FieldErrors; workdays: number }) {
  const t = translator(req.lang);
  return (
    <form method="post" action={`/agencies/${a.code}/mailbox`} class="stacked panel" novalidate>
      <h2>{t('我要写信', 'Write to us')}</h2>
      <p class="hint">{t(`我们将在收到后 ${workdays} 个工作日内答复。申请获取政府信息请使用“依申请公开”；信访事项请通过信访渠道反映。`,
        `We reply within ${workdays} working days. To request government information use “Request information”; petitions go through the petition channel.`)}</p>
      <ErrorSummary req={req} errors={errors} />
      <Field req={req} name="channel" label={t('留言类型', 'Type')} value={values.channel} errors={errors}
        options={Object.entries(CHANNELS).map(([k, v]) => ({ value: k, label: req.lang === 'en' ? CHANNELS_EN[k as keyof typeof CHANNELS] : v }))} />
      <Field req={req} name="subject" label={t('标题', 'Subject')} value={values.subject} errors={errors} required maxLength={100} />
      <Field req={req} name="question" label={t('内容', 'Message')} value={values.question} errors={errors} required multiline maxLength={5000}
        hint={t('请勿在内容中填写身份证号码等个人信息。', 'Do not put ID numbers or other personal data in the message.')} />
      <Field req={req} name="name" label={t('姓名', 'Name')} value={values.name} errors={errors} required autocomplete="name" maxLength={50} />
      <Field req={req} name="phone" label={t('联系电话', 'Phone')} value={values.phone} errors={errors} autocomplete="tel" inputMode="tel" maxLength={30}
        hint={t('电话和电子邮箱至少填写一项；仅用于答复，不会公开。', 'Give a phone or an email (or both); used only to reply, never published.')} />
      <Field req={req} name="email" label={t('电子邮箱', 'Email')} type="email" value={values.email} errors={errors} autocomplete="email" maxLength={200} />
      <div class="field">
        <input type="checkbox" id="f-publishConsent" name="publishConsent" value="on" checked={values.publishConsent === 'on'} />
        <label for="f-publishConsent" class="inline-label">{t('同意在去除个人信息后公开我的来信和答复', 'I agree that my letter and the reply may be published without my personal data')}</label>
      </div>
      <button type="submit">{t('提交', 'Send')}</button>
    </form>
  );
}

const phaseLabel = (p: SolicitationPhase, lang: Lang) => translator(lang)(
  p === 'open' ? '征集中' : p === 'upcoming' ? '未开始' : '已截止',
  p === 'open' ? 'Open' : p === 'upcoming' ? 'Not yet open' : 'Closed',
);

/** Registers the public interaction pages. */
export async function registerMailboxPages(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const mailboxPage = async (req: FastifyRequest, a: Agency, values: Record<string, string>, errors?: FieldErrors) => {
    const t = translator(req.lang);
    const year = Number(todayOn(ctx.clock).slice(0, 4));
    const [stats, published, workdays] = await Promise.all([letterStatisticsOf(ctx, a.id, year), listPublishedLetters(ctx, a.id, 1, 20), replyWorkdaysOf(ctx, a.id)]);
    return page(req, a, t('厅长信箱与在线咨询', "Director's mailbox and questions"), `/agencies/${a.code}/mailbox`, <>
      <LetterForm req={req} a={a} values={values} errors={errors} workdays={workdays} />
      <section aria-labelledby="stats-h">
        <h2 id="stats-h">{t(`${year}年办理情况`, `Letters in ${year}`)}</h2>
        <dl class="meta">
          <dt>{t('收到来信', 'Received')}</dt><dd>{stats.received}</dd>
          <dt>{t('已答复', 'Answered')}</dt><dd>{stats.answered}</dd>
          <dt>{t('答复率', 'Reply rate')}</dt><dd>{stats.replyRate === null ? '—' : `${stats.replyRate}%`}</dd>
          <dt>{t('按期答复率', 'Answered on time')}</dt><dd>{stats.onTimeRate === null ? '—' : `${stats.onTimeRate}%`}</dd>
        </dl>
      </section>
      <section aria-labelledby="pub-h">
        <h2 id="pub-h">{t('来信选登', 'Published letters')}</h2>
        {published.rows.length ? published.rows.map((l) => (
          <article class="panel letter" aria-labelledby={`l-${l.id}`}>
            <h3 id={`l-${l.id}`}>{l.subject}</h3>
            <p class="trace">{req.lang === 'en' ? CHANNELS_EN[l.channel] : CHANNELS[l.channel]} · {t('来信日期', 'Received')} {l.receivedOn} · {t('答复日期', 'Answered')} {l.repliedOn}</p>
            <h4>{t('来信内容', 'Letter')}</h4>
            <p class="pre-line">{l.question}</p>
            <h4>{t('答复内容', 'Reply')}</h4>
            <p class="pre-line">{l.reply}</p>
          </article>
        )) : <p>{t('暂无公开的来信。', 'No letters published yet.')}</p>}
      </section>
    </>);
  };

  app.get<{ Params: { code: string } }>('/agencies/:code/mailbox', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    return sendCachedPage(req, reply, await mailboxPage(req, a, { channel: 'director_mailbox' }), { agencies: [a.id] });
  });

  // Only accepted letters and opinions use up the hourly budget (config.applicationsPerHour), so someone correcting
  // field errors is not locked out; the per-route limit stays as a guard against floods of posts.
  const letterLimit = applicationLimiter(ctx, { bucket: 'letters', message: '提交过于频繁，请稍后再试' });
  const opinionLimit = applicationLimiter(ctx, { bucket: 'opinions', message: '提交过于频繁，请稍后再试' });
  await app.register(async (scope) => {
    scope.addHook('onRequest', scope.rateLimit({ max: ctx.config.applicationsPerHour * 6, timeWindow: '1 hour' }));

    scope.post<{ Params: { code: string } }>('/agencies/:code/mailbox', async (req, reply) => {
      const a = await getAgency(ctx, req.params.code);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const values = Object.fromEntries(['channel', 'subject', 'question', 'name', 'phone', 'email', 'publishConsent'].map((k) => [k, formString(body, k)]));
      if (!values.channel) values.channel = 'director_mailbox';
      const t = translator(req.lang);
      reply.header('cache-control', 'no-store');
      letterLimit.check(req.ip);
      try {
        const r = await submitLetter(ctx, a.code, values, { actor: { userId: null, label: 'public', ip: req.ip } });
        letterLimit.record(req.ip);
        return sendPage(req, reply, page(req, a, t('来信已收到', 'Letter received'), `/agencies/${a.code}/mailbox`, <>
          <div class="notice ok" role="status">
            <p>{t('您的来信已收到。请记下查询码，用于查询办理进度和答复：', 'We have your letter. Keep this tracking code to follow it and read the reply:')}</p>
            <p class="tracking-code"><strong>{r.body.trackingCode}</strong></p>
            <p>{t(`答复期限：${r.body.dueOn}`, `Reply due by ${r.body.dueOn}`)}</p>
          </div>
          <p><a href={`/agencies/${a.code}/mailbox/track?code=${r.body.trackingCode}`}>{t('查看办理进度', 'Follow this letter')}</a></p>
        </>), 201);
      } catch (err) {
        const errors = fieldErrorsOf(err);
        return sendPage(req, reply, await mailboxPage(req, a, values, errors), 422);
      }
    });

    scope.post<{ Params: { code: string; id: string } }>('/agencies/:code/solicitations/:id', async (req, reply) => {
      const a = await getAgency(ctx, req.params.code);
      const s = await getPublishedSolicitation(ctx, a.id, req.params.id);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const values = Object.fromEntries(['kind', 'content', 'name', 'phone'].map((k) => [k, formString(body, k)]));
      reply.header('cache-control', 'no-store');
      opinionLimit.check(req.ip);
      try {
        await submitToSolicitation(ctx, a.id, s.id, values, { userId: null, label: 'public', ip: req.ip });
        opinionLimit.record(req.ip);
        return sendPage(req, reply, await solicitationPage(req, a, s.id, {}, undefined, true), 201);
      } catch (err) {
        return sendPage(req, reply, await solicitationPage(req, a, s.id, values, fieldErrorsOf(err)), 422);
      }
    });
  });

  app.get<{ Params: { code: string }; Querystring: { code?: string } }>('/agencies/:code/mailbox/track', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    const t = translator(req.lang);
    const code = typeof req.query.code === 'string' ? req.query.code.slice(0, 64) : '';
    let view: Awaited<ReturnType<typeof trackLetter>> | undefined;
    let notFound = false;
    if (code) {
      try {
        view = await trackLetter(ctx, code);
        if (view.agencyId !== a.id) view = undefined;
      } catch {
        view = undefined;
      }
      notFound = !view;
    }
    reply.header('cache-control', 'no-store');
    return sendPage(req, reply, page(req, a, t('来信查询', 'Track a letter'), `/agencies/${a.code}/mailbox/track`, <>
      <form method="get" action={`/agencies/${a.code}/mailbox/track`} class="filters">
        <div class="field"><label for="trk">{t('查询码', 'Tracking code')}</label>
          <input id="trk" name="code" value={code} maxLength={64} autoComplete="off" aria-invalid={notFound ? 'true' : undefined} aria-describedby={notFound ? 'trk-error' : undefined} />
          {notFound ? <span class="field-error" id="trk-error">{t('未找到该来信，请核对查询码', 'No letter has this code')}</span> : null}
        </div>
        <button type="submit">{t('查询', 'Look up')}</button>
      </form>
      {view ? (
        <section class="panel" aria-labelledby="trk-h">
          <h2 id="trk-h">{view.subject}</h2>
          <dl class="meta">
            <dt>{t('状态', 'Status')}</dt><dd>{req.lang === 'en' ? LETTER_STATES_EN[view.state] : LETTER_STATES[view.state]}</dd>
            <dt>{t('收到日期', 'Received')}</dt><dd>{view.receivedOn}</dd>
            <dt>{t('答复期限', 'Reply due')}</dt><dd>{view.dueOn}</dd>
            {view.repliedOn ? <><dt>{t('答复日期', 'Answered')}</dt><dd>{view.repliedOn}</dd></> : null}
          </dl>
          {view.reply ? <><h3>{t('答复内容', 'Reply')}</h3><p class="pre-line">{view.reply}</p></> : null}
          {view.convertedTo === 'disclosure_request' ? <p><a href={`/agencies/${a.code}/apply`}>{t('了解依申请公开', 'About requests for information')}</a></p> : null}
        </section>
      ) : null}
    </>), notFound ? 404 : 200);
  });

  app.get<{ Params: { code: string } }>('/agencies/:code/solicitations', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    const t = translator(req.lang);
    const today = todayOn(ctx.clock);
    const list = await listPublishedSolicitations(ctx, a.id);
    return sendCachedPage(req, reply, page(req, a, t('征集意见', 'Public consultations'), `/agencies/${a.code}/solicitations`, <>
      {list.length ? <ul class="list">{list.map((s) => {
        const phase = phaseOn(s, today);
        return <li><a href={`/agencies/${a.code}/solicitations/${s.id}`}>{s.title}</a>
          <span><span class={`badge ${phase === 'open' ? 'ok' : ''}`}>{phaseLabel(phase, req.lang)}</span> <time>{s.opensOn} – {s.closesOn}</time></span></li>;
      })}</ul> : <p class="notice">{t('暂无征集公告。', 'No consultations yet.')}</p>}
    </>), { agencies: [a.id] });
  });

  const solicitationPage = async (req: FastifyRequest, a: Agency, id: string, values: Record<string, string>, errors?: FieldErrors, sent = false) => {
    const t = translator(req.lang);
    const s = await getPublishedSolicitation(ctx, a.id, id);
    const phase = phaseOn(s, todayOn(ctx.clock));
    return page(req, a, s.title, `/agencies/${a.code}/solicitations`, <>
      <p class="trace">{t('征集时间：', 'Open: ')}{s.opensOn} – {s.closesOn} · <span class={`badge ${phase === 'open' ? 'ok' : ''}`}>{phaseLabel(phase, req.lang)}</span></p>
      {s.isDemo ? <p class="notice warn">{t('演示数据。', 'Demo data.')}</p> : null}
      <div class="body-text" dangerouslySetInnerHTML={{ __html: s.body }} />
      {sent ? <p class="notice ok" role="status">{t('您的意见已收到，感谢参与！', 'Thank you: we have your submission.')}</p> : null}
      {phase === 'open' && !sent ? (
        <form method="post" action={`/agencies/${a.code}/solicitations/${s.id}`} class="stacked panel" novalidate>
          <h2>{t('提交意见建议或问题线索', 'Send a suggestion or a problem clue')}</h2>
          <ErrorSummary req={req} errors={errors} />
          <Field req={req} name="kind" label={t('类型', 'Type')} value={values.kind} errors={errors} required
            options={[{ value: '', label: t('请选择', 'Choose') }, ...Object.entries(SUBMISSION_KINDS).map(([k, v]) => ({ value: k, label: req.lang === 'en' ? SUBMISSION_KINDS_EN[k as keyof typeof SUBMISSION_KINDS] : v }))]} />
          <Field req={req} name="content" label={t('内容', 'Content')} value={values.content} errors={errors} required multiline maxLength={5000} />
          <Field req={req} name="name" label={t('姓名（选填）', 'Name (optional)')} value={values.name} errors={errors} maxLength={50} />
          <Field req={req} name="phone" label={t('联系电话（选填）', 'Phone (optional)')} value={values.phone} errors={errors} maxLength={30}
            hint={t('仅用于核实线索，不会公开。', 'Used only to follow up; never published.')} />
          <button type="submit">{t('提交', 'Send')}</button>
        </form>
      ) : null}
      {s.summaryPublishedOn ? (
        <section aria-labelledby="sum-h" class="panel">
          <h2 id="sum-h">{t('征集情况反馈', 'What we received')}</h2>
          <dl class="meta">
            <dt>{t('收到意见建议和线索', 'Received')}</dt><dd>{s.counts.received}</dd>
            <dt>{t('登记有效', 'Registered')}</dt><dd>{s.counts.accepted}</dd>
            <dt>{t('采纳', 'Adopted')}</dt><dd>{s.counts.adopted}</dd>
          </dl>
          <div class="body-text" dangerouslySetInnerHTML={{ __html: s.summary }} />
          <p class="trace">{t('发布日期：', 'Published: ')}{s.summaryPublishedOn}</p>
        </section>
      ) : null}
    </>);
  };

  app.get<{ Params: { code: string; id: string } }>('/agencies/:code/solicitations/:id', async (req, reply) => {
    const a = await getAgency(ctx, req.params.code);
    // Not cached: whether the form shows depends on today's date as well as on the content.
    return sendPage(req, reply, await solicitationPage(req, a, req.params.id.slice(0, 64), { kind: '' }));
  });
}
