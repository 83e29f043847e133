import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { destroySession, getSession, noticeSetCookie } from '~/auth-session.server'
import { requirePerson } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { confirmPassword, hasPassword } from '~/services/auth.server'
import { erasePerson } from '~/services/people/privacy.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['auth'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'deleteAccount')

export async function loader({ request }: LoaderFunctionArgs) {
  const person = await requirePerson(request)
  return { email: person.email, hasPassword: hasPassword(getDb(), person.id) }
}

/** The confirmation: the box ticked and the password typed; then the data goes and the session ends. */
export async function action({ request }: ActionFunctionArgs) {
  const person = await requirePerson(request)
  const form = await readForm(request)
  const errors: Record<string, string[]> = {}
  if (form.get('understand') !== 'on') errors.understand = ['errors.field.confirmDelete']
  const db = getDb()
  if (!(await confirmPassword(db, person.id, String(form.get('password') ?? '')))) {
    errors.password = ['errors.field.passwordWrong']
  }
  if (Object.keys(errors).length) return data({ errors }, { status: 400 })
  const result = erasePerson(db, { personId: person.id }, { actorId: person.id })
  if (!result.ok) {
    return data({ errors: { form: [`errors.erase.${result.error}`] } as Record<string, string[]> }, { status: 409 })
  }
  const session = await getSession(request)
  const headers = new Headers()
  headers.append('Set-Cookie', await destroySession(session))
  headers.append('Set-Cookie', await noticeSetCookie('notices.accountDeleted'))
  return redirect('/', { status: 303, headers })
}

export default function DeleteAccount() {
  const { t } = useTranslation()
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const errors = a?.errors as Record<string, string[] | undefined> | undefined
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <p>
        <Link to="/profile">← {t('profile.title')}</Link>
      </p>
      <h1>{t('privacy.deleteTitle')}</h1>
      <p className="lede">{t('privacy.deleteLede', { email: d.email })}</p>
      <ul>
        <li>{t('privacy.deleteGoes')}</li>
        <li>{t('privacy.deleteStays')}</li>
        <li>{t('privacy.deleteFinal')}</li>
      </ul>
      <p>
        <a href="/profile/data" download>
          {t('privacy.downloadFirst')}
        </a>
      </p>
      {errors?.form ? (
        <p className="error-summary" role="alert">
          {errors.form.map((k) => t(k)).join(' ')}
        </p>
      ) : errors ? (
        <p className="error-summary" role="alert">
          {t('errors.form.fix')}
        </p>
      ) : null}
      <Form method="post" className="card stack" noValidate>
        <div className="field">
          <label className="choice">
            <input
              type="checkbox"
              name="understand"
              aria-invalid={Boolean(errors?.understand)}
              aria-describedby={errors?.understand ? 'understand-error' : undefined}
            />{' '}
            <span>{t('privacy.understand')}</span>
          </label>
          {errors?.understand ? (
            <span id="understand-error" className="field-error">
              {t(errors.understand[0])}
            </span>
          ) : null}
        </div>
        {d.hasPassword ? (
          <div className="field">
            <label htmlFor="delete-password">{t('auth:password')}</label>
            <span id="delete-password-hint" className="hint">
              {t('privacy.passwordHint')}
            </span>
            <input
              id="delete-password"
              name="password"
              type="password"
              autoComplete="current-password"
              aria-invalid={Boolean(errors?.password)}
              aria-describedby={
                errors?.password ? 'delete-password-hint delete-password-error' : 'delete-password-hint'
              }
            />
            {errors?.password ? (
              <span id="delete-password-error" className="field-error">
                {t(errors.password[0])}
              </span>
            ) : null}
          </div>
        ) : null}
        <p>
          <button type="submit" className="danger" disabled={busy}>
            {t('privacy.deleteConfirm')}
          </button>
        </p>
      </Form>
    </>
  )
}
