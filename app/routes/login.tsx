import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { Field, Honeypot } from '~/components/Field'
import { clientIp, currentPerson, safeRedirect } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { EmailSchema, honeypotTripped, parseForm } from '~/lib/validation'
import { verifyLogin } from '~/services/auth.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['auth'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'login')

const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, { error: 'errors.field.required' }),
  redirectTo: z.string().optional(),
})

export async function loader({ request }: LoaderFunctionArgs) {
  if (await currentPerson(request)) throw redirect('/')
  return { redirectTo: safeRedirect(new URL(request.url).searchParams.get('redirectTo'), '') }
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request)
  if (honeypotTripped(form)) return data({ errors: { form: ['errors.form.rejected'] } }, { status: 400 })
  const parsed = parseForm(LoginSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  // Checked before anything changes: a bad redirectTo goes home, it never fails the sign-in.
  const to = safeRedirect(parsed.data.redirectTo)
  const result = await verifyLogin(getDb(), {
    email: parsed.data.email,
    password: parsed.data.password,
    ip: clientIp(request),
  })
  if (!result.ok) {
    if (result.reason === 'rate_limited') {
      return data(
        { errors: { form: ['errors.auth.rateLimited'] } },
        { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds ?? 60) } },
      )
    }
    return data({ errors: { form: ['errors.auth.invalid'] } }, { status: 400 })
  }
  return redirectWithNotice(request, to, 'notices.signedIn', { personId: result.personId })
}

export default function Login() {
  const { t } = useTranslation('auth')
  const { redirectTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors as Record<string, string[] | undefined> | undefined
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <h1>{t('login.title')}</h1>
      {errors?.form ? (
        <p className="error-summary" role="alert">
          {t(`common:${errors.form[0]}`)}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <Honeypot />
        <input type="hidden" name="redirectTo" value={redirectTo || '/'} />
        <Field name="email" type="email" label={t('email')} errors={errors?.email} autoComplete="email" required />
        <Field
          name="password"
          type="password"
          label={t('password')}
          errors={errors?.password}
          autoComplete="current-password"
          required
        />
        <div>
          <button type="submit" disabled={busy}>
            {t('login.submit')}
          </button>
        </div>
      </Form>
      <p>
        <Link to="/forgot-password">{t('login.forgot')}</Link>
      </p>
      <p>
        {t('login.noAccount')}{' '}
        <Link to={redirectTo ? `/signup?redirectTo=${encodeURIComponent(redirectTo)}` : '/signup'}>
          {t('common:nav.signUp')}
        </Link>
      </p>
    </>
  )
}
