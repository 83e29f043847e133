import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { WorkingGroupForm, type WorkingGroupFormValues } from '~/components/WorkingGroupForm'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { parseForm } from '~/lib/validation'
import { submittedGroupValues, workingGroupFields, WorkingGroupSchema } from '~/lib/working-group-form'
import { saveWorkingGroup } from '~/services/working-groups.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff', 'participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'workingGroupNew')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  return { language }
}

/** Staff create a standing group or a working party; members are added on its page next. */
export async function action({ request }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  const form = await readForm(request)
  const parsed = parseForm(WorkingGroupSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors, values: submittedGroupValues(form) }, { status: 400 })
  const saved = saveWorkingGroup(getDb(), null, workingGroupFields(parsed.data), { actorId: staff.id })
  if (!saved.ok)
    return data(
      { errors: { slug: ['errors.workingGroup.slugTaken'] }, values: submittedGroupValues(form) },
      { status: 409 },
    )
  return redirectWithNotice(request, `/staff/working-groups/${saved.id}`, 'notices.workingGroup.created')
}

export default function NewWorkingGroup() {
  const { t } = useTranslation('staff')
  const { language } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  return (
    <>
      <p>
        <Link to="/staff/working-groups">← {t('participation:workingGroups.title')}</Link>
      </p>
      <h1>{t('workingGroupForm.newTitle')}</h1>
      <p className="lede">{t('workingGroupForm.newLede')}</p>
      <WorkingGroupForm
        values={(a?.values as WorkingGroupFormValues | undefined) ?? { kind: 'standing' }}
        errors={a?.errors}
        language={language}
        submitLabel={t('workingGroupForm.create')}
      />
    </>
  )
}
