import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { parseForm, PasswordSchema } from '~/lib/validation'
import { findValidResetToken, resetPassword } from '~/services/auth.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['auth'] }

// No `no-referrer` here: the site-wide `Referrer-Policy: same-origin` already keeps the token's address from other
// sites, and a page with `no-referrer` sends its form with `Origin: null`, which the origin check refuses.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'resetPassword')

const ResetSchema = z
  .object({ password: PasswordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { error: 'errors.field.passwordMismatch', path: ['confirm'] })

export async function loader({ params }: LoaderFunctionArgs) {
  return { valid: Boolean(findValidResetToken(getDb(), params.token ?? '')) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = parseForm(ResetSchema, await readForm(request))
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  const personId = await resetPassword(getDb(), params.token ?? '', parsed.data.password)
  if (personId === null) return data({ errors: { form: ['errors.auth.resetInvalid'] } }, { status: 400 })
  return redirectWithNotice(request, '/', 'notices.passwordChanged', { personId })
}

export default function ResetPassword() {
  const { t } = useTranslation('auth')
  const { valid } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors as Record<string, string[] | undefined> | undefined
  const busy = useNavigation().state === 'submitting'
  if (!valid || errors?.form) {
    return (
      <>
        <h1>{t('reset.title')}</h1>
        <p className="error-summary" role="alert">
          {t('common:errors.auth.resetInvalid')}
        </p>
        <p>
          <Link to="/forgot-password">{t('reset.requestNew')}</Link>
        </p>
      </>
    )
  }
  return (
    <>
      <h1>{t('reset.title')}</h1>
      <Form method="post" className="stack" noValidate>
        <Field
          name="password"
          type="password"
          label={t('reset.newPassword')}
          hint={t('passwordHint')}
          errors={errors?.password}
          autoComplete="new-password"
          required
        />
        <Field
          name="confirm"
          type="password"
          label={t('reset.confirm')}
          errors={errors?.confirm}
          autoComplete="new-password"
          required
        />
        <div>
          <button type="submit" disabled={busy}>
            {t('reset.submit')}
          </button>
        </div>
      </Form>
    </>
  )
}
