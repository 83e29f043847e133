import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { CompareForm, QuestionResult, SmallGroupsNote } from '~/components/SurveyResults'
import { loc } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { getSurvey, listSurveys } from '~/services/surveys/builder.server'
import { anyHidden, compareSurveys, marksReady } from '~/services/surveys/results.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'surveys'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'surveyCompare')

/** Two surveys side by side, on the questions they share (same code and kind). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: ['analyst', 'staff'] })
  const db = getDb()
  const url = new URL(request.url)
  const all = listSurveys(db, language)
  const a = getSurvey(db, Number(url.searchParams.get('a')) || 0)
  const b =
    getSurvey(db, Number(url.searchParams.get('b')) || 0) ??
    (a ? getSurvey(db, all.find((s) => s.id !== a.id)?.id ?? 0) : undefined)
  if (!a || !b || a.id === b.id) return { all, language, left: a ? { id: a.id } : null, result: null }
  await marksReady(db, a, b)
  const result = compareSurveys(db, a, b, language)
  return {
    all,
    language,
    left: { id: a.id, title: loc(a.title, language), anonymous: a.anonymous },
    right: { id: b.id, title: loc(b.title, language), anonymous: b.anonymous },
    result,
    hidden: anyHidden(result.pairs.flatMap((p) => [p.left, p.right])),
  }
}

export default function CompareSurveys() {
  const { t } = useTranslation('surveys')
  const data = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('surveys.compareTitle')}</h1>
      <CompareForm surveys={data.all} chosen={[data.left?.id, 'right' in data ? data.right?.id : undefined]} />
      {!data.result || !('right' in data) || !data.right || !data.left || !('title' in data.left) ? (
        <p className="muted">{t('surveys.pickTwo')}</p>
      ) : data.result.pairs.length === 0 ? (
        <p className="muted">{t('surveys.nothingShared')}</p>
      ) : (
        <>
          <p className="stat">
            {t('surveys.sharedQuestions', { count: data.result.pairs.length })} · {data.left.title}:{' '}
            {data.result.respondents[0]} · {data.right.title}
            {t('common:colon')}
            {data.result.respondents[1]}
          </p>
          {'hidden' in data && data.hidden ? <SmallGroupsNote /> : null}
          {data.result.pairs.map((p) => (
            <section key={p.left.code} aria-labelledby={`cmp-${p.left.code}`} className="survey-question">
              <h2 id={`cmp-${p.left.code}`}>{p.left.text}</h2>
              <div className="compare-grid">
                <div>
                  <h3>
                    <Link to={`/analysis/surveys/${data.left.id}`}>{data.left.title}</Link>
                  </h3>
                  <QuestionResult q={p.left} language={data.language} />
                </div>
                <div>
                  <h3>
                    <Link to={`/analysis/surveys/${data.right.id}`}>{data.right.title}</Link>
                  </h3>
                  <QuestionResult q={p.right} language={data.language} />
                </div>
              </div>
            </section>
          ))}
        </>
      )}
    </>
  )
}
