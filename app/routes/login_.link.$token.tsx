import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { safeRedirect } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { signInLinkFor, signInWithLink } from '~/services/sign-in-link.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['auth'] }

// No `no-referrer` here: the site-wide `Referrer-Policy: same-origin` already keeps the token's address from other
// sites, and a page with `no-referrer` sends its form with `Origin: null`, which the origin check refuses.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'signInLink')

const token = (params: LoaderFunctionArgs['params']) => String(params.token ?? '').slice(0, 100)

/** The mailed link opens this page: it says who will be signed in; reading it never spends the link. */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = signInLinkFor(getDb(), token(params))
  if (!found) return data({ email: null }, { status: 410 })
  return { email: found.email }
}

/** The button: spends the link and signs the person in on a new session, then goes where they were going. */
export async function action({ request, params }: ActionFunctionArgs) {
  await readForm(request)
  const done = signInWithLink(getDb(), token(params))
  if (!done) return data({ invalid: true }, { status: 410 })
  return redirectWithNotice(request, safeRedirect(done.redirectTo), 'notices.signedIn', { personId: done.personId })
}

export default function SignInWithLink() {
  const { t } = useTranslation('auth')
  const { email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  if (!email || actionData?.invalid) {
    return (
      <>
        <h1>{t('link.invalidTitle')}</h1>
        <p className="error-summary" role="alert">
          {t('link.invalid')}
        </p>
        <p>
          <Link to="/login">{t('link.requestNew')}</Link>
        </p>
      </>
    )
  }
  return (
    <>
      <h1>{t('link.title')}</h1>
      <p className="lede break">{t('link.lede', { email })}</p>
      <Form method="post" className="stack">
        <p className="muted">{t('link.explain')}</p>
        <div>
          <button type="submit" disabled={busy}>
            {t('link.submit')}
          </button>
        </div>
      </Form>
    </>
  )
}
