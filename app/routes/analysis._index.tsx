import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import type { Language } from '#db/domain'
import { ScrollRegion } from '~/components/ScrollRegion'
import { requireRole } from '~/guards.server'
import { isLanguage } from '~/i18n'
import { languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { communityBreakdown } from '~/services/overview.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'analysis')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['analyst', 'staff'])
  return communityBreakdown(getDb())
}

export default function AnalysisHome() {
  const { t, i18n } = useTranslation('staff')
  const viewerLanguage = (isLanguage(i18n.language) ? i18n.language : 'en') as Language
  const { languages, peopleTable, statuses, structureTable } = useLoaderData<typeof loader>()
  const total = (rows: { counts: number[] }[], i: number) => rows.reduce((s, r) => s + r.counts[i], 0)
  return (
    <>
      <h1>{t('analysis.title')}</h1>
      <p className="lede">{t('analysis.intro')}</p>
      <h2 id="people-heading">{t('analysis.peopleByRegion')}</h2>
      <ScrollRegion>
        <table aria-labelledby="people-heading">
          <thead>
            <tr>
              <th scope="col">{t('analysis.region')}</th>
              {languages.map((l) => (
                <th scope="col" className="num" key={l}>
                  {languageName(l, viewerLanguage)}
                </th>
              ))}
              <th scope="col" className="num">
                {t('analysis.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {peopleTable.map((row) => (
              <tr key={row.region}>
                <th scope="row">{t(`common:regions.${row.region}`)}</th>
                {row.counts.map((n, i) => (
                  <td className="num" key={languages[i]}>
                    {n}
                  </td>
                ))}
                <td className="num">{row.counts.reduce((a, b) => a + b, 0)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('analysis.total')}</th>
              {languages.map((l, i) => (
                <td className="num" key={l}>
                  {total(peopleTable, i)}
                </td>
              ))}
              <td className="num">{peopleTable.reduce((s, r) => s + r.counts.reduce((a, b) => a + b, 0), 0)}</td>
            </tr>
          </tfoot>
        </table>
      </ScrollRegion>
      <h2 id="structures-heading">{t('analysis.structuresByStatus')}</h2>
      <ScrollRegion>
        <table aria-labelledby="structures-heading">
          <thead>
            <tr>
              <th scope="col">{t('analysis.region')}</th>
              {statuses.map((s) => (
                <th scope="col" className="num" key={s}>
                  {t(`common:accreditation.${s}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {structureTable.map((row) => (
              <tr key={row.region}>
                <th scope="row">{t(`common:regions.${row.region}`)}</th>
                {row.counts.map((n, i) => (
                  <td className="num" key={statuses[i]}>
                    {n}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  )
}
