import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { and, eq } from 'drizzle-orm'
import { getDb } from '#db/client'
import { surveyResponses } from '#db/schema'
import { SurveyForm, type SurveyPageData } from '~/components/SurveyForm'
import { pageTitle } from '~/lib/meta'
import { BLOCKED_STATUS, doneKey, openKey, openState, surveyAction, surveyPage, type Blocked } from '~/lib/survey-page.server'
import { submittedBy } from '~/services/survey-answers.server'
import { getSurveyBySlug } from '~/services/surveys.server'
import { getSession } from '~/session.server'
import { getViewer } from '~/viewer.server'

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'survey', (data as SurveyPageData | undefined)?.survey.title)

/**
 * A survey's own address. Invitation-only surveys say to use the personal link;
 * open surveys are answered here: named ones by a signed-in person, anonymous
 * ones by anyone (the browser's session remembers the response until it is submitted).
 */
async function resolve(request: Request, slug: string | undefined) {
  const db = getDb()
  const viewer = await getViewer(request)
  const survey = getSurveyBySlug(db, slug ?? '')
  if (!survey) throw new Response('Not found', { status: 404 })
  const session = await getSession(request)
  const person = viewer.person
  let blocked: Blocked | null = survey.mode === 'invitation' ? 'inviteOnly' : openState(survey)
  if (!blocked && !survey.anonymous && !person) throw redirect(`/login?redirectTo=${encodeURIComponent(`/surveys/${survey.slug}`)}`)
  if (!blocked && (session.get(doneKey(survey.id)) || (person && submittedBy(db, survey.id, person.id)))) blocked = 'submitted'
  const responseId = survey.anonymous
    ? (session.get(openKey(survey.id)) as number | undefined) ?? null
    : (db.select({ id: surveyResponses.id }).from(surveyResponses).where(and(eq(surveyResponses.surveyId, survey.id), eq(surveyResponses.personId, person?.id ?? 0))).get()?.id ?? null)
  return { db, survey, blocked, language: viewer.language, who: { kind: 'open' as const, personId: person?.id ?? null, responseId } }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, survey, blocked, language, who } = await resolve(request, params.slug)
  return surveyPage(db, request, survey, blocked ? null : who, language, blocked)
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, survey, blocked, language, who } = await resolve(request, params.slug)
  if (blocked) return data({ errors: {} as Record<string, string>, typed: {} as Record<string, string[]>, submitError: `survey.blocked.${blocked}` as string | null }, { status: BLOCKED_STATUS[blocked] })
  return surveyAction(db, request, survey, who, language, `/surveys/${survey.slug}`, who.personId)
}

export default function OpenSurvey() {
  const { t } = useTranslation()
  const loaded = useLoaderData<typeof loader>() as unknown as SurveyPageData
  const a = useActionData<typeof action>()
  return (
    <>
      <SurveyForm data={loaded} errors={a?.errors} typed={a?.typed} submitError={a?.submitError} />
      {loaded.survey.summary ? (
        <p>
          <Link to={loaded.survey.summary}>{t('survey.summaryLink')}</Link>
        </p>
      ) : null}
    </>
  )
}
