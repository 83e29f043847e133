import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { DELIVERY_STATUSES, type Language, LANGUAGES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { NewsletterForm } from '~/components/NewsletterForm'
import { ScrollRegion } from '~/components/ScrollRegion'
import { TimeZoneSelect } from '~/components/TimeZoneSelect'
import { config } from '~/config.server'
import { baseUrl, requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatCompact, formatNumber, languageName, timeZones, zoneLabel } from '~/lib/format'
import { loc } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { listIdsOf, NewsletterFormSchema, ScheduleSchema } from '~/lib/newsletter-form'
import { idParam } from '~/lib/params.server'
import { NEWSLETTER_PREVIEW_ACTION, skipAfterPreview } from '~/lib/revalidation'
import { useLiveRefresh } from '~/lib/use-live-refresh'
import { LanguageSchema, parseForm } from '~/lib/validation'
import { formValues } from '~/lib/webinar-form-values.server'
import { newsletterMailEventCounts } from '~/services/mail-events.server'
import { listAudiences } from '~/services/newsletters/audiences.server'
import { linkClicks } from '~/services/newsletters/clicks.server'
import { listOptions, listsOfNewsletter } from '~/services/newsletters/lists.server'
import {
  type DeliveryStatus,
  EDITABLE,
  getNewsletter,
  listDeliveries,
  newsletterProgress,
  newsletterReach,
  saveNewsletter,
  scheduleNewsletter,
  sendProblem,
  setPaused,
  startSending,
  unscheduleNewsletter,
} from '~/services/newsletters/newsletter.server'
import { sendTestCopy } from '~/services/newsletters/rendering.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['newsletters', 'staff'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'newsletters', data?.subject)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const id = idParam(params.id)
  const newsletter = getNewsletter(db, id)
  if (!newsletter) throw new Response('Not found', { status: 404 })
  const url = new URL(request.url)
  const status = (DELIVERY_STATUSES as readonly string[]).includes(url.searchParams.get('status') ?? '')
    ? (url.searchParams.get('status') as DeliveryStatus)
    : undefined
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1)
  const editable = (EDITABLE as readonly string[]).includes(newsletter.status)
  const audiences = listAudiences(db)
  const values: Record<string, string> = {
    slug: newsletter.slug,
    audienceId: newsletter.audienceId ? String(newsletter.audienceId) : '',
    listIds: listsOfNewsletter(db, id)
      .map((l) => l.id)
      .join(','),
  }
  for (const v of newsletter.versions) {
    values[`subject_${v.language}`] = v.subject
    values[`preheader_${v.language}`] = v.preheader
    values[`body_${v.language}`] = v.bodyMarkdown
    if (v.complete) values[`complete_${v.language}`] = 'on'
  }
  const reach = newsletterReach(db, id)
  return {
    id,
    slug: newsletter.slug,
    status: newsletter.status,
    pausedReason: newsletter.status === 'paused' ? newsletter.pausedReason : null,
    subject: newsletter.versions.find((v) => v.language === 'en')?.subject ?? newsletter.slug,
    scheduledAt: newsletter.scheduledAt?.toISOString() ?? null,
    sendStartedAt: newsletter.sendStartedAt?.toISOString() ?? null,
    sentAt: newsletter.sentAt?.toISOString() ?? null,
    versions: newsletter.versions.map((v) => ({ language: v.language, complete: v.complete, subject: v.subject })),
    editable,
    values,
    audiences,
    lists: listOptions(db, language),
    reach: reach
      ? {
          audienceName: reach.audienceName,
          lists: reach.lists.map((l) => loc(l.name, language)),
          counts: reach.counts,
        }
      : null,
    problem: editable ? sendProblem(db, id) : null,
    progress: editable ? null : newsletterProgress(db, id),
    deliveries: editable ? null : listDeliveries(db, id, { status, page }),
    clicks: editable ? null : linkClicks(db, id),
    reports: editable ? null : newsletterMailEventCounts(db, id),
    filter: status ?? null,
    page,
    mailConfigured: Boolean(config().smtpUrl),
    timeZones: timeZones(),
    language,
    timeZone,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const id = idParam(params.id)
  const db = getDb()
  const form = await readForm(request)
  const here = `/staff/newsletters/${id}`
  if (!getNewsletter(db, id)) throw new Response('Not found', { status: 404 })
  const fail = (errors: Record<string, string[]>, status = 400) =>
    data({ errors, values: undefined as Record<string, string> | undefined }, { status })
  switch (form.get('intent')) {
    case 'save': {
      const parsed = parseForm(NewsletterFormSchema, form)
      const values = { ...formValues(form), listIds: listIdsOf(form).join(',') }
      if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 })
      const newsletter = { ...parsed.data, listIds: listIdsOf(form) }
      const result = saveNewsletter(db, { id, newsletter }, { actorId: staff.id })
      if (!result.ok)
        return data(
          {
            errors: { [result.error === 'slugTaken' ? 'slug' : 'form']: [`errors.newsletter.${result.error}`] },
            values,
          },
          { status: 409 },
        )
      return redirectWithNotice(request, here, 'notices.newsletter.saved')
    }
    case 'test': {
      const language = LanguageSchema.safeParse(form.get('testLanguage'))
      if (!language.success) return fail({ testLanguage: ['errors.field.language'] })
      sendTestCopy(db, { id, staff, language: language.data }, { baseUrl: baseUrl() })
      return redirectWithNotice(request, `${here}#send`, 'notices.newsletter.testQueued')
    }
    case 'send': {
      if (form.get('confirm') !== 'yes') return fail({ confirm: ['errors.newsletter.confirmSend'] })
      const result = startSending(db, id, staff.id)
      if (!result.ok) return fail({ send: [`errors.newsletter.${result.error}`] }, 409)
      return redirectWithNotice(request, here, 'notices.newsletter.sending')
    }
    case 'schedule': {
      const parsed = parseForm(ScheduleSchema, form)
      if (!parsed.ok) return fail(parsed.errors as Record<string, string[]>)
      const result = scheduleNewsletter(db, { id, at: parsed.data }, { actorId: staff.id })
      if (!result.ok) return fail({ schedule: [`errors.newsletter.${result.error}`] }, 409)
      return redirectWithNotice(request, here, 'notices.newsletter.scheduled')
    }
    case 'unschedule': {
      unscheduleNewsletter(db, id, staff.id)
      return redirectWithNotice(request, here, 'notices.newsletter.unscheduled')
    }
    case 'pause':
    case 'resume': {
      const paused = form.get('intent') === 'pause'
      if (!setPaused(db, { id, paused }, { actorId: staff.id }))
        return fail({ progress: ['errors.newsletter.notSending'] }, 409)
      return redirectWithNotice(request, here, paused ? 'notices.newsletter.paused' : 'notices.newsletter.resumed')
    }
    default:
      return fail({ form: ['errors.form.rejected'] })
  }
}

function LanguageSelect({ inputProps, viewerLanguage }: { inputProps: object; viewerLanguage: Language }) {
  return (
    <select {...inputProps} defaultValue={viewerLanguage}>
      {LANGUAGES.map((l) => (
        <option key={l} value={l}>
          {languageName(l, viewerLanguage)}
        </option>
      ))}
    </select>
  )
}

export default function ManageNewsletter() {
  const { t } = useTranslation('newsletters')
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors?: Record<string, string[] | undefined>; values?: Record<string, string> } | undefined
  const errors = actionData?.errors
  const tc = (keys: string[] | undefined) => keys?.map((k) => t(`common:${k}`)).join(' ')
  useLiveRefresh(d.status === 'sending')
  return (
    <>
      <h1>{d.subject}</h1>
      <p>
        <span className={`badge ${d.status === 'sent' ? 'ok' : d.status === 'paused' ? 'warn' : ''}`}>
          {t(`newsletters.statuses.${d.status}`)}
        </span>{' '}
        {d.scheduledAt
          ? t('newsletters.scheduledFor', {
              when: `${formatCompact(new Date(d.scheduledAt), d.language, d.timeZone)} (${zoneLabel(d.timeZone)})`,
            })
          : null}
        {d.sendStartedAt
          ? t('newsletters.startedAt', {
              when: `${formatCompact(new Date(d.sendStartedAt), d.language, d.timeZone)} (${zoneLabel(d.timeZone)})`,
            })
          : null}{' '}
        <Link to="/staff/newsletters">{t('newsletters.back')}</Link>
      </p>
      {d.pausedReason ? (
        <p className="notice warn" role="alert">
          {t('newsletters.pausedUnreadable')} <code>{d.pausedReason}</code>
        </p>
      ) : null}

      {d.editable ? (
        <>
          <section aria-labelledby="content">
            <h2 id="content">{t('newsletters.content')}</h2>
            <NewsletterForm
              key={JSON.stringify(d.values)}
              values={actionData?.values ?? d.values}
              errors={actionData?.values ? errors : undefined}
              audiences={d.audiences}
              lists={d.lists}
              viewerLanguage={d.language}
              previewAction={NEWSLETTER_PREVIEW_ACTION}
              submitLabel={t('newsletters.save')}
            />
          </section>

          <section aria-labelledby="preview-as" className="card">
            <h2 id="preview-as">{t('newsletters.previewAs')}</h2>
            <p className="hint">{t('newsletters.previewAsHint')}</p>
            <Form
              method="get"
              action={`/staff/newsletters/${d.id}/preview`}
              target="_blank"
              reloadDocument
              className="filters"
            >
              <Field name="email" label={t('newsletters.previewEmail')} type="email" />
              <Field name="language" label={t('newsletters.previewAsLanguage')}>
                {(p) => <LanguageSelect inputProps={p} viewerLanguage={d.language} />}
              </Field>
              <Field name="zone" label={t('newsletters.previewZone')}>
                {(p) => <TimeZoneSelect inputProps={p} zones={d.timeZones} value={d.timeZone} />}
              </Field>
              <div>
                <button type="submit" className="secondary">
                  {t('newsletters.openPreview')}
                </button>
              </div>
            </Form>
          </section>

          <section aria-labelledby="send-heading" className="card" id="send">
            <h2 id="send-heading">{t('newsletters.sendTitle')}</h2>
            {d.reach ? (
              <p>
                {d.reach.lists.length
                  ? t('newsletters.listsSummary', {
                      count: d.reach.lists.length,
                      lists: new Intl.ListFormat(d.language).format(d.reach.lists.map((l) => `“${l}”`)),
                      narrowed: d.reach.audienceName ? t('newsletters.narrowedTo', { name: d.reach.audienceName }) : '',
                      recipients: formatNumber(d.reach.counts.recipients, d.language),
                      digest: formatNumber(d.reach.counts.digest, d.language),
                      unsubscribed: formatNumber(d.reach.counts.unsubscribed, d.language),
                      bounced: formatNumber(d.reach.counts.bounced, d.language),
                    })
                  : t('newsletters.audienceSummary', {
                      name: d.reach.audienceName,
                      recipients: formatNumber(d.reach.counts.recipients, d.language),
                      unsubscribed: formatNumber(d.reach.counts.unsubscribed, d.language),
                      bounced: formatNumber(d.reach.counts.bounced, d.language),
                    })}
              </p>
            ) : null}
            {d.problem ? <p className="field-error">{t(`common:errors.newsletter.${d.problem}`)}</p> : null}
            {!d.mailConfigured ? <p className="notice warn">{t('newsletters.noSmtp')}</p> : null}
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="test" />
              <Field name="testLanguage" label={t('newsletters.testLanguage')} errors={errors?.testLanguage}>
                {(p) => <LanguageSelect inputProps={p} viewerLanguage={d.language} />}
              </Field>
              <div>
                <button type="submit" className="secondary">
                  {t('newsletters.sendTest')}
                </button>
              </div>
            </Form>
            {d.status === 'scheduled' ? (
              <Form method="post">
                <input type="hidden" name="intent" value="unschedule" />
                <button type="submit" className="secondary">
                  {t('newsletters.unschedule')}
                </button>
              </Form>
            ) : null}
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="send" />
              <div className="field">
                <label>
                  <input
                    type="checkbox"
                    name="confirm"
                    value="yes"
                    aria-describedby={errors?.confirm ? 'confirm-error' : undefined}
                  />{' '}
                  {t('newsletters.confirmSend')}
                </label>
                {errors?.confirm ? (
                  <span id="confirm-error" className="field-error">
                    {tc(errors.confirm)}
                  </span>
                ) : null}
                {errors?.send ? <span className="field-error">{tc(errors.send)}</span> : null}
              </div>
              <div>
                <button type="submit" disabled={Boolean(d.problem)}>
                  {d.reach
                    ? t('newsletters.sendNow', { count: d.reach.counts.recipients })
                    : t('newsletters.sendNowPlain')}
                </button>
              </div>
            </Form>
            <Form method="post" className="filters">
              <input type="hidden" name="intent" value="schedule" />
              <Field name="date" label={t('staff:webinarForm.date')} type="date" errors={errors?.date} />
              <Field name="time" label={t('staff:webinarForm.time')} type="time" errors={errors?.time} />
              <Field name="timeZone" label={t('staff:webinarForm.timeZone')} errors={errors?.timeZone}>
                {(p) => <TimeZoneSelect inputProps={p} zones={d.timeZones} value={d.timeZone} />}
              </Field>
              <div>
                <button type="submit" className="secondary" disabled={Boolean(d.problem)}>
                  {t('newsletters.schedule')}
                </button>
                {errors?.schedule ? <span className="field-error">{tc(errors.schedule)}</span> : null}
              </div>
            </Form>
          </section>
        </>
      ) : (
        <Progress />
      )}
    </>
  )
}

function Progress() {
  const { t } = useTranslation('newsletters')
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { errors?: Record<string, string[] | undefined> } | undefined
  const p = d.progress!
  const list = d.deliveries!
  const n = (x: number) => formatNumber(x, d.language)
  const done = p.totals.sent + p.totals.failed + p.totals.skipped
  const filterLink = (status: string | null, page = 1) =>
    `?${new URLSearchParams({ ...(status ? { status } : {}), ...(page > 1 ? { page: String(page) } : {}) })}`
  return (
    <>
      <section aria-labelledby="progress">
        <h2 id="progress">{t('newsletters.progress')}</h2>
        {!d.mailConfigured && d.status !== 'sent' ? <p className="notice warn">{t('newsletters.noSmtp')}</p> : null}
        <progress className="wide" max={Math.max(1, p.totals.total)} value={done} aria-labelledby="progress">
          {n(done)} / {n(p.totals.total)}
        </progress>
        <p className="progress-figure">
          {t('newsletters.progressFigure', {
            percent: new Intl.NumberFormat(d.language, { style: 'percent', maximumFractionDigits: 0 }).format(
              p.totals.total ? done / p.totals.total : 0,
            ),
            done: n(done),
            total: n(p.totals.total),
          })}
        </p>
        <dl className="details" aria-live="polite">
          <dt>{t('newsletters.deliveryStatuses.queued')}</dt>
          <dd>{n(p.totals.queued + p.totals.sending)}</dd>
          <dt>{t('newsletters.deliveryStatuses.sent')}</dt>
          <dd>{n(p.totals.sent)}</dd>
          <dt>{t('newsletters.deliveryStatuses.failed')}</dt>
          <dd>{n(p.totals.failed)}</dd>
          <dt>{t('newsletters.deliveryStatuses.skipped')}</dt>
          <dd>{n(p.totals.skipped)}</dd>
          {d.reports ? (
            <>
              <dt>{t('newsletters.laterBounces')}</dt>
              <dd>
                {t('newsletters.laterBouncesFigure', {
                  hard: n(d.reports.hard_bounce),
                  soft: n(d.reports.soft_bounce),
                })}
              </dd>
              <dt>{t('newsletters.complaints')}</dt>
              <dd>{n(d.reports.complaint)}</dd>
            </>
          ) : null}
          <dt>{t('newsletters.rate')}</dt>
          <dd>{t('newsletters.perSecond', { rate: formatNumber(Math.round(p.rate * 10) / 10, d.language) })}</dd>
          <dt>{t('newsletters.eta')}</dt>
          <dd>{p.etaSeconds !== null ? t('newsletters.seconds', { count: p.etaSeconds }) : '—'}</dd>
          {p.nextRetryAt ? (
            <>
              <dt>{t('newsletters.nextRetry')}</dt>
              <dd>{`${formatCompact(new Date(p.nextRetryAt), d.language, d.timeZone)} (${zoneLabel(d.timeZone)})`}</dd>
            </>
          ) : null}
        </dl>
        {d.status === 'sending' || d.status === 'paused' ? (
          <Form method="post">
            <input type="hidden" name="intent" value={d.status === 'sending' ? 'pause' : 'resume'} />
            <button type="submit" className="secondary">
              {d.status === 'sending' ? t('newsletters.pause') : t('newsletters.resume')}
            </button>
            {actionData?.errors?.progress ? (
              <span className="field-error">{actionData.errors.progress.map((e) => t(`common:${e}`)).join(' ')}</span>
            ) : null}
          </Form>
        ) : null}
        <p>
          {t('newsletters.readArchive')}{' '}
          {d.versions
            .filter((v) => v.complete)
            .map((v) => (
              <span key={v.language}>
                <a href={`/newsletters/${d.slug}/${v.language}`} lang={v.language} hrefLang={v.language}>
                  {languageName(v.language, d.language)}
                </a>{' '}
              </span>
            ))}
        </p>
      </section>
      <section aria-labelledby="clicks">
        <h2 id="clicks">{t('newsletters.clicksTitle')}</h2>
        <p className="hint">{t('newsletters.clicksHint')}</p>
        {d.clicks?.length ? (
          <ScrollRegion>
            <table className="card-table">
              <thead>
                <tr>
                  <th scope="col">{t('newsletters.link')}</th>
                  {LANGUAGES.map((l) => (
                    <th key={l} scope="col" className="num">
                      {languageName(l, d.language)}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t('newsletters.totalClicks')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.clicks.map((c) => (
                  <tr key={c.url}>
                    <th scope="row" className="break link-cell">
                      <a href={c.url} rel="noopener noreferrer">
                        {c.url.replace(/^https?:\/\//, '')}
                      </a>
                    </th>
                    {LANGUAGES.map((l) => (
                      <td key={l} className="num" data-label={languageName(l, d.language)}>
                        {n(c.byLanguage[l] ?? 0)}
                      </td>
                    ))}
                    <td className="num" data-label={t('newsletters.totalClicks')}>
                      {n(c.total)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : (
          <p className="muted">{t('newsletters.noClicks')}</p>
        )}
      </section>
      <section aria-labelledby="deliveries">
        <h2 id="deliveries">{t('newsletters.deliveries')}</h2>
        <nav aria-label={t('newsletters.filterDeliveries')} className="filters">
          <Link to={filterLink(null)} aria-current={d.filter === null ? 'page' : undefined}>
            {t('newsletters.allDeliveries', { count: p.totals.total })}
          </Link>
          {DELIVERY_STATUSES.map((s) => (
            <Link key={s} to={filterLink(s)} aria-current={d.filter === s ? 'page' : undefined}>
              {t(`newsletters.deliveryStatuses.${s}`)} ({n(p.totals[s])})
            </Link>
          ))}
        </nav>
        <ScrollRegion>
          <table className="card-table">
            <thead>
              <tr>
                <th scope="col">{t('newsletters.recipient')}</th>
                <th scope="col">{t('newsletters.language')}</th>
                <th scope="col">{t('newsletters.status')}</th>
                <th scope="col" className="num">
                  {t('newsletters.attempts')}
                </th>
                <th scope="col">{t('newsletters.sentAt', { zone: d.timeZone })}</th>
                <th scope="col">{t('newsletters.error')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {r.name} <span className="muted">{r.email}</span>
                  </th>
                  <td data-label={t('newsletters.language')}>{r.language.toUpperCase()}</td>
                  <td data-label={t('newsletters.status')}>{t(`newsletters.deliveryStatuses.${r.status}`)}</td>
                  <td className="num" data-label={t('newsletters.attempts')}>
                    {r.attempts}
                  </td>
                  <td className="nowrap" data-label={t('newsletters.sentAt', { zone: d.timeZone })}>
                    {r.sentAt ? formatCompact(new Date(r.sentAt), d.language, d.timeZone) : '—'}
                  </td>
                  {r.error ? <td data-label={t('newsletters.error')}>{r.error}</td> : <td />}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        {list.pages > 1 ? (
          <nav className="pager" aria-label={t('newsletters.pages')}>
            {d.page > 1 ? <Link to={filterLink(d.filter, d.page - 1)}>{t('newsletters.previousPage')}</Link> : null}
            <span>{t('newsletters.pageOf', { page: d.page, pages: list.pages })}</span>
            {d.page < list.pages ? (
              <Link to={filterLink(d.filter, d.page + 1)}>{t('newsletters.nextPage')}</Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </>
  )
}

/** No reload after the newsletter live preview (see app/lib/revalidation.ts). */
export const shouldRevalidate = skipAfterPreview
