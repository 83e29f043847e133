import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { ScrollRegion } from '~/components/ScrollRegion'
import { formatDate, formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { listWorkingGroups } from '~/services/working-groups.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'workingGroups')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  return { groups: listWorkingGroups(getDb(), language), language, timeZone }
}

export default function WorkingGroups() {
  const { t } = useTranslation('participation')
  const { groups, language, timeZone } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <h1>{t('workingGroups.title')}</h1>
        <p className="actions">
          <Link to="/staff/working-groups/new" className="button">
            {t('workingGroups.add')}
          </Link>{' '}
          <Link to="/working-groups" className="button secondary">
            {t('workingGroups.publicList')}
          </Link>
        </p>
      </div>
      <p className="lede">{t('workingGroups.lede')}</p>
      <ScrollRegion>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('workingGroups.name')}</th>
              <th scope="col">{t('workingGroups.kind')}</th>
              <th scope="col" className="num">
                {t('workingGroups.members')}
              </th>
              <th scope="col" className="num">
                {t('workingGroups.meetings')}
              </th>
              <th scope="col">{t('workingGroups.lastMeeting')}</th>
              <th scope="col">{t('workingGroups.regionsMissing')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.id}>
                <th scope="row">
                  <Link to={`/staff/working-groups/${g.id}`}>{g.name}</Link>
                  <br />
                  <span className="muted">{g.topic}</span>
                </th>
                <td>{t(`workingGroups.kinds.${g.kind}`)}</td>
                <td className="num">{formatNumber(g.members, language)}</td>
                <td className="num">{formatNumber(g.meetings, language)}</td>
                <td className="nowrap">
                  {g.lastMeeting ? formatDate(new Date(g.lastMeeting), language, timeZone) : '—'}
                </td>
                <td>
                  {g.missingRegions.length ? <span className="badge warn">{g.missingRegions.join(', ')}</span> : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  )
}
