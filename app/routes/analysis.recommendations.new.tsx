import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { RecommendationForm } from '~/components/RecommendationForm'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { parseRecommendationForm, submittedRecommendationValues } from '~/lib/recommendation-form'
import { TrackerError } from '~/lib/tracker'
import { createRecommendation, recommendationSources } from '~/services/recommendations.server'
import { milestoneChoices } from '~/services/tracker.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'recommendationNew')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  return { language, sources: recommendationSources(db, language), milestones: milestoneChoices(db, language) }
}

/** Staff record a recommendation as proposed; it moves on from its own page. */
export async function action({ request }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  const form = await readForm(request)
  const values = submittedRecommendationValues(form)
  const parsed = parseRecommendationForm(form)
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 })
  try {
    const result = createRecommendation(getDb(), parsed.data, { actorId: staff.id })
    if (!result.ok)
      return data(
        {
          errors: {
            [result.error === 'source' ? 'source' : 'milestoneIds']: [`errors.recommendation.${result.error}`],
          },
          values,
        },
        { status: 400 },
      )
    return redirectWithNotice(request, `/analysis/recommendations/${result.id}`, 'notices.recommendation.created')
  } catch (e) {
    if (e instanceof TrackerError)
      return data({ errors: { reference: ['errors.recommendation.referenceTaken'] }, values }, { status: 409 })
    throw e
  }
}

export default function NewRecommendation() {
  const { t } = useTranslation('participation')
  const { language, sources, milestones } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  return (
    <>
      <p>
        <Link to="/analysis/recommendations">← {t('recommendations.title')}</Link>
      </p>
      <h1>{t('recommendations.newTitle')}</h1>
      <p className="lede">{t('recommendations.newLede')}</p>
      <RecommendationForm
        language={language}
        sources={sources}
        milestones={milestones}
        errors={a?.errors}
        values={a?.values}
        submitLabel={t('recommendations.create')}
      />
    </>
  )
}
