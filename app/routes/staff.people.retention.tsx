import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { ScrollRegion } from '~/components/ScrollRegion'
import { config } from '~/config.server'
import { formatDate, formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { retentionPlan } from '~/services/people/privacy.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'retention')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const days = config().retentionDays
  return { days, plan: retentionPlan(getDb(), { days, language }), now: Date.now(), language, timeZone }
}

export default function Retention() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  return (
    <>
      <p>
        <Link to="/staff/people">← {t('people.title')}</Link>
      </p>
      <h1>{t('retention.title')}</h1>
      <p className="lede">{t('retention.lede', { count: d.days })}</p>
      {d.plan.length === 0 ? (
        <p className="empty">{t('retention.nothing')}</p>
      ) : (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('retention.event')}</th>
                <th scope="col">{t('retention.what')}</th>
                <th scope="col" className="num">
                  {t('retention.people')}
                </th>
                <th scope="col">{t('retention.ended')}</th>
                <th scope="col">{t('retention.erasedOn')}</th>
              </tr>
            </thead>
            <tbody>
              {d.plan.map((e) => (
                <tr key={`${e.what}-${e.id}`}>
                  <th scope="row" className="break">
                    {e.title}
                  </th>
                  <td>{t(`retention.kinds.${e.what}`)}</td>
                  <td className="num">{formatNumber(e.held, d.language)}</td>
                  <td>{formatDate(e.endsAt, d.language, d.timeZone)}</td>
                  <td>
                    {new Date(e.eraseOn).getTime() <= d.now ? (
                      <span className="badge bad">{t('retention.due')}</span>
                    ) : (
                      formatDate(e.eraseOn, d.language, d.timeZone)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <p className="hint">{t('retention.how')}</p>
    </>
  )
}
