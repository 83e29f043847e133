import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { getSession } from '~/auth-session.server'
import { SurveyForm, type SurveyPageData } from '~/components/SurveyForm'
import { clientIp } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import {
  type Blocked,
  BLOCKED_STATUS,
  doneKey,
  openKey,
  openState,
  surveyAction,
  surveyPage,
} from '~/lib/survey-page.server'
import {
  ensureOwnInvitation,
  namedResponseId,
  ownInvitation,
  type Respondent,
  submittedBy,
} from '~/services/surveys/answers.server'
import { getSurveyBySlug } from '~/services/surveys/builder.server'
import { issueFormToken } from '~/services/surveys/tokens.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['surveys'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'survey', (data as SurveyPageData | undefined)?.survey.title)

/**
 * A survey's own address. Invitation-only surveys say to use the personal link.
 * Open surveys are answered here, in one of three ways:
 * - named: by a signed-in person, their response carries their name;
 * - anonymous, signed-in people: one answer per person through an invitation made
 *   for them on their first save, which the response forgets on submit;
 * - anonymous, anyone: the browser's session remembers the response until it is
 *   submitted; each new response needs the form's one-time token, and the address
 *   is rate-limited.
 */
async function resolve(request: Request, slug: string | undefined) {
  const db = getDb()
  const viewer = await getViewer(request)
  const survey = getSurveyBySlug(db, slug ?? '')
  if (!survey) throw new Response('Not found', { status: 404 })
  const person = viewer.person
  const anyone = survey.anonymous && survey.openAccess === 'anyone'
  let blocked: Blocked | null = survey.mode === 'invitation' ? 'inviteOnly' : openState(survey)
  if (!blocked && !anyone && !person)
    throw redirect(`/login?redirectTo=${encodeURIComponent(`/surveys/${survey.slug}`)}`)
  let who: Respondent
  if (blocked || (!anyone && !person)) {
    who = { kind: 'open', personId: person?.id ?? null, responseId: null }
  } else if (anyone) {
    const session = await getSession(request)
    if (session.get(doneKey(survey.id))) blocked = 'submitted'
    who = {
      kind: 'open',
      personId: person?.id ?? null,
      responseId: (session.get(openKey(survey.id)) as number | undefined) ?? null,
    }
  } else if (survey.anonymous) {
    const own = ownInvitation(db, survey.id, person!.id)
    if (own?.completed) blocked = 'submitted'
    who = own
      ? { kind: 'invitation', invitationId: own.id, personId: person!.id }
      : { kind: 'open', personId: person!.id, responseId: null }
  } else {
    if (submittedBy(db, survey.id, person!.id)) blocked = 'submitted'
    who = { kind: 'open', personId: person!.id, responseId: namedResponseId(db, survey.id, person!.id) }
  }
  return { db, survey, blocked, anyone, language: viewer.language, who }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, survey, blocked, anyone, language, who } = await resolve(request, params.slug)
  return surveyPage(db, {
    request,
    survey,
    respondent: blocked ? null : who,
    language,
    blocked,
    formToken: anyone && !blocked ? issueFormToken(survey.id) : undefined,
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request)
  const { db, survey, blocked, anyone, language, who } = await resolve(request, params.slug)
  if (blocked)
    return data(
      {
        errors: {} as Record<string, string>,
        typed: {} as Record<string, string[]>,
        submitError: `survey.blocked.${blocked}` as string | null,
      },
      { status: BLOCKED_STATUS[blocked] },
    )
  // A signed-in person's first save in an anonymous survey makes their (never mailed) invitation.
  const respondent: Respondent =
    !anyone && survey.anonymous && who.kind === 'open' && who.personId
      ? {
          kind: 'invitation',
          invitationId: ensureOwnInvitation(db, survey.id, who.personId).id,
          personId: who.personId,
        }
      : who
  return surveyAction(db, {
    request,
    form,
    survey,
    respondent,
    language,
    here: `/surveys/${survey.slug}`,
    personId: who.personId,
    anyoneFrom: anyone ? clientIp(request) : undefined,
  })
}

export default function OpenSurvey() {
  const { t } = useTranslation('surveys')
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
