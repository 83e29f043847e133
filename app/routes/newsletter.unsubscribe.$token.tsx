/**
 * One-click unsubscribe (RFC 8058) and the newsletter preferences page. No
 * sign-in: the secret token in the link is the key. A mail client's one-click
 * POST gets a plain 200; a person's form POST comes back to this page.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { pageTitle } from '~/lib/meta'
import { setSubscribed, subscriptionByToken } from '~/services/newsletters/archive.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['newsletters'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'newsletterPreferences')

export async function loader({ params }: LoaderFunctionArgs) {
  const person = subscriptionByToken(getDb(), params.token ?? '')
  if (!person) throw new Response('Not found', { status: 404 })
  return { email: person.email, language: person.language, subscribed: person.optedOutAt === null }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData()
  const oneClick = form.get('List-Unsubscribe') === 'One-Click'
  const intent = form.get('intent')
  const subscribe = intent === 'resubscribe'
  if (!oneClick && intent !== 'unsubscribe' && intent !== 'resubscribe')
    throw new Response('Bad request', { status: 400 })
  const person = setSubscribed(getDb(), params.token ?? '', subscribe)
  if (!person) throw new Response('Not found', { status: 404 })
  if (oneClick)
    return new Response('Unsubscribed', { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return redirect(`/newsletter/unsubscribe/${params.token}?done=${subscribe ? 'resubscribed' : 'unsubscribed'}`, 303)
}

export default function NewsletterPreferences() {
  const { i18n } = useTranslation('newsletters')
  const { email, language, subscribed } = useLoaderData<typeof loader>()
  // The page speaks the reader's language, whatever the browser says: the link came in their mail.
  const t = i18n.getFixedT(language, 'newsletters')
  const [params] = useSearchParams()
  const done = params.get('done')
  return (
    <div lang={language}>
      {/* The browser fetches this language's texts too, before it takes over the page (i18n.client.ts). */}
      <meta name="i18n-languages" content={language} />
      <h1>{t('unsubscribe.title')}</h1>
      {done === 'unsubscribed' || done === 'resubscribed' ? (
        <p className="notice" role="status">
          {t(`unsubscribe.${done}`, { email })}
        </p>
      ) : null}
      <p>{subscribed ? t('unsubscribe.subscribedState', { email }) : t('unsubscribe.unsubscribedState', { email })}</p>
      <Form method="post">
        <input type="hidden" name="intent" value={subscribed ? 'unsubscribe' : 'resubscribe'} />
        <button type="submit" className={subscribed ? 'danger' : undefined}>
          {subscribed ? t('unsubscribe.unsubscribeButton') : t('unsubscribe.resubscribeButton')}
        </button>
      </Form>
      <p className="muted">{t('unsubscribe.otherMail')}</p>
    </div>
  )
}
