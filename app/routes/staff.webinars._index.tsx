import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { EmptyState } from '~/components/EmptyState'
import { ScrollRegion } from '~/components/ScrollRegion'
import { formatDate, formatDateTime } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { listWebinarsForStaff } from '~/services/webinars-admin.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'staffWebinars')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  return { webinars: listWebinarsForStaff(getDb(), language), language, timeZone }
}

/** How many booths are still to confirm or cancel, and by when (upcoming webinars with channels). */
function BoothDecisions({
  webinar: w,
}: {
  webinar: {
    id: number
    startsAt: string | Date
    status: string
    channels: number
    boothsDecided: number
    boothDecisionHours: number
  }
}) {
  const { t } = useTranslation('staff')
  const { language, timeZone } = useLoaderData<typeof loader>()
  const start = new Date(w.startsAt)
  if (w.status !== 'scheduled' || w.channels === 0 || start <= new Date()) return <>—</>
  const open = w.channels - w.boothsDecided
  if (open <= 0)
    return (
      <Link to={`/staff/webinars/${w.id}/forecast`} className="badge ok">
        {t('forecast.allDecided')}
      </Link>
    )
  const deadline = new Date(start.getTime() - w.boothDecisionHours * 3600_000)
  return (
    <Link to={`/staff/webinars/${w.id}/forecast`}>
      {t('forecast.toDecide', { count: open, date: formatDate(deadline, language, timeZone) })}
    </Link>
  )
}

export default function StaffWebinars() {
  const { t } = useTranslation('staff')
  const { webinars, language, timeZone } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('webinars.title')}</h1>
      <p>
        <Link to="/staff/webinars/new" className="button">
          {t('webinars.new')}
        </Link>
      </p>
      {webinars.length === 0 ? (
        <EmptyState action={{ to: '/staff/webinars/new', label: t('webinars.new') }}>{t('webinars.none')}</EmptyState>
      ) : (
        <ScrollRegion>
          <table className="card-table">
            <caption className="visually-hidden">{t('webinars.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('webinars.webinar')}</th>
                <th scope="col">{t('webinars.when')}</th>
                <th scope="col" className="num">
                  {t('webinars.confirmed')}
                </th>
                <th scope="col" className="num">
                  {t('webinars.waitlisted')}
                </th>
                <th scope="col" className="num">
                  {t('webinars.dialOuts')}
                </th>
                <th scope="col">{t('forecast.booths')}</th>
                <th scope="col">{t('webinars.status')}</th>
              </tr>
            </thead>
            <tbody>
              {webinars.map((w) => (
                <tr key={w.id}>
                  <th scope="row">
                    <Link to={`/staff/webinars/${w.id}`}>{w.title}</Link>
                  </th>
                  <td data-label={t('webinars.when')}>{formatDateTime(new Date(w.startsAt), language, timeZone)}</td>
                  <td className="num" data-label={t('webinars.confirmed')}>
                    {w.confirmed}
                    {w.capacity ? ` / ${w.capacity}` : ''}
                  </td>
                  <td className="num" data-label={t('webinars.waitlisted')}>
                    {w.waitlisted}
                  </td>
                  <td className="num" data-label={t('webinars.dialOuts')}>
                    {w.dialOutsPending ? <span className="badge warn">{w.dialOutsPending}</span> : 0}
                  </td>
                  <td data-label={t('forecast.booths')}>
                    <BoothDecisions webinar={w} />
                  </td>
                  <td data-label={t('webinars.status')}>{t(`common:events.status.${w.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  )
}
