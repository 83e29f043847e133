import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { REGION_CODES } from '#db/domain'
import { countryName } from '~/lib/countries'
import { formatDate } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { accreditedStructures } from '~/services/structures/structures.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'structuresPublic')

/** Public: the accredited At-Large Structures by region, with the year each was accredited. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await getViewer(request)
  return { structures: accreditedStructures(getDb()), language, timeZone }
}

export default function PublicStructures() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('structures.publicTitle')}</h1>
      <p className="lede">{t('structures.publicLede', { count: d.structures.length })}</p>
      <p>
        <Link to="/structures/apply">{t('structures.applyLink')}</Link>
      </p>
      {REGION_CODES.map((region) => {
        const inRegion = d.structures.filter((s) => s.regionCode === region)
        return (
          <section key={region} aria-labelledby={`region-${region}`}>
            <h2 id={`region-${region}`}>{t(`common:regions.${region}`)}</h2>
            {inRegion.length === 0 ? (
              <p>{t('structures.noneInRegion')}</p>
            ) : (
              <ul>
                {inRegion.map((s) => (
                  <li key={s.id}>
                    {s.website ? (
                      <a href={s.website} rel="noopener noreferrer nofollow">
                        {s.localNames?.[d.language] || s.name}
                      </a>
                    ) : (
                      <span>{s.localNames?.[d.language] || s.name}</span>
                    )}{' '}
                    <span className="hint">
                      {countryName(s.country, d.language)}
                      {s.since
                        ? ` · ${t('structures.accreditedOn', { date: formatDate(s.since, d.language, d.timeZone) })}`
                        : ''}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )
      })}
    </>
  )
}
