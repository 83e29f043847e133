/**
 * A person's mail preferences (the link in every newsletter) and one-click unsubscribe
 * (RFC 8058). No sign-in: the secret token in the link is the key. The page ticks lists,
 * chooses each issue or a monthly digest, or unsubscribes from all. A mail client's
 * one-click POST leaves the lists that mail was sent for (`n`) and gets a plain 200.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import {
  preferencesByToken,
  savePreferences,
  setSubscribed,
  unsubscribeFromMail,
} from '~/services/newsletters/lists.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['newsletters'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'newsletterPreferences')

/** The newsletter a link came from (`?n=`), or null. */
function newsletterParam(request: Request): number | null {
  const n = Number(new URL(request.url).searchParams.get('n'))
  return Number.isInteger(n) && n > 0 ? n : null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const newsletterId = newsletterParam(request)
  const prefs = preferencesByToken(getDb(), params.token ?? '', { newsletterId: newsletterId ?? undefined })
  if (!prefs) throw new Response('Not found', { status: 404 })
  return { ...prefs, newsletterId }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const token = params.token ?? ''
  const form = await readForm(request)
  const newsletterId = newsletterParam(request)
  const back = (done: string) =>
    redirect(`/newsletter/unsubscribe/${token}?done=${done}${newsletterId ? `&n=${newsletterId}` : ''}`, 303)
  const notFound = () => new Response('Not found', { status: 404 })
  if (form.get('List-Unsubscribe') === 'One-Click') {
    if (!unsubscribeFromMail(db, token, newsletterId)) throw notFound()
    return new Response('Unsubscribed', { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
  switch (form.get('intent')) {
    case 'save': {
      const frequency = form.get('frequency')
      const listIds = form.getAll('list').map(Number)
      if ((frequency !== 'each' && frequency !== 'digest') || listIds.some((id) => !Number.isInteger(id) || id <= 0))
        return data({ error: 'preferences.invalid' }, { status: 400 })
      if (!savePreferences(db, token, { listIds, digest: frequency === 'digest' })) throw notFound()
      return back('saved')
    }
    case 'leave':
      if (!unsubscribeFromMail(db, token, newsletterId)) throw notFound()
      return back('left')
    case 'unsubscribe':
    case 'resubscribe':
      if (!setSubscribed(db, token, form.get('intent') === 'resubscribe')) throw notFound()
      return back(form.get('intent') === 'resubscribe' ? 'resubscribed' : 'unsubscribed')
    default:
      return data({ error: 'preferences.invalid' }, { status: 400 })
  }
}

const DONE = ['saved', 'left', 'unsubscribed', 'resubscribed'] as const

export default function NewsletterPreferences() {
  const { i18n } = useTranslation('newsletters')
  const prefs = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  // The page speaks the reader's language, whatever the browser says: the link came in their mail.
  const t = i18n.getFixedT(prefs.language, 'newsletters')
  const [params] = useSearchParams()
  const done = DONE.find((d) => d === params.get('done'))
  const statusRef = useRef<HTMLParagraphElement>(null)
  useEffect(() => statusRef.current?.focus(), [done, actionData])
  const sentFor = prefs.lists.filter((l) => l.sentFor && l.subscribed)
  const names = (lists: { name: string }[]) =>
    new Intl.ListFormat(prefs.language, { type: 'conjunction' }).format(lists.map((l) => `“${l.name}”`))
  return (
    <div lang={prefs.language} className="preferences">
      {/* The browser fetches this language's texts too, before it takes over the page (i18n.client.ts). */}
      <meta name="i18n-languages" content={prefs.language} />
      <h1>{t('preferences.title')}</h1>
      {actionData?.error ? (
        <p className="error-summary" role="alert" tabIndex={-1} ref={statusRef}>
          {t(actionData.error)}
        </p>
      ) : done ? (
        <p className="notice" role="status" tabIndex={-1} ref={statusRef}>
          {t(`preferences.done.${done}`, { email: prefs.email })}
        </p>
      ) : null}
      <p>{t('preferences.for', { email: prefs.email })}</p>
      {!prefs.subscribed ? <p className="notice warn">{t('preferences.unsubscribedState')}</p> : null}

      {sentFor.length ? (
        <section className="card" aria-labelledby="this-mail">
          <h2 id="this-mail">{t('preferences.thisMail')}</h2>
          <p>{t('preferences.sentFor', { lists: names(sentFor), count: sentFor.length })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="leave" />
            <button type="submit" className="secondary">
              {t('preferences.leave', { lists: names(sentFor), count: sentFor.length })}
            </button>
          </Form>
        </section>
      ) : null}

      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="save" />
        {prefs.lists.length ? (
          <fieldset>
            <legend>{t('preferences.lists')}</legend>
            <p className="hint">{t('preferences.listsHint')}</p>
            <ul className="choice-list">
              {prefs.lists.map((l) => (
                <li key={l.id}>
                  <label>
                    <input
                      type="checkbox"
                      name="list"
                      value={l.id}
                      defaultChecked={l.subscribed}
                      aria-describedby={`list-${l.id}-description`}
                    />{' '}
                    <strong>{l.name}</strong>
                  </label>
                  <span className="hint" id={`list-${l.id}-description`}>
                    {l.description}
                  </span>
                </li>
              ))}
            </ul>
          </fieldset>
        ) : null}
        <fieldset>
          <legend>{t('preferences.frequency')}</legend>
          <label>
            <input type="radio" name="frequency" value="each" defaultChecked={!prefs.digest} /> {t('preferences.each')}
          </label>
          <label>
            <input type="radio" name="frequency" value="digest" defaultChecked={prefs.digest} />{' '}
            {t('preferences.digest')}
          </label>
          <p className="hint">{t('preferences.digestHint')}</p>
        </fieldset>
        <div>
          <button type="submit">{t('preferences.save')}</button>
        </div>
      </Form>

      <section aria-labelledby="all-lists">
        <h2 id="all-lists">{t('preferences.allTitle')}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value={prefs.subscribed ? 'unsubscribe' : 'resubscribe'} />
          <button type="submit" className={prefs.subscribed ? 'danger' : 'secondary'}>
            {prefs.subscribed ? t('preferences.unsubscribeAll') : t('preferences.resubscribe')}
          </button>
        </Form>
      </section>
      <p className="muted">{t('unsubscribe.otherMail')}</p>
    </div>
  )
}
