import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { formatNumber } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { listPublicGroups } from '~/services/working-groups.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'workingGroups')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await getViewer(request)
  return { groups: listPublicGroups(getDb(), language), language }
}

/** The community's standing groups and working parties, each with its page. */
export default function PublicWorkingGroups() {
  const { t } = useTranslation('participation')
  const { groups, language } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('publicGroups.title')}</h1>
      <p className="lede">{t('publicGroups.lede')}</p>
      {groups.length === 0 ? <p>{t('publicGroups.none')}</p> : null}
      <ul className="event-list">
        {groups.map((g) => (
          <li key={g.slug}>
            <h2 className="event-title">
              <Link to={`/working-groups/${g.slug}`}>{g.name}</Link>
            </h2>
            <p>{g.topic}</p>
            <p className="muted">
              {t(`workingGroups.kinds.${g.kind}`)} ·{' '}
              {t('publicGroups.memberCount', { count: g.members, n: formatNumber(g.members, language) })}
            </p>
          </li>
        ))}
      </ul>
    </>
  )
}
