import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { QuestionResult, SmallGroupsNote } from '~/components/SurveyResults'
import { loc } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { getSurveyBySlug, surveyDefinition } from '~/services/surveys/builder.server'
import {
  anyHidden,
  marksReady,
  NO_FILTERS,
  questionSummaries,
  respondentCount,
} from '~/services/surveys/results.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'surveys'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'surveySummary', data?.title)

/** The summary staff chose to publish: counts per question, no free text, nothing per person. Unpublished: 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await getViewer(request)
  const db = getDb()
  const survey = getSurveyBySlug(db, params.slug ?? '')
  if (!survey || !survey.summaryPublished) throw new Response('Not found', { status: 404 })
  const questions = surveyDefinition(db, survey.id).questions.filter(
    (q) => q.kind !== 'short_text' && q.kind !== 'long_text',
  )
  await marksReady(db, survey)
  const summaries = questionSummaries(db, { survey, questions, language, filters: NO_FILTERS })
  return {
    title: loc(survey.title, language),
    respondents: respondentCount(db, survey.id, NO_FILTERS),
    summaries,
    hidden: anyHidden(summaries),
    language,
  }
}

export default function SurveySummary() {
  const { t } = useTranslation('surveys')
  const d = useLoaderData<typeof loader>()
  return (
    <>
      <h1>{t('surveys.summaryTitle', { title: d.title })}</h1>
      <p className="lede">{t('surveys.respondents', { count: d.respondents, shown: String(d.respondents) })}</p>
      {d.hidden ? <SmallGroupsNote /> : null}
      {d.summaries.map((q) => (
        <section key={q.id} aria-labelledby={`q-${q.id}`} className="survey-question">
          <h2 id={`q-${q.id}`}>{q.text}</h2>
          <QuestionResult q={q} language={d.language} />
        </section>
      ))}
    </>
  )
}
