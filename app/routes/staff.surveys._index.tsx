import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { EmptyState } from '~/components/EmptyState'
import { SurveySettingsFields } from '~/components/SurveySettings'
import { requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { timeZones } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { SettingsSchema } from '~/lib/survey-form'
import { createSurvey, listSurveys, surveyEvents } from '~/services/surveys/builder.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['surveys'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'staffSurveys')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  return { surveys: listSurveys(db, language), events: surveyEvents(db, language), timeZone, zones: timeZones() }
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const values = Object.fromEntries([...(await readForm(request)).entries()].map(([k, v]) => [k, String(v)]))
  const parsed = SettingsSchema.safeParse(values)
  if (!parsed.success)
    return data(
      { errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>, values },
      { status: 400 },
    )
  const result = createSurvey(getDb(), parsed.data, staff.id)
  if (!result.ok) {
    const errors: Record<string, string[]> =
      result.error === 'unknownEvent'
        ? { eventId: ['errors.field.unknownChoice'] }
        : { slug: ['errors.survey.slugTaken'] }
    return data({ errors, values }, { status: result.error === 'unknownEvent' ? 400 : 409 })
  }
  return redirectWithNotice(request, `/staff/surveys/${result.id}`, 'notices.survey.created')
}

export default function StaffSurveys() {
  const { t } = useTranslation('surveys')
  const { surveys, events, timeZone, zones } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  return (
    <>
      <h1>{t('surveys.staffTitle')}</h1>
      {surveys.length === 0 ? <EmptyState>{t('surveys.noneYet')}</EmptyState> : null}
      <ul className="event-list">
        {surveys.map((s) => (
          <li key={s.id}>
            <Link to={`/staff/surveys/${s.id}`}>{s.title}</Link>{' '}
            <span className="when">
              {t(`surveys.modes.${s.mode}`)} · {t(s.anonymous ? 'surveys.anonymous' : 'surveys.named')} ·{' '}
              {t(`surveys.states.${s.state}`)} · {t('surveys.completedCount', { count: s.completed })}
            </span>
          </li>
        ))}
      </ul>
      <section aria-labelledby="new-survey">
        <h2 id="new-survey">{t('surveys.new')}</h2>
        <Form method="post" className="stack wide" noValidate>
          {a?.errors ? (
            <p className="error-summary" role="alert">
              {t('common:errors.form.fix')}
            </p>
          ) : null}
          <SurveySettingsFields
            values={a?.values ?? { mode: 'invitation', anonymous: 'on', openAccess: 'signed_in', timeZone }}
            errors={a?.errors}
            events={events}
            zones={zones}
          />
          <div>
            <button type="submit">{t('surveys.create')}</button>
          </div>
        </Form>
      </section>
    </>
  )
}
