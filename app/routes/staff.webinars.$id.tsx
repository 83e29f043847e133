import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { LANGUAGES, MATERIAL_KINDS } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Icon } from '~/components/Icon'
import { Pager } from '~/components/Pager'
import { PhoneLink } from '~/components/PhoneLink'
import { SectionTabs } from '~/components/SectionTabs'
import { WebinarForm } from '~/components/WebinarForm'
import { baseUrl, requireRole } from '~/guards.server'
import { plannerHref } from '~/lib/fairness'
import { readForm } from '~/lib/form.server'
import {
  formatCompact,
  formatDateTime,
  formatNumber,
  formatRange,
  languageName,
  timeZones,
  zoneLabel,
} from '~/lib/format'
import { BOOTH_SIZE } from '~/lib/language-pairs'
import { pageTitle } from '~/lib/meta'
import { idField, idParam } from '~/lib/params.server'
import { emailsByLine } from '~/lib/pasted-emails'
import { LanguageSchema, parseForm, requiredLine } from '~/lib/validation'
import { REGISTRANT_FILTERS } from '~/lib/webinar-constants'
import { WebinarFormSchema } from '~/lib/webinar-form'
import { formValues, webinarFormValues } from '~/lib/webinar-form-values.server'
import { listCaptions, MAX_CAPTION_BYTES, removeCaptions, saveCaptions } from '~/services/captions.server'
import { listSeries } from '~/services/events.server'
import { boothCoverage } from '~/services/interpreters.server'
import { queuePrepPacks } from '~/services/prep-pack.server'
import {
  addMaterial,
  cancelWebinar,
  flagMaterial,
  getWebinarForEdit,
  importAttendance,
  listMaterials,
  markDialOutDone,
  pageRegistrants,
  pendingDialOuts,
  registrantCounts,
  removeMaterial,
  setAttendance,
  updateWebinar,
} from '~/services/webinars-admin.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'staffWebinars', data?.title)

export const WEBINAR_TABS = [
  'overview',
  'registrants',
  'dial-outs',
  'attendance',
  'materials',
  'edit',
  'cancel',
] as const
type Tab = (typeof WEBINAR_TABS)[number]
const PAGE_SIZE = 50

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const id = idParam(params.id)
  const webinar = getWebinarForEdit(db, id)
  if (!webinar) throw new Response('Not found', { status: 404 })
  const title =
    (webinar.texts.find((t) => t.language === language) ?? webinar.texts.find((t) => t.language === 'en'))?.title ??
    webinar.event.slug
  const url = new URL(request.url)
  const tab: Tab = (WEBINAR_TABS as readonly string[]).includes(url.searchParams.get('tab') ?? '')
    ? (url.searchParams.get('tab') as Tab)
    : 'overview'
  const counts = registrantCounts(db, id)
  // Only the two tabs that list people load them: the registrants a page at a time (searched,
  // filtered and paged in SQL), the dial-outs still to make.
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
  const show = (REGISTRANT_FILTERS as readonly string[]).includes(url.searchParams.get('show') ?? '')
    ? (url.searchParams.get('show') as (typeof REGISTRANT_FILTERS)[number])
    : null
  const listed =
    tab === 'registrants'
      ? pageRegistrants(db, id, { q, show, page: url.searchParams.get('page'), size: PAGE_SIZE })
      : null
  const { event } = webinar
  return {
    id,
    title,
    tab,
    slug: event.slug,
    status: event.status,
    summary: {
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
      capacity: event.capacity,
      confirmed: counts.confirmed,
      waitlisted: counts.waitlisted,
      cancelled: counts.cancelled,
      attended: counts.attended,
      channels: webinar.channels.map((c) => ({ language: c.language, conferenceId: c.conferenceId })),
      updates: event.sequence,
      dialOutsPending: counts.dialOutsPending,
    },
    pendingDialOuts: tab === 'dial-outs' ? pendingDialOuts(db, id) : [],
    registrants: listed ? { ...listed, q, show } : null,
    values: tab === 'edit' ? webinarFormValues(webinar) : null,
    materials: tab === 'materials' ? listMaterials(db, id) : [],
    captions: tab === 'materials' ? listCaptions(db, id) : [],
    booths: tab === 'overview' ? boothCoverage(db, id) : [],
    timeZones: tab === 'edit' ? timeZones() : [],
    series: tab === 'edit' ? listSeries(db, language) : [],
    language,
    timeZone,
  }
}

const MaterialSchema = z.object({
  language: LanguageSchema,
  kind: z.enum(MATERIAL_KINDS, { error: 'errors.field.invalid' }),
  title: requiredLine(200),
  url: z
    .string()
    .trim()
    .regex(/^https:\/\/[^\s<>"]+$/, { error: 'errors.webinar.url' }),
  forInterpreters: z.literal('yes').optional(),
})

/** A registration or material that is not this webinar's (or no longer exists): say so, change nothing. */
const nothingChanged = () =>
  data({ errors: { form: ['errors.notFoundNothingChanged'] }, values: undefined }, { status: 404 })

/** Back to the same page of the registrants after marking attendance (only our own parameters). */
function keepListing(form: FormData): string {
  const back = new URLSearchParams({ tab: 'registrants' })
  for (const key of ['q', 'show', 'page']) {
    const v = String(form.get(key) ?? '').slice(0, 100)
    if (v) back.set(key, v)
  }
  return `?${back}`
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const id = idParam(params.id)
  const db = getDb()
  const form = await readForm(request)
  const here = `/staff/webinars/${id}`
  switch (form.get('intent')) {
    case 'save': {
      const parsed = parseForm(WebinarFormSchema, form)
      if (!parsed.ok) return data({ errors: parsed.errors, values: formValues(form) }, { status: 400 })
      const result = updateWebinar(db, { eventId: id, webinar: parsed.data }, { actorId: staff.id, baseUrl: baseUrl() })
      if (!result.ok) {
        const field =
          result.error === 'capacity_below_confirmed'
            ? 'capacity'
            : result.error === 'slug_taken'
              ? 'slug'
              : result.error === 'unknown_series'
                ? 'seriesId'
                : result.error === 'unknown_presenter'
                  ? 'presenters'
                  : 'form'
        const status =
          result.error === 'not_found'
            ? 404
            : result.error === 'unknown_series' || result.error === 'unknown_presenter'
              ? 400
              : 409
        return data({ errors: { [field]: [`errors.webinar.${result.error}`] }, values: formValues(form) }, { status })
      }
      return redirectWithNotice(
        request,
        here,
        result.notified ? 'notices.webinar.updatedNotified' : 'notices.webinar.updated',
      )
    }
    case 'cancel-webinar': {
      if (form.get('confirm') !== 'yes')
        return data({ errors: { confirm: ['errors.webinar.confirmCancel'] }, values: undefined }, { status: 400 })
      const result = cancelWebinar(db, { eventId: id }, { actorId: staff.id, baseUrl: baseUrl() })
      if (!result.ok)
        return data({ errors: { confirm: [`errors.webinar.${result.error}`] }, values: undefined }, { status: 409 })
      return redirectWithNotice(request, here, 'notices.webinar.cancelled')
    }
    case 'dial-out-done': {
      const registrationId = idField(form.get('registrationId'))
      if (!registrationId || !markDialOutDone(db, { eventId: id, registrationId }, { actorId: staff.id }))
        return nothingChanged()
      return redirectWithNotice(request, `${here}?tab=dial-outs`, 'notices.webinar.dialOutDone')
    }
    case 'attendance': {
      const registrationId = idField(form.get('registrationId'))
      if (
        !registrationId ||
        !setAttendance(
          db,
          { eventId: id, registrationId, attended: form.get('attended') === 'yes' },
          { actorId: staff.id },
        )
      )
        return nothingChanged()
      return redirectWithNotice(request, `${here}${keepListing(form)}`, 'notices.webinar.attendanceSaved')
    }
    case 'import-attendance': {
      const emails = emailsByLine(String(form.get('attendees') ?? '')).flatMap((l) => (l.email ? [l.email] : []))
      if (emails.length === 0)
        return data({ errors: { attendees: ['errors.webinar.noEmails'] }, values: undefined }, { status: 400 })
      const result = importAttendance(db, id, emails, staff.id)
      return data({ imported: result, errors: undefined, values: undefined })
    }
    case 'add-material': {
      const parsed = parseForm(MaterialSchema, form)
      if (!parsed.ok)
        return data({ materialErrors: parsed.errors, errors: undefined, values: undefined }, { status: 400 })
      const { forInterpreters, ...material } = parsed.data
      addMaterial(db, id, { ...material, forInterpreters: forInterpreters === 'yes' }, staff.id)
      queuePrepPacks(db, { baseUrl: baseUrl(), eventId: id })
      return redirectWithNotice(request, `${here}?tab=materials`, 'notices.webinar.materialAdded')
    }
    case 'remove-material': {
      const materialId = idField(form.get('materialId'))
      if (!materialId || !removeMaterial(db, id, materialId, staff.id)) return nothingChanged()
      queuePrepPacks(db, { baseUrl: baseUrl(), eventId: id })
      return redirectWithNotice(request, `${here}?tab=materials`, 'notices.webinar.materialRemoved')
    }
    case 'flag-material': {
      const materialId = idField(form.get('materialId'))
      const flag = form.get('forInterpreters') === 'yes'
      if (!materialId || !flagMaterial(db, { eventId: id, materialId, forInterpreters: flag }, { actorId: staff.id }))
        return nothingChanged()
      queuePrepPacks(db, { baseUrl: baseUrl(), eventId: id })
      return redirectWithNotice(
        request,
        `${here}?tab=materials`,
        flag ? 'notices.webinar.materialFlagged' : 'notices.webinar.materialUnflagged',
      )
    }
    case 'upload-captions': {
      const language = LanguageSchema.safeParse(form.get('language'))
      const file = form.get('captions')
      const fail = (captions: string[], status = 400, problems: CaptionProblemView[] = []) =>
        data(
          { captionErrors: { captions }, captionProblems: problems, errors: undefined, values: undefined },
          { status },
        )
      if (!language.success) return fail(['errors.field.invalid'])
      if (!(file instanceof File) || file.size === 0) return fail(['staff:captions.errors.noFile'])
      if (file.size > MAX_CAPTION_BYTES) return fail(['staff:captions.errors.tooLarge'], 413)
      const result = saveCaptions(
        db,
        { eventId: id, language: language.data, text: await file.text() },
        { actorId: staff.id },
      )
      if (!result.ok) return fail(['staff:captions.errors.invalid'], 400, result.problems)
      return redirectWithNotice(request, `${here}?tab=materials`, 'notices.webinar.captionsSaved')
    }
    case 'remove-captions': {
      const language = LanguageSchema.safeParse(form.get('language'))
      if (!language.success || !removeCaptions(db, id, language.data, { actorId: staff.id })) return nothingChanged()
      return redirectWithNotice(request, `${here}?tab=materials`, 'notices.webinar.captionsRemoved')
    }
    default:
      return data({ errors: { form: ['errors.form.rejected'] }, values: undefined }, { status: 400 })
  }
}

export default function ManageWebinar() {
  const { t } = useTranslation('staff')
  const loaderData = useLoaderData<typeof loader>()
  const { id, title, tab, slug, status, summary, language, timeZone } = loaderData
  const actionData = useActionData<typeof action>() as
    | {
        errors?: Record<string, string[] | undefined>
        materialErrors?: Record<string, string[] | undefined>
        captionErrors?: { captions: string[] }
        captionProblems?: CaptionProblemView[]
        values?: Record<string, string>
        imported?: { marked: number; unknown: string[] }
      }
    | undefined
  const n = (x: number) => formatNumber(x, language)
  const here = `/staff/webinars/${id}`
  const tabs: { id: Tab; label: string }[] = [
    { id: 'overview', label: t('webinars.tabs.overview') },
    { id: 'registrants', label: t('webinars.tabs.registrants', { count: summary.confirmed + summary.waitlisted }) },
    { id: 'dial-outs', label: t('webinars.tabs.dialOuts', { count: summary.dialOutsPending }) },
    { id: 'attendance', label: t('webinars.tabs.attendance') },
    { id: 'materials', label: t('webinars.tabs.materials') },
    { id: 'edit', label: t('webinars.tabs.edit') },
    ...(status !== 'cancelled' ? [{ id: 'cancel' as const, label: t('webinars.tabs.cancel') }] : []),
  ]
  return (
    <>
      <p>
        <Link to="/staff/webinars">← {t('webinars.title')}</Link>
      </p>
      <h1>{title}</h1>
      {actionData?.errors?.form && !actionData.values ? (
        <p className="error-summary" role="alert">
          {t(`common:${actionData.errors.form[0]}`)}
        </p>
      ) : null}
      <div className="summary-bar">
        <p>
          <span className={status === 'cancelled' ? 'badge bad' : 'badge ok'}>
            {t(`common:events.status.${status}`)}
          </span>{' '}
          <strong>
            <Icon name="calendar" />
            {formatRange(new Date(summary.startsAt), new Date(summary.endsAt), language, timeZone)}
          </strong>
        </p>
        <p>
          <Icon name="people" />
          {summary.capacity
            ? t('webinars.seatsOf', { confirmed: n(summary.confirmed), capacity: n(summary.capacity) })
            : t('webinars.seatsNoLimit', { confirmed: n(summary.confirmed) })}
          {summary.waitlisted ? ` · ${t('webinars.waitingCount', { count: summary.waitlisted })}` : ''}
          {' · '}
          <Icon name="languages" />
          {summary.channels.map((c) => c.language.toUpperCase()).join(' ') || t('webinars.noChannels')}
        </p>
        <p className="summary-links">
          <Link to={`/webinars/${slug}`}>{t('webinars.publicPage')}</Link>
          <a href={`${here}/registrants.csv`}>
            <Icon name="download" />
            {t('webinars.exportCsv')}
          </a>
        </p>
      </div>
      <SectionTabs
        label={t('webinars.sections')}
        current={tab}
        tabs={tabs}
        href={(to) => (to === 'overview' ? here : `${here}?tab=${to}`)}
      />
      {tab === 'overview' ? <Overview /> : null}
      {tab === 'registrants' ? <Registrants /> : null}
      {tab === 'dial-outs' ? <DialOuts /> : null}
      {tab === 'attendance' ? <Attendance imported={actionData?.imported} errors={actionData?.errors} /> : null}
      {tab === 'materials' ? (
        <>
          <Materials errors={actionData?.materialErrors} />
          <Captions errors={actionData?.captionErrors?.captions} problems={actionData?.captionProblems} />
        </>
      ) : null}
      {tab === 'edit' ? (
        <section aria-labelledby="edit">
          <h2 id="edit">{t('webinars.edit')}</h2>
          <p className="hint">{t('webinars.editHint')}</p>
          <p>
            <Link to={plannerHref(loaderData.values ?? {})}>{t('planner.open')}</Link>
          </p>
          <WebinarForm
            values={actionData?.values ?? loaderData.values ?? {}}
            errors={actionData?.values ? actionData.errors : undefined}
            timeZones={loaderData.timeZones}
            series={loaderData.series}
            language={language}
            submitLabel={t('webinarForm.save')}
            action={`${here}?tab=edit`}
          />
        </section>
      ) : null}
      {tab === 'cancel' && status !== 'cancelled' ? (
        <section aria-labelledby="cancel">
          <h2 id="cancel">{t('webinars.cancelTitle')}</h2>
          <p>{t('webinars.cancelExplained', { count: summary.confirmed + summary.waitlisted })}</p>
          <Form method="post" action={`${here}?tab=cancel`} className="stack">
            <input type="hidden" name="intent" value="cancel-webinar" />
            <div className="field">
              <label className="check">
                <input type="checkbox" name="confirm" value="yes" aria-invalid={Boolean(actionData?.errors?.confirm)} />{' '}
                {t('webinars.cancelConfirm')}
              </label>
              {actionData?.errors?.confirm ? (
                <span className="field-error">{t(`common:${actionData.errors.confirm[0]}`)}</span>
              ) : null}
            </div>
            <div>
              <button type="submit" className="danger">
                {t('webinars.cancelSubmit')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  )
}

function Overview() {
  const { t } = useTranslation('staff')
  const { id, summary, language, timeZone, booths } = useLoaderData<typeof loader>()
  const n = (x: number) => formatNumber(x, language)
  const here = `/staff/webinars/${id}`
  const booth = (l: string) => booths.find((b) => b.language === l)
  return (
    <section aria-labelledby="overview">
      <h2 id="overview">{t('webinars.tabs.overview')}</h2>
      <dl className="figures">
        <div>
          <dt>{t('webinars.confirmed')}</dt>
          <dd>{summary.capacity ? `${n(summary.confirmed)} / ${n(summary.capacity)}` : n(summary.confirmed)}</dd>
        </div>
        <div>
          <dt>{t('webinars.waitlisted')}</dt>
          <dd>{n(summary.waitlisted)}</dd>
        </div>
        <div>
          <dt>{t('webinars.registrationStatus.cancelled')}</dt>
          <dd>{n(summary.cancelled)}</dd>
        </div>
        <div>
          <dt>{t('webinars.attendance')}</dt>
          <dd>{n(summary.attended)}</dd>
        </div>
        <div>
          <dt>{t('webinars.dialOuts')}</dt>
          <dd>
            {summary.dialOutsPending ? <Link to={`${here}?tab=dial-outs`}>{n(summary.dialOutsPending)}</Link> : n(0)}
          </dd>
        </div>
      </dl>
      <h3>{t('webinars.channelsTitle')}</h3>
      {summary.channels.length === 0 ? (
        <p className="muted">{t('webinars.noChannels')}</p>
      ) : (
        <ul>
          {summary.channels.map((c) => (
            <li key={c.language}>
              {languageName(c.language, language)}
              {t('common:colon')}
              {c.conferenceId}{' '}
              {booth(c.language) ? (
                <span className={`badge ${booth(c.language)!.covered ? 'ok' : 'warn'}`}>
                  {booth(c.language)!.covered
                    ? t('booths.covered')
                    : t('booths.notCovered', { count: booth(c.language)!.assigned.length, size: BOOTH_SIZE })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {summary.channels.length ? (
        <p>
          <Link to={`${here}/booths`}>
            {t('booths.summary', {
              covered: n(booths.filter((b) => b.covered).length),
              total: n(booths.length),
            })}
          </Link>
          {' · '}
          <Link to={`${here}/forecast`}>{t('forecast.title')}</Link>
          {' · '}
          <Link to={`${here}/prep`}>{t('prep.title')}</Link>
        </p>
      ) : null}
      <h3>{t('webinars.invitesTitle')}</h3>
      <p>
        {summary.updates === 0
          ? t('webinars.invitesUnchanged')
          : t('webinars.invitesUpdated', { count: summary.updates })}{' '}
        <span className="muted">
          {t('webinars.startsIn', { when: formatDateTime(new Date(summary.startsAt), language, timeZone) })}
        </span>
      </p>
    </section>
  )
}

function Registrants() {
  const { t } = useTranslation('staff')
  const { id, registrants, language, timeZone } = useLoaderData<typeof loader>()
  if (!registrants) return null
  const { rows, total, page, pages, q, show } = registrants
  const here = `/staff/webinars/${id}`
  const link = (p: number) => {
    const params = new URLSearchParams({ tab: 'registrants' })
    if (q) params.set('q', q)
    if (show) params.set('show', show)
    if (p > 1) params.set('page', String(p))
    return `${here}?${params}`
  }
  return (
    <section aria-labelledby="registrants">
      <h2 id="registrants">{t('webinars.registrants', { count: total })}</h2>
      <Form method="get" className="filters" role="search">
        <input type="hidden" name="tab" value="registrants" />
        <div className="field">
          <label htmlFor="r-q">{t('webinars.searchRegistrants')}</label>
          <input id="r-q" type="search" name="q" defaultValue={q} />
        </div>
        <div className="field">
          <label htmlFor="r-show">{t('webinars.status')}</label>
          <select id="r-show" name="show" defaultValue={show ?? ''}>
            <option value="">{t('webinars.showAll')}</option>
            {REGISTRANT_FILTERS.map((f) => (
              <option key={f} value={f}>
                {f === 'attended' ? t('webinars.attendance') : t(`webinars.registrationStatus.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit">{t('webinars.filter')}</button>
        </div>
      </Form>
      {rows.length === 0 ? (
        <p className="empty">{q || show ? t('webinars.noMatch') : t('webinars.noRegistrants')}</p>
      ) : (
        <table className="card-table">
          <thead>
            <tr>
              <th scope="col">{t('webinars.name')}</th>
              <th scope="col">{t('webinars.status')}</th>
              <th scope="col">{t('webinars.channel')}</th>
              <th scope="col">{t('webinars.dialOut')}</th>
              <th scope="col">
                {t('webinars.registeredAt')} ({zoneLabel(timeZone)})
              </th>
              <th scope="col">{t('webinars.attendance')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {r.name}
                  <br />
                  <span className="muted">{r.email}</span>
                </th>
                <td data-label={t('webinars.status')}>
                  <span className={`badge ${REGISTRATION_BADGE[r.status]}`}>
                    {t(`webinars.registrationStatus.${r.status}`)}
                  </span>
                </td>
                <td data-label={t('webinars.channel')}>{languageName(r.channelLanguage, language)}</td>
                <td data-label={t('webinars.dialOut')}>
                  {r.dialOutNumber ? (
                    <>
                      <PhoneLink number={r.dialOutNumber} />
                      {r.dialOutDoneAt ? ' ✓' : ''}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td data-label={t('webinars.registeredAt')}>
                  {formatCompact(new Date(r.createdAt), language, timeZone)}
                </td>
                <td data-label={t('webinars.attendance')}>
                  {r.status === 'cancelled' ? (
                    '—'
                  ) : (
                    <Form method="post" action={here}>
                      <input type="hidden" name="intent" value="attendance" />
                      <input type="hidden" name="registrationId" value={r.id} />
                      <input type="hidden" name="attended" value={r.attended ? 'no' : 'yes'} />
                      {q ? <input type="hidden" name="q" value={q} /> : null}
                      {show ? <input type="hidden" name="show" value={show} /> : null}
                      {page > 1 ? <input type="hidden" name="page" value={page} /> : null}
                      <button
                        type="submit"
                        className={r.attended ? 'small' : 'small secondary'}
                        aria-pressed={Boolean(r.attended)}
                        aria-label={`${r.attended ? t('webinars.attended') : t('webinars.markAttended')}: ${r.name}`}
                      >
                        {r.attended ? t('webinars.attended') : t('webinars.markAttended')}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} pages={pages} link={link} />
    </section>
  )
}

const REGISTRATION_BADGE = { confirmed: 'ok', waitlisted: 'warn', cancelled: 'bad' } as const

function DialOuts() {
  const { t } = useTranslation('staff')
  const { id, pendingDialOuts, language } = useLoaderData<typeof loader>()
  return (
    <section aria-labelledby="dial-outs">
      <h2 id="dial-outs">{t('webinars.dialOutQueue')}</h2>
      {pendingDialOuts.length === 0 ? (
        <p className="empty">{t('webinars.noDialOuts')}</p>
      ) : (
        <ul className="item-list">
          {pendingDialOuts.map((r) => (
            <li key={r.id}>
              <div>
                <strong>{r.name}</strong>
                <br />
                <PhoneLink number={r.dialOutNumber!} /> ·{' '}
                {t('webinars.channelIs', { language: languageName(r.channelLanguage, language) })}
              </div>
              <Form method="post" action={`/staff/webinars/${id}`}>
                <input type="hidden" name="intent" value="dial-out-done" />
                <input type="hidden" name="registrationId" value={r.id} />
                <button type="submit" className="small" aria-label={`${t('webinars.markDone')}: ${r.name}`}>
                  {t('webinars.markDone')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function Attendance({
  imported,
  errors,
}: {
  imported?: { marked: number; unknown: string[] }
  errors?: Record<string, string[] | undefined>
}) {
  const { t } = useTranslation('staff')
  const { id, summary, language } = useLoaderData<typeof loader>()
  return (
    <section aria-labelledby="attendance">
      <h2 id="attendance">{t('webinars.importTitle')}</h2>
      <p>
        {t('webinars.attendedSoFar', {
          attended: formatNumber(summary.attended, language),
          confirmed: formatNumber(summary.confirmed, language),
        })}
      </p>
      {imported ? (
        <p className="notice" role="status">
          {t('webinars.imported', { count: imported.marked })}
          {imported.unknown.length ? ` ${t('webinars.importUnknown', { list: imported.unknown.join(', ') })}` : ''}
        </p>
      ) : null}
      <Form method="post" action={`/staff/webinars/${id}?tab=attendance`} className="stack">
        <input type="hidden" name="intent" value="import-attendance" />
        <div className="field">
          <label htmlFor="field-attendees">{t('webinars.importLabel')}</label>
          <span className="hint" id="field-attendees-hint">
            {t('webinars.importHint')}
          </span>
          <textarea
            id="field-attendees"
            name="attendees"
            rows={6}
            aria-describedby="field-attendees-hint"
            aria-invalid={Boolean(errors?.attendees)}
          />
          {errors?.attendees ? <span className="field-error">{t(`common:${errors.attendees[0]}`)}</span> : null}
        </div>
        <div>
          <button type="submit">{t('webinars.importSubmit')}</button>
        </div>
      </Form>
    </section>
  )
}

type CaptionProblemView = { key: string; line: number; detail: string }

function Materials({ errors }: { errors?: Record<string, string[] | undefined> }) {
  const { t } = useTranslation('staff')
  const { id, materials, language } = useLoaderData<typeof loader>()
  const here = `/staff/webinars/${id}`
  return (
    <section aria-labelledby="materials">
      <h2 id="materials">{t('webinars.materials')}</h2>
      <p className="hint">
        {t('prep.materialsHint')} <Link to={`${here}/prep`}>{t('prep.title')}</Link>
      </p>
      {materials.length === 0 ? (
        <p className="empty">{t('webinars.noMaterials')}</p>
      ) : (
        <ul className="item-list">
          {materials.map((m) => (
            <li key={m.id}>
              <div>
                {t(`common:events.materialKinds.${m.kind}`)} ({languageName(m.language, language)})
                {m.forInterpreters ? <span className="badge ok">{t('prep.forInterpreters')}</span> : null}
                <br />
                <a href={m.url}>{m.title}</a>
              </div>
              <div className="actions">
                <Form method="post" action={here}>
                  <input type="hidden" name="intent" value="flag-material" />
                  <input type="hidden" name="materialId" value={m.id} />
                  <input type="hidden" name="forInterpreters" value={m.forInterpreters ? 'no' : 'yes'} />
                  <button
                    type="submit"
                    className="small secondary"
                    aria-label={`${t(m.forInterpreters ? 'prep.unflag' : 'prep.flag')}: ${m.title}`}
                  >
                    {t(m.forInterpreters ? 'prep.unflag' : 'prep.flag')}
                  </button>
                </Form>
                <Form method="post" action={here}>
                  <input type="hidden" name="intent" value="remove-material" />
                  <input type="hidden" name="materialId" value={m.id} />
                  <button
                    type="submit"
                    className="small secondary"
                    aria-label={`${t('webinars.removeMaterial')}: ${m.title}`}
                  >
                    {t('webinars.removeMaterial')}
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('webinars.addMaterialTitle')}</h3>
      <Form method="post" action={`${here}?tab=materials`} className="filters">
        <input type="hidden" name="intent" value="add-material" />
        <div className="field">
          <label htmlFor="material-kind">{t('webinars.materialKind')}</label>
          <select id="material-kind" name="kind">
            {MATERIAL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`common:events.materialKinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="material-language">{t('webinars.materialLanguage')}</label>
          <select id="material-language" name="language">
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {languageName(l, language)}
              </option>
            ))}
          </select>
        </div>
        {(['title', 'url'] as const).map((f) => (
          <div className="field" key={f}>
            <label htmlFor={`material-${f}`}>{t(`webinars.material_${f}`)}</label>
            <input
              id={`material-${f}`}
              name={f}
              type={f === 'url' ? 'url' : 'text'}
              aria-invalid={Boolean(errors?.[f])}
            />
            {errors?.[f] ? <span className="field-error">{t(`common:${errors[f]![0]}`)}</span> : null}
          </div>
        ))}
        <label className="check">
          <input name="forInterpreters" type="checkbox" value="yes" /> {t('prep.flagLabel')}
        </label>
        <div>
          <button type="submit">{t('webinars.addMaterial')}</button>
        </div>
      </Form>
    </section>
  )
}

function Captions({ errors, problems }: { errors?: string[]; problems?: CaptionProblemView[] }) {
  const { t } = useTranslation('staff')
  const { id, slug, captions, language } = useLoaderData<typeof loader>()
  const here = `/staff/webinars/${id}`
  return (
    <section aria-labelledby="captions">
      <h2 id="captions">{t('captions.title')}</h2>
      <p className="hint">{t('captions.hint')}</p>
      {captions.length === 0 ? (
        <p className="empty">{t('captions.none')}</p>
      ) : (
        <ul className="item-list">
          {captions.map((c) => (
            <li key={c.language}>
              <div>
                <a href={`/webinars/${slug}/captions/${c.language}`} hrefLang={c.language}>
                  {languageName(c.language, language)}
                </a>{' '}
                — {t('captions.cues', { count: c.cueCount })}
              </div>
              <Form method="post" action={here}>
                <input type="hidden" name="intent" value="remove-captions" />
                <input type="hidden" name="language" value={c.language} />
                <button
                  type="submit"
                  className="small secondary"
                  aria-label={t('captions.removeNamed', { language: languageName(c.language, language) })}
                >
                  {t('captions.remove')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('captions.uploadTitle')}</h3>
      <Form method="post" action={`${here}?tab=materials`} encType="multipart/form-data" className="stack">
        <input type="hidden" name="intent" value="upload-captions" />
        <div className="field">
          <label htmlFor="captions-language">{t('captions.language')}</label>
          <select id="captions-language" name="language">
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {languageName(l, language)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="captions-file">{t('captions.file')}</label>
          <input
            id="captions-file"
            name="captions"
            type="file"
            accept=".vtt,text/vtt"
            aria-invalid={Boolean(errors?.length)}
            aria-describedby={errors?.length ? 'captions-error' : undefined}
          />
          {errors?.length ? (
            <div className="field-error" id="captions-error" role="alert">
              {errors.map((e) => t(e.includes(':') ? e : `common:${e}`)).join(' ')}
              {problems?.length ? (
                <ul>
                  {problems.map((p, i) => (
                    <li key={i}>
                      {t('captions.line', { line: p.line })} {t(`captions.problems.${p.key}`)}
                      {p.detail ? (
                        <span className="hint">
                          {' '}
                          ({t('captions.parserSays')} <span lang="en">{p.detail}</span>)
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </div>
        <div>
          <button type="submit">{t('captions.upload')}</button>
        </div>
      </Form>
    </section>
  )
}
