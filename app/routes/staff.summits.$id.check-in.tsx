import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { redirectWithNotice } from '~/auth-session.server'
import { formatCompact, formatNumber, formatTime } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField } from '~/lib/params.server'
import { staffSummit } from '~/lib/staff-summit.server'
import { sessionCounts, sessionDesk, setSessionAttended } from '~/services/summits/desk.server'
import { checkInCounts, setCheckedIn } from '~/services/summits/desk.server'
import { summitProgramme } from '~/services/summits/programme.server'
import { roster } from '~/services/summits/roster.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['summits'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'checkIn')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone, db, id, summit } = await staffSummit(request, params)
  const url = new URL(request.url)
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
  // The arrival desk (no session) or one session's door; both list confirmed people only.
  const sessions = summitProgramme(db, id, language).filter((s) => s.status !== 'cancelled')
  const session = sessions.find((s) => String(s.id) === url.searchParams.get('session')) ?? null
  const counts = checkInCounts(db, id)
  const base = {
    summit: { id, title: summit.title },
    sessions: sessions.map((s) => ({ id: s.id, title: s.title, startsAt: s.startsAt })),
    q,
    language,
    timeZone: summit.timeZone ?? timeZone,
  }
  if (session) {
    // With a search, at most 30 matches so the page stays light on a phone.
    const rows = q
      ? sessionDesk(db, id, session.id, q).map((r) => ({
          key: r.personId,
          target: r.personId,
          name: r.name,
          place: r.structureName ?? r.regionCode ?? '',
          checkedInAt: r.checkedInAt,
        }))
      : []
    return {
      ...base,
      session: { id: session.id, title: session.title },
      counts: { checkedIn: sessionCounts(db, id).get(session.id) ?? 0, confirmed: counts.confirmed },
      rows,
    }
  }
  const rows = q
    ? roster(db, id, { q, status: 'confirmed' })
        .slice(0, 30)
        .map((r) => ({
          key: r.id,
          target: r.id,
          name: r.name,
          place: r.structureName ?? r.regionCode ?? '',
          checkedInAt: r.checkedInAt,
        }))
    : []
  return { ...base, session: null, counts, rows }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { staff, db, id } = await staffSummit(request, params)
  const form = await request.formData()
  const checkedIn = form.get('checkedIn') === '1'
  const sessionId = idField(form.get('sessionId'))
  const target = idField(form.get('target')) ?? 0
  const result = sessionId
    ? setSessionAttended(db, { summitId: id, sessionId, personId: target, attended: checkedIn }, { actorId: staff.id })
    : setCheckedIn(db, { summitId: id, participationId: target, checkedIn }, { actorId: staff.id })
  if (!result.ok)
    return data({ error: `errors.summit.${result.error}` }, { status: result.error === 'notFound' ? 404 : 409 })
  const back = new URLSearchParams()
  if (sessionId) back.set('session', String(sessionId))
  const q = String(form.get('q') ?? '')
  if (q) back.set('q', q)
  return redirectWithNotice(
    request,
    `/staff/summits/${id}/check-in${back.size ? `?${back}` : ''}`,
    checkedIn ? 'notices.summit.checkedIn' : 'notices.summit.checkInUndone',
  )
}

export default function CheckIn() {
  const { t } = useTranslation('summits')
  const { summit, sessions, session, counts, q, rows, language, timeZone } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  return (
    <div className="check-in">
      <h1>{t('summits.checkInTitle', { title: summit.title })}</h1>
      <Form method="get" className="check-in-search">
        <label htmlFor="check-in-where">{t('summits.deskWhere')}</label>
        <select id="check-in-where" name="session" defaultValue={session?.id ?? ''}>
          <option value="">{t('summits.arrivalDesk')}</option>
          {sessions.map((s) => (
            <option key={s.id} value={s.id}>
              {formatCompact(new Date(s.startsAt), language, timeZone)} · {s.title}
            </option>
          ))}
        </select>
        <button type="submit">{t('summits.deskSwitch')}</button>
      </Form>
      {session ? <h2>{session.title}</h2> : null}
      <p className="stat" role="status">
        {t(session ? 'summits.attendedCount' : 'summits.checkedInCount', {
          checkedIn: formatNumber(counts.checkedIn, language),
          confirmed: formatNumber(counts.confirmed, language),
        })}
      </p>
      {a?.error ? (
        <p className="error-summary" role="alert">
          {t(`common:${a.error}`)}
        </p>
      ) : null}
      <Form method="get" className="check-in-search">
        <label htmlFor="check-in-q">{t('summits.searchDesk')}</label>
        {session ? <input type="hidden" name="session" value={session.id} /> : null}
        <input id="check-in-q" type="search" name="q" defaultValue={q} autoComplete="off" />
        <button type="submit">{t('summits.find')}</button>
      </Form>
      {q && rows.length === 0 ? <p>{t('summits.noMatch', { q })}</p> : null}
      <ul className="check-in-list">
        {rows.map((r) => (
          <li key={r.key}>
            <div>
              <strong>{r.name}</strong>
              <br />
              <span className="muted">
                {r.place}
                {r.checkedInAt
                  ? ` · ${t('summits.checkedInAt', { time: formatTime(new Date(r.checkedInAt), language, timeZone) })}`
                  : ''}
              </span>
            </div>
            <Form method="post">
              <input type="hidden" name="target" value={r.target} />
              {session ? <input type="hidden" name="sessionId" value={session.id} /> : null}
              <input type="hidden" name="q" value={q} />
              <input type="hidden" name="checkedIn" value={r.checkedInAt ? '0' : '1'} />
              <button
                type="submit"
                className={r.checkedInAt ? 'secondary' : undefined}
                aria-label={`${r.checkedInAt ? t('summits.undo') : t('summits.checkInButton')}: ${r.name}`}
              >
                {r.checkedInAt ? t('summits.undo') : t('summits.checkInButton')}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </div>
  )
}
