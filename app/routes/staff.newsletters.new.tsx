import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { NewsletterForm } from '~/components/NewsletterForm'
import { requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { listIdsOf, NewsletterFormSchema } from '~/lib/newsletter-form'
import { NEWSLETTER_PREVIEW_ACTION, skipAfterPreview } from '~/lib/revalidation'
import { parseForm } from '~/lib/validation'
import { formValues } from '~/lib/webinar-form-values.server'
import { listAudiences } from '~/services/newsletters/audiences.server'
import { listOptions } from '~/services/newsletters/lists.server'
import { saveNewsletter } from '~/services/newsletters/newsletter.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['newsletters'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'newsletterNew')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const audiences = listAudiences(getDb())
  // "Write to members" on a group's page comes here with that group's audience chosen.
  const asked = Number(new URL(request.url).searchParams.get('audience'))
  const audienceId = audiences.some((a) => a.id === asked) ? String(asked) : ''
  return { audiences, audienceId, lists: listOptions(getDb(), language), language }
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const form = await readForm(request)
  const parsed = parseForm(NewsletterFormSchema, form)
  const values = { ...formValues(form), listIds: listIdsOf(form).join(',') }
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 })
  const newsletter = { ...parsed.data, listIds: listIdsOf(form) }
  const result = saveNewsletter(getDb(), { id: null, newsletter }, { actorId: staff.id })
  if (!result.ok) return data({ errors: { slug: [`errors.newsletter.${result.error}`] }, values }, { status: 409 })
  return redirectWithNotice(request, `/staff/newsletters/${result.id}`, 'notices.newsletter.saved')
}

export default function NewNewsletter() {
  const { t } = useTranslation('newsletters')
  const { audiences, audienceId, lists, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <h1>{t('newsletters.new')}</h1>
      <p className="lede">{t('newsletters.newLede')}</p>
      <NewsletterForm
        values={actionData?.values ?? { complete_en: 'on', audienceId }}
        errors={actionData?.errors}
        audiences={audiences}
        lists={lists}
        viewerLanguage={language}
        previewAction={NEWSLETTER_PREVIEW_ACTION}
        submitLabel={t('newsletters.save')}
      />
    </>
  )
}

/** No reload after the newsletter live preview (see app/lib/revalidation.ts). */
export const shouldRevalidate = skipAfterPreview
