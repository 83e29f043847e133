import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { RECORD_KINDS } from '#db/domain'
import { ActionList } from '~/components/ActionList'
import { Pager } from '~/components/Pager'
import { metricsQuery, percent } from '~/components/Participation'
import { formatDate, formatDateTime, formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { readMetricsQuery } from '~/lib/metrics-query'
import { ownParticipation } from '~/services/metrics.server'
import { listOwnUpcoming } from '~/services/registrations.server'
import { surveysWaitingFor } from '~/services/surveys/invitations.server'
import { openActionsFor } from '~/services/working-group-meetings.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'surveys'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'myParticipation')

/** Everyone's own history, and only their own: the person comes from the session, never from the URL. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { person: person, language, timeZone } = await requireViewer(request)
  const params = new URL(request.url).searchParams
  const db = getDb()
  // What they are registered for next; by default the period reaches the last of it, so
  // a registration for a coming webinar is counted (records are dated by the event).
  const upcoming = listOwnUpcoming(db, person.id, language)
  const last = upcoming.at(-1)
  if (!params.get('to') && last && last.startsAt.getTime() > Date.now())
    params.set('to', last.startsAt.toISOString().slice(0, 10))
  const { period, filters: f } = readMetricsQuery(params)
  const { page } = f
  return {
    period: { fromText: period.fromText, toText: period.toText },
    upcoming: upcoming.map((u) => ({
      slug: u.slug,
      path: u.path,
      title: u.title,
      status: u.eventStatus === 'cancelled' ? null : u.status,
      kind: u.kind,
      when: formatDateTime(u.startsAt, language, timeZone),
    })),
    ...ownParticipation(db, person.id, period, { page, language }),
    surveys: surveysWaitingFor(db, person.id, language),
    actions: openActionsFor(db, person.id, language),
    page,
    language,
    timeZone,
  }
}

export default function MyParticipation() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  const n = (x: number) => formatNumber(x, d.language)
  return (
    <>
      <h1>{t('participation.mineTitle')}</h1>
      <p className="lede">{t('participation.mineLede')}</p>
      {d.surveys.length ? (
        <section aria-labelledby="waiting-surveys" className="notice">
          <h2 id="waiting-surveys">{t('surveys:surveys.waiting')}</h2>
          <ul>
            {d.surveys.map((s) => (
              <li key={s.slug}>
                <Link to={s.path}>{s.title}</Link>
                {s.closesAt ? (
                  <span className="muted">
                    {' '}
                    ·{' '}
                    {t('surveys:surveys.closesOn', { date: formatDate(new Date(s.closesAt), d.language, d.timeZone) })}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.upcoming.length ? (
        <section aria-labelledby="upcoming">
          <h2 id="upcoming">{t('participation.upcoming')}</h2>
          <ul>
            {d.upcoming.map((u) => (
              <li key={u.slug}>
                <Link to={u.path}>{u.title}</Link>
                <span className="muted">
                  {' '}
                  · {u.when} · {u.status ? t(`common:home.myStatus.${u.status}`) : t('common:events.status.cancelled')}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.actions.length ? (
        <section aria-labelledby="my-actions">
          <h2 id="my-actions">{t('meetings.yourActions')}</h2>
          <ActionList
            items={d.actions.map((a) => ({ ...a, group: { name: a.groupName, slug: a.groupSlug } }))}
            language={d.language}
          />
        </section>
      ) : null}
      <Form method="get" className="period">
        <div className="field">
          <label htmlFor="mine-from">{t('participation.from')}</label>
          <input id="mine-from" type="date" name="from" defaultValue={d.period.fromText} />
        </div>
        <div className="field">
          <label htmlFor="mine-to">{t('participation.to')}</label>
          <input id="mine-to" type="date" name="to" defaultValue={d.period.toText} />
        </div>
        <div>
          <button type="submit">{t('participation.apply')}</button>
        </div>
      </Form>
      <dl className="figures">
        {RECORD_KINDS.map((k) => (
          <div key={k}>
            <dt>{t(`participation.kinds.${k}`)}</dt>
            <dd>{n(d.figures.counts[k])}</dd>
          </div>
        ))}
        <div>
          <dt>{t('participation.webinarRate')}</dt>
          <dd>{percent(d.figures.webinarAttendanceRate, d.language)}</dd>
        </div>
        <div>
          <dt>{t('participation.meetingRate')}</dt>
          <dd>{percent(d.figures.meetingAttendanceRate, d.language)}</dd>
        </div>
      </dl>
      <h2>{t('participation.history')}</h2>
      {d.records.rows.length === 0 ? <p>{t('participation.nothingYet')}</p> : null}
      <ul className="event-list">
        {d.records.rows.map((r) => (
          <li key={r.id}>
            <span className="when">{formatDate(new Date(r.occurredAt), d.language, d.timeZone)}</span>{' '}
            {t(`participation.kinds.${r.kind}`)}
            {r.about ? ` · ${r.about}` : ''}
          </li>
        ))}
      </ul>
      <Pager page={d.page} pages={d.records.pages} link={(page) => metricsQuery(d.period, { page })} />
    </>
  )
}
