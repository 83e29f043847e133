import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { Field, Honeypot } from '~/components/Field'
import { baseUrl, clientIp, currentPerson, safeRedirect } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { EmailSchema, honeypotTripped, parseForm } from '~/lib/validation'
import { requestSignup } from '~/services/accounts.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['auth'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'signup')

const SignupSchema = z.object({ email: EmailSchema, redirectTo: z.string().optional() })

export async function loader({ request }: LoaderFunctionArgs) {
  if (await currentPerson(request)) throw redirect('/profile')
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get('redirectTo'), '')
  return { redirectTo }
}

/**
 * Step 1: the address only. The answer is the same whether or not an account
 * exists; the mail says what to do next (finish, or sign in).
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request)
  if (honeypotTripped(form)) return data({ sent: false, errors: { form: ['errors.form.rejected'] } }, { status: 400 })
  const parsed = parseForm(SignupSchema, form)
  if (!parsed.ok) return data({ sent: false, errors: parsed.errors }, { status: 400 })
  const viewer = await getViewer(request)
  const redirectTo = safeRedirect(parsed.data.redirectTo, '') || null
  const result = requestSignup(
    getDb(),
    { email: parsed.data.email, ip: clientIp(request), language: viewer.language, redirectTo },
    { baseUrl: baseUrl() },
  )
  if (!result.ok) {
    return data(
      { sent: false, errors: { form: ['errors.auth.rateLimited'] } },
      { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } },
    )
  }
  return { sent: true, errors: undefined }
}

export default function Signup() {
  const { t } = useTranslation('auth')
  const { redirectTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors as Record<string, string[] | undefined> | undefined
  const busy = useNavigation().state === 'submitting'
  const loginHref = redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : '/login'
  if (actionData?.sent) {
    return (
      <>
        <h1>{t('signup.checkMailTitle')}</h1>
        <p className="notice" role="status">
          {t('signup.sent')}
        </p>
        <p>{t('signup.sentNext')}</p>
        <p>
          <Link to={loginHref}>{t('common:nav.signIn')}</Link>
        </p>
      </>
    )
  }
  return (
    <>
      <h1>{t('signup.title')}</h1>
      <p className="lede">{t('signup.intro')}</p>
      {errors ? (
        <p className="error-summary" role="alert" tabIndex={-1}>
          {errors.form ? t(`common:${errors.form[0]}`) : t('common:errors.form.fix')}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <Honeypot />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="email"
          type="email"
          label={t('email')}
          hint={t('signup.emailHint')}
          errors={errors?.email}
          autoComplete="email"
          required
        />
        <div>
          <button type="submit" disabled={busy}>
            {t('signup.sendLink')}
          </button>
        </div>
      </Form>
      <p>
        {t('signup.haveAccount')} <Link to={loginHref}>{t('common:nav.signIn')}</Link>
      </p>
    </>
  )
}
