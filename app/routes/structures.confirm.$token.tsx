import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { confirmationFor, confirmDetails } from '~/services/structures/accreditation.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'structureConfirm')

const STATUS = { unknown: 404, used: 410, expired: 410 } as const

/** The link of a review's mail: shows what is being confirmed (reading never spends the link). */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = confirmationFor(getDb(), String(params.token ?? '').slice(0, 100))
  if (!found.ok) return data({ name: null, error: found.error }, { status: STATUS[found.error] })
  return { name: found.name, error: null }
}

/** Confirming spends the link: a second use is refused. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request)
  const activity = String(form.get('activity') ?? '').slice(0, 2000)
  const result = confirmDetails(getDb(), { token: String(params.token ?? '').slice(0, 100), activity })
  if (!result.ok) return data({ confirmed: null, error: result.error }, { status: STATUS[result.error] })
  // Said outright: the page's loader, run again after this, finds the link spent (410), and a
  // status the action does not give would be taken from it.
  return data({ confirmed: result.name, error: null }, { status: 200 })
}

export default function ConfirmDetails() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  if (a?.confirmed) {
    return (
      <>
        <h1>{t('confirm.doneTitle')}</h1>
        <p role="status">{t('confirm.done', { name: a.confirmed })}</p>
      </>
    )
  }
  const error = a?.error ?? d.error
  if (error || !d.name) {
    return (
      <>
        <h1>{t('confirm.title')}</h1>
        <p role="alert">{t(`confirm.errors.${error ?? 'unknown'}`)}</p>
      </>
    )
  }
  return (
    <>
      <h1>{t('confirm.title')}</h1>
      <p className="lede">{t('confirm.lede', { name: d.name })}</p>
      <Form method="post" className="stack">
        <div className="field">
          <label htmlFor="activity">{t('confirm.activity')}</label>
          <span className="hint" id="activity-hint">
            {t('confirm.activityHint')}
          </span>
          <textarea id="activity" name="activity" rows={4} maxLength={2000} aria-describedby="activity-hint" />
        </div>
        <div>
          <button type="submit" disabled={busy}>
            {t('confirm.submit')}
          </button>
        </div>
      </Form>
    </>
  )
}
