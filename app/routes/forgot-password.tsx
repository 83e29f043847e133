import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { Field, Honeypot } from '~/components/Field'
import { baseUrl, clientIp } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { EmailSchema, honeypotTripped, parseForm } from '~/lib/validation'
import { requestPasswordReset } from '~/services/auth.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['auth'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'forgotPassword')

const ForgotSchema = z.object({ email: EmailSchema })

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request)
  if (honeypotTripped(form)) return data({ sent: false, errors: { form: ['errors.form.rejected'] } }, { status: 400 })
  const parsed = parseForm(ForgotSchema, form)
  if (!parsed.ok) return data({ sent: false, errors: parsed.errors }, { status: 400 })
  const result = requestPasswordReset(getDb(), { email: parsed.data.email, ip: clientIp(request), baseUrl: baseUrl() })
  if (!result.ok) {
    return data(
      { sent: false, errors: { form: ['errors.auth.rateLimited'] } },
      { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } },
    )
  }
  return { sent: true, errors: undefined }
}

export default function ForgotPassword() {
  const { t } = useTranslation('auth')
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors as Record<string, string[] | undefined> | undefined
  const busy = useNavigation().state === 'submitting'
  if (actionData?.sent) {
    return (
      <>
        <h1>{t('forgot.title')}</h1>
        <p className="notice" role="status">
          {t('forgot.sent')}
        </p>
        <p>
          <Link to="/login">{t('common:nav.signIn')}</Link>
        </p>
      </>
    )
  }
  return (
    <>
      <h1>{t('forgot.title')}</h1>
      <p className="lede">{t('forgot.intro')}</p>
      {errors?.form ? (
        <p className="error-summary" role="alert">
          {t(`common:${errors.form[0]}`)}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <Honeypot />
        <Field name="email" type="email" label={t('email')} errors={errors?.email} autoComplete="email" required />
        <div>
          <button type="submit" disabled={busy}>
            {t('forgot.submit')}
          </button>
        </div>
      </Form>
    </>
  )
}
