import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import type { Language } from '#db/domain'
import { formatDateTime } from '~/lib/format'

type Entry = {
  at: number
  kind: string
  about: string | null
  detail: string | null
  who: string | null
  extra?: string | null
}

/** A role change's role (and region, for a RALO leader) from its audit details. */
function roleOf(extra: string | null | undefined): { role: string; region: string | null } | null {
  if (!extra) return null
  try {
    const parsed = JSON.parse(extra) as { role?: unknown; region?: unknown }
    return typeof parsed.role === 'string'
      ? { role: parsed.role, region: typeof parsed.region === 'string' ? parsed.region : null }
      : null
  } catch {
    return null
  }
}

/**
 * A staff page's timeline section (a person's, a structure's): dated entries, newest
 * first, each with its kind, what it is about and its status, paged with `?page=`.
 * Uses the `staff` and `participation` namespaces.
 */
export function Timeline({
  title,
  empty,
  timeline,
  language,
  timeZone,
}: {
  title: string
  empty: string
  timeline: { total: number; page: number; pages: number; entries: Entry[] }
  language: Language
  timeZone: string
}) {
  const { t } = useTranslation('staff')
  const when = (at: number) => formatDateTime(new Date(at), language, timeZone)
  const audit = (e: Entry) => {
    const role = roleOf(e.extra)
    const roleText = role
      ? `${t(`common:roles.${role.role}`, { defaultValue: role.role })}${role.region ? ` (${role.region})` : ''}`
      : ''
    return t(`people.auditActions.${e.detail}`, { role: roleText, about: e.about ?? '', defaultValue: e.detail ?? '' })
  }
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">{title}</h2>
      {timeline.total === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ol className="timeline break">
          {timeline.entries.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <time dateTime={new Date(e.at).toISOString()}>{when(e.at)}</time>{' '}
              <span className="badge muted">{t(`people.timelineKinds.${e.kind}`)}</span>{' '}
              {e.who ? <strong>{e.who}</strong> : null}
              {e.who ? ' — ' : null}
              {[
                e.kind === 'record'
                  ? t(`participation:participation.kinds.${e.detail}`)
                  : e.kind === 'audit'
                    ? audit(e)
                    : null,
                // An audit entry's `about` is part of its sentence ("merged with …").
                e.kind === 'audit' ? null : e.about,
              ]
                .filter(Boolean)
                .join(' · ')}
              {e.kind === 'registration' || e.kind === 'summit' || e.kind === 'mail' || e.kind === 'newsletter' ? (
                <span className="muted"> ({t(`people.statuses.${e.detail}`, { defaultValue: e.detail ?? '' })})</span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {timeline.pages > 1 ? (
        <nav className="pager" aria-label={t('common:pager.label')}>
          {timeline.page > 1 ? (
            <Link to={`?page=${timeline.page - 1}#timeline`}>{t('common:pager.previous')}</Link>
          ) : null}
          <span>{t('common:pager.pageOf', { page: timeline.page, pages: timeline.pages })}</span>
          {timeline.page < timeline.pages ? (
            <Link to={`?page=${timeline.page + 1}#timeline`}>{t('common:pager.next')}</Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  )
}
