import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { WebinarForm } from '~/components/WebinarForm'
import { requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { timeZones } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { parseForm } from '~/lib/validation'
import { NEW_WEBINAR_DEFAULTS } from '~/lib/webinar-constants'
import { WebinarFormSchema } from '~/lib/webinar-form'
import { formValues } from '~/lib/webinar-form-values.server'
import { listSeries } from '~/services/events.server'
import { createWebinar } from '~/services/webinars-admin.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'newWebinar')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  return { timeZones: timeZones(), series: listSeries(getDb(), language), language }
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const form = await readForm(request)
  const parsed = parseForm(WebinarFormSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors, values: formValues(form) }, { status: 400 })
  const result = createWebinar(getDb(), parsed.data, staff.id)
  if (!result.ok) {
    const field = { unknown_series: 'seriesId', unknown_presenter: 'presenters' }[result.error as string] ?? 'slug'
    return data(
      { errors: { [field]: [`errors.webinar.${result.error}`] }, values: formValues(form) },
      { status: field === 'slug' ? 409 : 400 },
    )
  }
  return redirectWithNotice(request, `/staff/webinars/${result.eventId}`, 'notices.webinar.created')
}

export default function NewWebinar() {
  const { t } = useTranslation('staff')
  const { timeZones, series, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <h1>{t('webinars.new')}</h1>
      <WebinarForm
        values={actionData?.values ?? NEW_WEBINAR_DEFAULTS}
        errors={actionData?.errors}
        timeZones={timeZones}
        series={series}
        language={language}
        submitLabel={t('webinarForm.publish')}
      />
    </>
  )
}
