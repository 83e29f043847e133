import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'

import { getDb } from '#db/client'
import { SurveyForm, type SurveyPageData } from '~/components/SurveyForm'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { type Blocked, BLOCKED_STATUS, openState, surveyAction, surveyPage } from '~/lib/survey-page.server'
import { getSurveyBySlug } from '~/services/surveys/builder.server'
import { findInvitation } from '~/services/surveys/invitations.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['surveys'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'survey', (data as SurveyPageData | undefined)?.survey.title)

/** The personal link from an invitation: works until the response is submitted, for this survey only. */
function resolve(slug: string | undefined, token: string | undefined) {
  const db = getDb()
  const survey = getSurveyBySlug(db, slug ?? '')
  if (!survey) throw new Response('Not found', { status: 404 })
  const invitation = findInvitation(db, token ?? '')
  const blocked: Blocked | null = !invitation
    ? 'invalidLink'
    : invitation.surveyId !== survey.id
      ? 'otherSurvey'
      : invitation.completed
        ? 'submitted'
        : openState(survey)
  return { db, survey, invitation, blocked }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await getViewer(request)
  const { db, survey, invitation, blocked } = resolve(params.slug, params.token)
  return surveyPage(db, {
    request,
    survey,
    respondent:
      invitation && !blocked
        ? { kind: 'invitation', invitationId: invitation.id, personId: invitation.personId }
        : null,
    language,
    blocked,
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { language } = await getViewer(request)
  const form = await readForm(request)
  const { db, survey, invitation, blocked } = resolve(params.slug, params.token)
  if (blocked || !invitation) {
    const why = blocked ?? 'invalidLink'
    return data(
      {
        errors: {} as Record<string, string>,
        typed: {} as Record<string, string[]>,
        submitError: `survey.blocked.${why}` as string | null,
      },
      { status: BLOCKED_STATUS[why] },
    )
  }
  return surveyAction(db, {
    request,
    form,
    survey,
    respondent: { kind: 'invitation', invitationId: invitation.id, personId: invitation.personId },
    language,
    here: new URL(request.url).pathname,
    personId: invitation.personId,
  })
}

export default function InvitedSurvey() {
  const loaded = useLoaderData<typeof loader>() as unknown as SurveyPageData
  const a = useActionData<typeof action>()
  return <SurveyForm data={loaded} errors={a?.errors} typed={a?.typed} submitError={a?.submitError} />
}
