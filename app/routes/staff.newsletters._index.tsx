import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { EmptyState } from '~/components/EmptyState'
import { ScrollRegion } from '~/components/ScrollRegion'
import { formatCompact, formatNumber } from '~/lib/format'
import { loc } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { listNewslettersForStaff } from '~/services/newsletters/newsletter.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['newsletters'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'newsletters')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  return { list: listNewslettersForStaff(getDb()), language, timeZone }
}

export default function StaffNewsletters() {
  const { t } = useTranslation('newsletters')
  const { list, language, timeZone } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('newsletters.title')}</h1>
      <p>
        <Link className="button" to="/staff/newsletters/new">
          {t('newsletters.new')}
        </Link>{' '}
        <Link className="button secondary" to="/staff/newsletters/audiences">
          {t('newsletters.audiences')}
        </Link>{' '}
        <Link className="button secondary" to="/staff/newsletters/lists">
          {t('lists.link')}
        </Link>{' '}
        <Link to="/newsletters">{t('newsletters.archiveLink')}</Link>
      </p>
      {list.length === 0 ? (
        <EmptyState action={{ to: '/staff/newsletters/new', label: t('newsletters.new') }}>
          {t('newsletters.noneYet')}
        </EmptyState>
      ) : (
        <ScrollRegion>
          <table>
            <caption className="visually-hidden">{t('newsletters.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('newsletters.subject')}</th>
                <th scope="col">{t('newsletters.status')}</th>
                <th scope="col">{t('newsletters.sentTo')}</th>
                <th scope="col" className="num">
                  {t('newsletters.progressColumn')}
                </th>
                <th scope="col">{t('newsletters.when', { zone: timeZone })}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((n) => (
                <tr key={n.id}>
                  <th scope="row">
                    <Link to={`/staff/newsletters/${n.id}`}>{n.subject ?? n.slug}</Link>
                  </th>
                  <td>
                    <span className={`badge ${n.status === 'sent' ? 'ok' : n.status === 'paused' ? 'warn' : ''}`}>
                      {t(`newsletters.statuses.${n.status}`)}
                    </span>
                  </td>
                  <td>
                    {[...n.lists.map((l) => loc(l, language)), n.audienceName].filter(Boolean).join(' · ') || '—'}
                  </td>
                  <td className="num">
                    {n.totals.total
                      ? `${formatNumber(n.totals.sent, language)} / ${formatNumber(n.totals.total, language)}`
                      : '—'}
                    {n.totals.failed ? ` · ${t('newsletters.failedCount', { count: n.totals.failed })}` : ''}
                  </td>
                  <td className="nowrap">
                    {n.sendStartedAt
                      ? formatCompact(new Date(n.sendStartedAt), language, timeZone)
                      : n.scheduledAt
                        ? t('newsletters.scheduledFor', {
                            when: formatCompact(new Date(n.scheduledAt), language, timeZone),
                          })
                        : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  )
}
