import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { ActionList } from '~/components/ActionList'
import { Glossed } from '~/components/Glossed'
import { StaffText } from '~/components/StaffText'
import { formatRange, languageName } from '~/lib/format'
import { glossaryMarker } from '~/lib/glossary'
import { pageTitle } from '~/lib/meta'
import { glossaryFor } from '~/services/glossary.server'
import { getPublicMeeting } from '~/services/working-group-meetings.server'
import { getViewer } from '~/viewer.server'

export const handle = { i18n: ['participation'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'workingGroups', data?.meeting.title.value)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { person, language, timeZone } = await getViewer(request)
  const slug = String(params.slug ?? '')
  const meetingId = /^[0-9]{1,9}$/.test(params.meetingId ?? '') ? Number(params.meetingId) : 0
  const meeting =
    /^[a-z0-9-]{1,80}$/.test(slug) && meetingId
      ? getPublicMeeting(getDb(), {
          slug,
          meetingId,
          language,
          viewer: person ? { id: person.id, staff: person.roles.includes('staff') } : null,
        })
      : null
  if (!meeting) throw new Response('Not found', { status: 404 })
  return { meeting, slug, language, timeZone, signedIn: Boolean(person), glossary: glossaryFor(getDb(), language) }
}

/**
 * One group meeting: when (in the reader's zone), its agenda, the interpretation channels (the
 * call link and conference IDs for members), and after it the minutes, recordings and actions.
 */
export default function MeetingPage() {
  const { t } = useTranslation('participation')
  const { meeting, slug, language, timeZone, signedIn, glossary } = useLoaderData<typeof loader>()
  const fallback = (
    <p className="muted" role="note">
      {t('common:events.fallbackNote')}
    </p>
  )
  return (
    <>
      <p>
        <Link to={`/working-groups/${slug}`}>{meeting.groupName}</Link>
      </p>
      <h1 lang={meeting.title.language}>{meeting.title.value}</h1>
      {meeting.fallback ? fallback : null}
      <p className="lede">
        <time dateTime={meeting.startsAt.toISOString()}>
          {formatRange(meeting.startsAt, meeting.endsAt, language, timeZone)}
        </time>
      </p>
      {meeting.status === 'cancelled' ? (
        <p className="notice warn" role="status">
          {t('meetings.cancelled')}
        </p>
      ) : null}
      {meeting.upcoming && meeting.status !== 'cancelled' ? (
        <section aria-labelledby="join" className="card">
          <h2 id="join">{t('meetings.join')}</h2>
          {meeting.member ? <p>{t('meetings.youAreInvited')}</p> : null}
          {meeting.call ? (
            <p>
              {meeting.call.name ? `${meeting.call.name}: ` : ''}
              <a href={meeting.call.url} rel="noopener noreferrer">
                {meeting.call.url}
              </a>
            </p>
          ) : (
            <p className="muted">{signedIn ? t('meetings.callForMembers') : t('meetings.signInForCall')}</p>
          )}
          {meeting.channels.length ? (
            <ul>
              {meeting.channels.map((c) => (
                <li key={c.language}>
                  <strong>{t('meetings.channel', { language: languageName(c.language, language) })}</strong>
                  {c.conferenceId ? ` — ${t('meetings.conferenceId')} ${c.conferenceId}` : ''}
                  {c.dialInNumbers ? (
                    <>
                      {' — '}
                      <StaffText text={c.dialInNumbers} language={language} />
                    </>
                  ) : null}
                  {meeting.ownChannel === c.language ? (
                    <span className="badge">{t('meetings.yourChannel')}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          <p>
            <a href={`/working-groups/${slug}/meetings/${meeting.id}/invite.ics`} download>
              {t('meetings.addToCalendar')}
            </a>
          </p>
        </section>
      ) : null}
      {meeting.agenda ? (
        <section aria-labelledby="agenda" lang={meeting.agenda.language}>
          <h2 id="agenda">{t('meetings.agenda')}</h2>
          {meeting.agenda.fallback ? fallback : null}
          <p className="pre-line">
            <Glossed text={meeting.agenda.value} marker={glossaryMarker(glossary)} />
          </p>
        </section>
      ) : null}
      {meeting.minutes ? (
        <section aria-labelledby="minutes" lang={meeting.minutes.language}>
          <h2 id="minutes">{t('meetings.minutes')}</h2>
          {meeting.minutes.fallback ? fallback : null}
          <div className="rich-text" dangerouslySetInnerHTML={{ __html: meeting.minutes.html }} />
        </section>
      ) : null}
      {meeting.recordings.length ? (
        <section aria-labelledby="recordings">
          <h2 id="recordings">{t('meetings.recordings')}</h2>
          <ul>
            {meeting.recordings.map((r, i) => (
              <li key={i}>
                <a href={r.url} rel="noopener noreferrer" hrefLang={r.language}>
                  {r.title}
                </a>{' '}
                <span className="muted">({languageName(r.language, language)})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {meeting.actions.length ? (
        <section aria-labelledby="actions">
          <h2 id="actions">{t('meetings.actions')}</h2>
          <ActionList items={meeting.actions} language={language} />
        </section>
      ) : null}
    </>
  )
}
