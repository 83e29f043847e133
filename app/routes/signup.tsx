import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client'
import { Field, Honeypot } from '~/components/Field'
import { ProfileFields } from '~/components/ProfileFields'
import { baseUrl, currentPerson } from '~/guards.server'
import { timeZones } from '~/lib/format'
import { ProfileSchema } from '~/lib/profile-schema'
import { EmailSchema, honeypotTripped, parseForm, PasswordSchema } from '~/lib/validation'
import { hashPassword } from '~/services/auth.server'
import { enqueueMail } from '~/services/outbox.server'
import { createPerson, EmailTakenError, listStructures, UnknownStructureError } from '~/services/people.server'
import { redirectWithNotice } from '~/session.server'
import { getViewer } from '~/viewer.server'
import { renderWelcome } from '#emails/welcome'
import { pageTitle } from '~/lib/meta'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'signup')

const SignupSchema = ProfileSchema.extend({ email: EmailSchema, password: PasswordSchema })

export async function loader({ request }: LoaderFunctionArgs) {
  if (await currentPerson(request)) throw redirect('/profile')
  const viewer = await getViewer(request)
  return { language: viewer.language, timeZone: viewer.timeZone, timeZones: timeZones(), structures: listStructures(getDb()) }
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  if (honeypotTripped(form)) return data({ errors: { form: ['errors.form.rejected'] } }, { status: 400 })
  const parsed = parseForm(SignupSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  const { password, ...profile } = parsed.data
  const db = getDb()
  let personId: number
  try {
    personId = createPerson(db, { ...profile, passwordHash: await hashPassword(password) })
  } catch (error) {
    if (error instanceof EmailTakenError) return data({ errors: { email: ['errors.field.emailTaken'] } }, { status: 409 })
    if (error instanceof UnknownStructureError) return data({ errors: { structureId: ['errors.field.invalid'] } }, { status: 400 })
    throw error
  }
  enqueueMail(db, {
    uniqueKey: `welcome:${personId}`,
    kind: 'welcome',
    personId,
    to: profile.email.trim().toLowerCase(),
    language: profile.preferredLanguage,
    message: renderWelcome(profile.preferredLanguage, { name: profile.name, link: `${baseUrl(request)}/webinars` }),
  })
  return redirectWithNotice(request, '/', 'notices.signedUp', { personId })
}

export default function Signup() {
  const { t } = useTranslation()
  const { language, timeZone, timeZones, structures } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors as Record<string, string[] | undefined> | undefined
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <h1>{t('auth:signup.title')}</h1>
      <p className="lede">{t('auth:signup.intro')}</p>
      {errors ? (
        <p className="error-summary" role="alert">
          {t('errors.form.fix')}
        </p>
      ) : null}
      {errors?.form ? <p className="field-error">{t(errors.form[0])}</p> : null}
      <Form method="post" className="stack" noValidate>
        <Honeypot />
        <Field name="name" label={t('profile.name')} errors={errors?.name} autoComplete="name" required />
        <Field name="email" type="email" label={t('auth:email')} errors={errors?.email} autoComplete="email" required />
        <Field
          name="password"
          type="password"
          label={t('auth:password')}
          hint={t('auth:passwordHint')}
          errors={errors?.password}
          autoComplete="new-password"
          required
        />
        <ProfileFields
          defaults={{ preferredLanguage: language, timeZone, regionCode: null, structureId: null, memberType: 'individual_member' }}
          errors={errors}
          timeZones={timeZones}
          structures={structures}
          detectTimeZone
        />
        <div>
          <button type="submit" disabled={busy}>
            {t('auth:signup.submit')}
          </button>
        </div>
      </Form>
      <p>
        {t('auth:signup.haveAccount')} <Link to="/login">{t('nav.signIn')}</Link>
      </p>
    </>
  )
}
