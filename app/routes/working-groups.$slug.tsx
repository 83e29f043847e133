import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import type { Language } from '#db/domain'
import { ActionList } from '~/components/ActionList'
import { formatDate, formatNumber, formatRange, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { getPublicGroup } from '~/services/working-groups.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'workingGroups', data?.group.name.value)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await getViewer(request)
  const slug = String(params.slug ?? '')
  const group = /^[a-z0-9-]{1,80}$/.test(slug) ? getPublicGroup(getDb(), slug, language) : null
  if (!group) throw new Response('Not found', { status: 404 })
  return { group, language, timeZone }
}

/** A group's public page: what it does, who is in it (when staff made that public) and its meetings. */
export default function PublicWorkingGroup() {
  const { t } = useTranslation('participation')
  const { group, language, timeZone } = useLoaderData<typeof loader>()
  const dates = [group.startsOn, group.endsOn]
  return (
    <>
      <p>
        <Link to="/working-groups">{t('publicGroups.back')}</Link>
      </p>
      <h1 lang={group.name.language}>{group.name.value}</h1>
      <p className="lede">{group.topic}</p>
      <p className="muted">
        {t(`workingGroups.kinds.${group.kind}`)}
        {dates[0]
          ? ` · ${t(dates[1] ? 'publicGroups.fromTo' : 'publicGroups.since', {
              from: formatDate(new Date(`${dates[0]}T12:00:00Z`), language, 'UTC'),
              to: dates[1] ? formatDate(new Date(`${dates[1]}T12:00:00Z`), language, 'UTC') : '',
            })}`
          : ''}
      </p>
      {group.description.paragraphs.length ? (
        <section aria-labelledby="about" lang={group.description.language}>
          <h2 id="about">{t('publicGroups.about')}</h2>
          {group.description.fallback ? (
            <p className="muted" role="note">
              {t('common:events.fallbackNote')}
            </p>
          ) : null}
          {group.description.paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </section>
      ) : null}
      <section aria-labelledby="upcoming">
        <h2 id="upcoming">{t('publicGroups.upcoming')}</h2>
        {group.upcoming.length ? (
          <ul className="meeting-list">
            {group.upcoming.map((m) => (
              <li key={m.id}>
                <MeetingLink slug={group.slug} meeting={m} language={language} />
                <br />
                <time dateTime={m.startsAt.toISOString()}>{formatRange(m.startsAt, m.endsAt, language, timeZone)}</time>
                {m.channels.length ? (
                  <span className="muted">
                    {' · '}
                    {t('meetings.channels', { languages: m.channels.map((l) => languageName(l, language)).join(', ') })}
                  </span>
                ) : null}
                {' · '}
                <a href={`/working-groups/${group.slug}/meetings/${m.id}/invite.ics`} download>
                  {t('meetings.addToCalendar')}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('publicGroups.noUpcoming')}</p>
        )}
      </section>
      {group.openActions.length ? (
        <section aria-labelledby="open-actions">
          <h2 id="open-actions">{t('meetings.openActions')}</h2>
          <ActionList items={group.openActions} language={language} />
        </section>
      ) : null}
      <section aria-labelledby="members">
        <h2 id="members">
          {t('workingGroups.members')} ({formatNumber(group.memberCount, language)})
        </h2>
        <ul className="region-counts">
          {group.representation.regions.map((r) => (
            <li key={r.code}>
              <strong>{r.code}</strong> {formatNumber(r.members, language)}
            </li>
          ))}
        </ul>
        {group.members ? (
          <ul className="columns">
            {group.members.map((m, i) => (
              <li key={i}>
                {m.name} <span className="muted">{m.regionCode ?? ''}</span>{' '}
                {m.role !== 'member' ? <span className="badge">{t(`workingGroups.roles.${m.role}`)}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('publicGroups.membersPrivate')}</p>
        )}
      </section>
      <section aria-labelledby="past">
        <h2 id="past">{t('publicGroups.past')}</h2>
        {group.past.length ? (
          <ul>
            {group.past.map((m) => (
              <li key={m.id}>
                <time dateTime={m.startsAt.toISOString()}>{formatDate(m.startsAt, language, timeZone)}</time> —{' '}
                <MeetingLink slug={group.slug} meeting={m} language={language} />
                {m.hasMinutes ? <span className="badge">{t('meetings.minutes')}</span> : null}{' '}
                {m.recordings ? <span className="badge">{t('meetings.recording')}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('publicGroups.noPast')}</p>
        )}
      </section>
    </>
  )
}

/** A meeting's title, linked, saying so when it is written in another language than the page's. */
function MeetingLink({
  slug,
  meeting: m,
  language,
}: {
  slug: string
  meeting: { id: number; title: string; textLanguage: Language }
  language: Language
}) {
  const { t } = useTranslation('participation')
  return (
    <>
      <Link to={`/working-groups/${slug}/meetings/${m.id}`} lang={m.textLanguage}>
        {m.title}
      </Link>
      {m.textLanguage !== language ? (
        <span className="muted">
          {' '}
          ({m.textLanguage === 'en' ? t('common:events.inEnglishOnly') : languageName(m.textLanguage, language)})
        </span>
      ) : null}
    </>
  )
}
