import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { formatDate, formatDay } from '~/lib/format'
import { loc } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { myStructures } from '~/services/structures/accreditation.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'structureMine')

/** Where an applicant (a structure's contact) follows each step of the accreditation. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { person, language, timeZone } = await requireViewer(request)
  return { structures: myStructures(getDb(), person.id), language, timeZone }
}

export default function MyStructures() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('structures.mineTitle')}</h1>
      {d.structures.length === 0 ? <p>{t('structures.mineNone')}</p> : null}
      {d.structures.map((s) => (
        <section key={s.id} aria-labelledby={`structure-${s.id}`} className="card stack">
          <h2 id={`structure-${s.id}`}>{s.name}</h2>
          <p>
            <strong>{t(`structures.statuses.${s.status}`)}</strong> — {t(`structures.statusHints.${s.status}`)}
          </p>
          <ol className="timeline">
            {s.history.map((h) => (
              <li key={h.id}>
                {formatDate(h.changedAt, d.language, d.timeZone)}
                {t('common:colon')}
                {t(`structures.steps.${h.step}`)}
                {h.reference
                  ? ` (${h.decidedOn ? t('structures.resolutionOf', { reference: h.reference, date: formatDay(h.decidedOn, d.language) }) : h.reference})`
                  : ''}
              </li>
            ))}
          </ol>
          {s.notMet.length ? (
            <div className="notice warn stack-sm">
              <p>{t('structures.notMetTitle', { count: s.notMet.length })}</p>
              <ul>
                {s.notMet.map((text, i) => (
                  <li key={i}>{loc(text, d.language)}</li>
                ))}
              </ul>
              <p>{t('structures.notMetHint')}</p>
            </div>
          ) : null}
        </section>
      ))}
      <p>
        <Link to="/structures/apply">{t('structures.applyLink')}</Link>
      </p>
    </>
  )
}
