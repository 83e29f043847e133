import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { Field, Honeypot } from '~/components/Field'
import { baseUrl, clientIp, currentPerson, safeRedirect } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { EmailSchema, honeypotTripped, parseForm } from '~/lib/validation'
import { verifyLogin } from '~/services/auth.server'
import { requestSignInLink, SIGN_IN_LINK_MINUTES } from '~/services/sign-in-link.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['auth'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'login')

const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, { error: 'errors.field.required' }),
  redirectTo: z.string().optional(),
})
const LinkSchema = z.object({ email: EmailSchema, redirectTo: z.string().optional() })

export async function loader({ request }: LoaderFunctionArgs) {
  if (await currentPerson(request)) throw redirect('/')
  return { redirectTo: safeRedirect(new URL(request.url).searchParams.get('redirectTo'), '') }
}

type Errors = Record<string, string[] | undefined>

/** The refused answer: the typed address comes back, so the link can be asked for at once, even without JavaScript. */
function refused(errors: Errors, email: unknown, init: number | ResponseInit) {
  return data({ errors, email: typeof email === 'string' ? email.slice(0, 254) : '', linkSent: false }, init)
}

/**
 * Two buttons in one form: "Sign in" checks the password; "Email me a sign-in link"
 * (`intent=link`) mails a one-time link instead, and answers the same whether or not
 * the address has an account.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request)
  if (honeypotTripped(form)) return refused({ form: ['errors.form.rejected'] }, '', { status: 400 })
  if (form.get('intent') === 'link') {
    const parsed = parseForm(LinkSchema, form)
    if (!parsed.ok) return refused(parsed.errors, form.get('email'), { status: 400 })
    const result = requestSignInLink(
      getDb(),
      { email: parsed.data.email, ip: clientIp(request), redirectTo: safeRedirect(parsed.data.redirectTo, '') || null },
      { baseUrl: baseUrl() },
    )
    if (!result.ok) {
      return refused({ form: ['errors.auth.rateLimited'] }, parsed.data.email, {
        status: 429,
        headers: { 'Retry-After': String(result.retryAfterSeconds) },
      })
    }
    return { errors: undefined, email: '', linkSent: true, minutes: SIGN_IN_LINK_MINUTES }
  }
  const parsed = parseForm(LoginSchema, form)
  if (!parsed.ok) return refused(parsed.errors, form.get('email'), { status: 400 })
  // Checked before anything changes: a bad redirectTo goes home, it never fails the sign-in.
  const to = safeRedirect(parsed.data.redirectTo)
  const result = await verifyLogin(getDb(), {
    email: parsed.data.email,
    password: parsed.data.password,
    ip: clientIp(request),
  })
  if (!result.ok) {
    if (result.reason === 'invalid')
      return refused({ form: ['errors.auth.invalid'] }, parsed.data.email, { status: 400 })
    const message = result.reason === 'password_paused' ? 'errors.auth.passwordPaused' : 'errors.auth.rateLimited'
    return refused({ form: [message] }, parsed.data.email, {
      status: 429,
      headers: { 'Retry-After': String(result.retryAfterSeconds ?? 60) },
    })
  }
  return redirectWithNotice(request, to, 'notices.signedIn', { personId: result.personId })
}

export default function Login() {
  const { t } = useTranslation('auth')
  const { redirectTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors as Errors | undefined
  const busy = useNavigation().state === 'submitting'
  const paused = errors?.form?.[0] === 'errors.auth.passwordPaused'
  if (actionData?.linkSent) {
    return (
      <>
        <h1>{t('login.linkSentTitle')}</h1>
        <p className="notice" role="status">
          {t('login.linkSent', { minutes: actionData.minutes })}
        </p>
        <p>{t('login.linkSentNext')}</p>
        <p>
          <Link to={redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : '/login'}>
            {t('login.back')}
          </Link>
        </p>
      </>
    )
  }
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
        <Field
          name="email"
          type="email"
          label={t('email')}
          errors={errors?.email}
          autoComplete="email"
          defaultValue={actionData?.email || undefined}
          required
        />
        <Field
          name="password"
          type="password"
          label={t('password')}
          errors={errors?.password}
          autoComplete="current-password"
          required
        />
        <div>
          {/* While password sign-in is paused, the link is the way in: it gets the main button's look. */}
          <button
            type="submit"
            name="intent"
            value="password"
            className={paused ? 'secondary' : undefined}
            disabled={busy}
          >
            {t('login.submit')}
          </button>
        </div>
        <div className="sign-in-link">
          <p id="sign-in-link-hint">
            <strong>{t('login.or')}</strong> {t('login.linkHint')}
          </p>
          <button
            type="submit"
            name="intent"
            value="link"
            className={paused ? undefined : 'secondary'}
            aria-describedby="sign-in-link-hint"
            disabled={busy}
          >
            {t('login.sendLink')}
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
