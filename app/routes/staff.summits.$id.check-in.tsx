import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useLoaderData, useSubmit } from '@remix-run/react'
import { type ChangeEvent, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

import type { Language } from '#db/domain'
import { Icon } from '~/components/Icon'
import { readForm } from '~/lib/form.server'
import { formatCompact, formatNumber, formatTime } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField } from '~/lib/params.server'
import { staffSummit } from '~/lib/staff-summit.server'
import { sessionCounts, sessionDesk, setSessionAttended } from '~/services/summits/desk.server'
import { checkInCounts, setCheckedIn } from '~/services/summits/desk.server'
import { summitProgramme } from '~/services/summits/programme.server'
import { roster } from '~/services/summits/roster.server'

/**
 * The translation namespaces this page uses, beyond `common` (fetched by the browser for it);
 * the desk takes the whole screen (no site header or staff menu).
 */
export const handle = { i18n: ['summits'], fullScreen: true }

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
  const form = await readForm(request)
  const checkedIn = form.get('checkedIn') === '1'
  const sessionId = idField(form.get('sessionId'))
  const target = idField(form.get('target')) ?? 0
  const now = new Date()
  const result = sessionId
    ? setSessionAttended(
        db,
        { summitId: id, sessionId, personId: target, attended: checkedIn },
        { actorId: staff.id, now },
      )
    : setCheckedIn(db, { summitId: id, participationId: target, checkedIn }, { actorId: staff.id, now })
  if (!result.ok)
    return data(
      { error: `errors.summit.${result.error}`, done: null },
      { status: result.error === 'notFound' ? 404 : 409 },
    )
  // The desk stays where it is (search, scroll) and says whom it just checked in.
  return { error: null, done: { name: result.name, checkedIn, at: now.toISOString() } }
}

type Outcome = { error: string | null; done: { name: string; checkedIn: boolean; at: string } | null }

export default function CheckIn() {
  const { t } = useTranslation('summits')
  const { summit, sessions, session, counts, q, rows, language, timeZone } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  // With JavaScript each row sends its own request and reports here; without, the page comes back with it.
  const [last, setLast] = useState<Outcome | null>(null)
  const outcome = last ?? a ?? null
  const submit = useSubmit()
  const typing = useRef<number | undefined>(undefined)
  useEffect(() => () => window.clearTimeout(typing.current), [])
  const searchAsYouType = (e: ChangeEvent<HTMLInputElement>) => {
    const form = e.currentTarget.form
    window.clearTimeout(typing.current)
    typing.current = window.setTimeout(() => submit(form, { replace: true, preventScrollReset: true }), 250)
  }
  return (
    <div className="desk">
      <div className="desk-bar">
        <Link to={`/staff/summits/${summit.id}`} className="desk-leave">
          {t('summits.leaveDesk')}
        </Link>
        <p className="stat" role="status">
          {t(session ? 'summits.attendedCount' : 'summits.checkedInCount', {
            checkedIn: formatNumber(counts.checkedIn, language),
            confirmed: formatNumber(counts.confirmed, language),
          })}
        </p>
      </div>
      <h1>{t('summits.checkInTitle', { title: summit.title })}</h1>
      <Form method="get" className="check-in-search">
        <label htmlFor="check-in-where">{t('summits.deskWhere')}</label>
        <select
          id="check-in-where"
          name="session"
          defaultValue={session?.id ?? ''}
          onChange={(e) => submit(e.currentTarget.form)}
        >
          <option value="">{t('summits.arrivalDesk')}</option>
          {sessions.map((s) => (
            <option key={s.id} value={s.id}>
              {formatCompact(new Date(s.startsAt), language, timeZone)} · {s.title}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          {t('summits.deskSwitch')}
        </button>
      </Form>
      {session ? <h2>{session.title}</h2> : null}
      <Form method="get" className="check-in-search" role="search">
        <label htmlFor="check-in-q">{t('summits.searchDesk')}</label>
        {session ? <input type="hidden" name="session" value={session.id} /> : null}
        <input
          key={session?.id ?? 'arrival'}
          id="check-in-q"
          type="search"
          name="q"
          defaultValue={q}
          autoComplete="off"
          enterKeyHint="search"
          onChange={searchAsYouType}
        />
        <button type="submit">{t('summits.find')}</button>
      </Form>
      {outcome?.error ? (
        <p className="error-summary" role="alert">
          {t(`common:${outcome.error}`)}
        </p>
      ) : outcome?.done ? (
        <p className={`notice desk-done${outcome.done.checkedIn ? '' : ' warn'}`} role="status">
          {outcome.done.checkedIn ? <Icon name="check" /> : null}
          {t(outcome.done.checkedIn ? 'summits.justCheckedIn' : 'summits.justUndone', {
            name: outcome.done.name,
            time: formatTime(new Date(outcome.done.at), language, timeZone),
          })}
        </p>
      ) : null}
      {q && rows.length === 0 ? <p>{t('summits.noMatch', { q })}</p> : null}
      {!q ? <p className="muted">{t('summits.deskHint')}</p> : null}
      <ul className="check-in-list">
        {rows.map((r) => (
          <DeskRow
            key={r.key}
            row={r}
            sessionId={session?.id ?? null}
            language={language}
            timeZone={timeZone}
            onDone={setLast}
          />
        ))}
      </ul>
    </div>
  )
}

function DeskRow({
  row,
  sessionId,
  language,
  timeZone,
  onDone,
}: {
  row: { target: number; name: string; place: string; checkedInAt: string | Date | null }
  sessionId: number | null
  language: Language
  timeZone: string
  onDone: (o: Outcome) => void
}) {
  const { t } = useTranslation('summits')
  const fetcher = useFetcher<typeof action>()
  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data) onDone(fetcher.data)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per answer
  }, [fetcher.state, fetcher.data])
  // While the request is on its way the button already shows what it will be.
  const pending = fetcher.formData?.get('checkedIn')
  const checkedIn = pending ? pending === '1' : Boolean(row.checkedInAt)
  return (
    <li className={checkedIn ? 'done' : undefined}>
      <div>
        <strong>{row.name}</strong>
        <br />
        <span className="muted">
          {row.place}
          {row.checkedInAt && checkedIn
            ? ` · ${t('summits.checkedInAt', { time: formatTime(new Date(row.checkedInAt), language, timeZone) })}`
            : ''}
        </span>
      </div>
      <fetcher.Form method="post">
        <input type="hidden" name="target" value={row.target} />
        {sessionId ? <input type="hidden" name="sessionId" value={sessionId} /> : null}
        <input type="hidden" name="checkedIn" value={checkedIn ? '0' : '1'} />
        <button
          type="submit"
          className={checkedIn ? 'secondary' : undefined}
          aria-label={`${checkedIn ? t('summits.undo') : t('summits.checkInButton')}: ${row.name}`}
        >
          {checkedIn ? t('summits.undo') : t('summits.checkInButton')}
        </button>
      </fetcher.Form>
    </li>
  )
}
