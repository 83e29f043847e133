import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client'
import { Field } from '~/components/Field'
import { ProfileFields } from '~/components/ProfileFields'
import { requirePerson } from '~/guards.server'
import { languageCookie } from '~/i18n.server'
import { timeZones } from '~/lib/format'
import { ProfileSchema } from '~/lib/profile-schema'
import { parseForm } from '~/lib/validation'
import { listStructures, UnknownStructureError, updateProfile } from '~/services/people.server'
import { commitSession, getSession } from '~/session.server'
import { pageTitle } from '~/lib/meta'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'profile')

export async function loader({ request }: LoaderFunctionArgs) {
  const person = await requirePerson(request)
  return { person, timeZones: timeZones(), structures: listStructures(getDb()) }
}

export async function action({ request }: ActionFunctionArgs) {
  const person = await requirePerson(request)
  const parsed = parseForm(ProfileSchema, await request.formData())
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  try {
    updateProfile(getDb(), person.id, parsed.data)
  } catch (error) {
    if (error instanceof UnknownStructureError) return data({ errors: { structureId: ['errors.field.invalid'] } }, { status: 400 })
    throw error
  }
  const session = await getSession(request)
  session.flash('notice', 'notices.profileSaved')
  const headers = new Headers()
  headers.append('Set-Cookie', await commitSession(session))
  headers.append('Set-Cookie', await languageCookie.serialize(parsed.data.preferredLanguage))
  headers.set('Location', '/profile')
  return new Response(null, { status: 303, headers })
}

export default function Profile() {
  const { t } = useTranslation()
  const { person, timeZones, structures } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = (actionData as { errors?: Record<string, string[] | undefined> } | undefined)?.errors
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <h1>{t('profile.title')}</h1>
      <dl className="details">
        <dt>{t('auth:email')}</dt>
        <dd>{person.email}</dd>
        <dt>{t('profile.roles')}</dt>
        <dd>{[t('roles.participant'), ...person.roles.map((r) => t(`roles.${r}`))].join(', ')}</dd>
      </dl>
      {errors ? (
        <p className="error-summary" role="alert">
          {t('errors.form.fix')}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <Field name="name" label={t('profile.name')} errors={errors?.name} defaultValue={person.name} autoComplete="name" required />
        <ProfileFields defaults={person} errors={errors} timeZones={timeZones} structures={structures} />
        <div>
          <button type="submit" disabled={busy}>
            {t('profile.save')}
          </button>
        </div>
      </Form>
    </>
  )
}
