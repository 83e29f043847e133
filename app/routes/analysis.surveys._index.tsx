import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { percent } from '~/components/Participation'
import { ScrollRegion } from '~/components/ScrollRegion'
import { CompareForm } from '~/components/SurveyResults'
import { pageTitle } from '~/lib/meta'
import { listSurveys } from '~/services/surveys/builder.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'surveys'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'surveys')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: ['analyst', 'staff'] })
  return { surveys: listSurveys(getDb(), language), language }
}

export default function SurveyList() {
  const { t } = useTranslation('surveys')
  const { surveys, language } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('surveys.title')}</h1>
      <ScrollRegion>
        <table className="card-table">
          <caption className="visually-hidden">{t('surveys.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('surveys.survey')}</th>
              <th scope="col">{t('surveys.kind')}</th>
              <th scope="col" className="num">
                {t('surveys.invited')}
              </th>
              <th scope="col" className="num">
                {t('surveys.started')}
              </th>
              <th scope="col" className="num">
                {t('surveys.completed')}
              </th>
              <th scope="col" className="num">
                {t('surveys.rate')}
              </th>
            </tr>
          </thead>
          <tbody>
            {surveys.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to={`/analysis/surveys/${s.id}`}>{s.title}</Link>
                </th>
                <td data-label={t('surveys.kind')}>
                  {t(`surveys.modes.${s.mode}`)} · {t(s.anonymous ? 'surveys.anonymous' : 'surveys.named')} ·{' '}
                  {t(`surveys.states.${s.state}`)}
                </td>
                <td className="num" data-label={t('surveys.invited')}>
                  {s.invited || '—'}
                </td>
                <td className="num" data-label={t('surveys.started')}>
                  {s.started}
                </td>
                <td className="num" data-label={t('surveys.completed')}>
                  {s.completed}
                </td>
                <td className="num" data-label={t('surveys.rate')}>
                  {s.invited ? percent(s.completed / s.invited, language) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {surveys.length > 1 ? (
        <CompareForm surveys={surveys} chosen={[surveys[0]?.id, surveys[1]?.id]} heading={t('surveys.compareTitle')} />
      ) : null}
    </>
  )
}
