import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { idParam } from '~/lib/params.server'
import { erasePerson } from '~/services/people/privacy.server'
import { getPersonRecord } from '~/services/people/record.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'personErase')

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireViewer(request, { role: 'staff' })
  const person = getPersonRecord(getDb(), idParam(params.id))
  if (!person || person.erasedAt) throw new Response('Not found', { status: 404 })
  return { id: person.id, name: person.name, email: person.email }
}

/** Staff erase a person's data (on their request): the confirmation is typing the person's email. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  const id = idParam(params.id)
  const db = getDb()
  const person = getPersonRecord(db, id)
  if (!person || person.erasedAt) throw new Response('Not found', { status: 404 })
  const typed = String((await readForm(request)).get('confirm') ?? '')
    .trim()
    .toLowerCase()
  if (typed !== person.email.toLowerCase()) {
    return data({ errors: { confirm: ['errors.field.confirmEmail'] } }, { status: 400 })
  }
  const result = erasePerson(db, { personId: id }, { actorId: staff.id })
  if (!result.ok) return data({ errors: { confirm: [`errors.erase.${result.error}`] } }, { status: 409 })
  return redirectWithNotice(request, `/staff/people/${id}`, 'notices.person.erased')
}

export default function ErasePerson() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const error = a?.errors.confirm
  return (
    <>
      <p>
        <Link to={`/staff/people/${d.id}`}>← {d.name}</Link>
      </p>
      <h1>{t('erase.title', { name: d.name })}</h1>
      <p className="lede">{t('erase.lede')}</p>
      <ul>
        <li>{t('erase.goes')}</li>
        <li>{t('erase.stays')}</li>
        <li>{t('erase.final')}</li>
      </ul>
      <Form method="post" className="card stack" noValidate>
        <div className="field">
          <label htmlFor="erase-confirm">{t('erase.confirmLabel', { email: d.email })}</label>
          <input
            id="erase-confirm"
            name="confirm"
            type="email"
            autoComplete="off"
            aria-invalid={Boolean(error)}
            aria-describedby={error ? 'erase-confirm-error' : undefined}
          />
          {error ? (
            <span id="erase-confirm-error" className="field-error">
              {t(`common:${error[0]}`)}
            </span>
          ) : null}
        </div>
        <p>
          <button type="submit" className="danger" disabled={busy}>
            {t('erase.confirm')}
          </button>
        </p>
      </Form>
    </>
  )
}
