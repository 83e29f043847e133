import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { PersonForm } from '~/components/PersonForm'
import { baseUrl } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { timeZones } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { PersonSchema, RECORD_ERRORS } from '~/lib/person-form'
import { parseForm } from '~/lib/validation'
import { invitePerson } from '~/services/accounts.server'
import { listStructures } from '~/services/people.server'
import { createPersonByStaff } from '~/services/people/record.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'personNew')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  return { language, timeZone, timeZones: timeZones(), structures: listStructures(getDb()) }
}

/** A person by hand: a name and an address are enough; an invitation to set a password can go at once. */
export async function action({ request }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  const form = await readForm(request)
  const parsed = parseForm(PersonSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  const db = getDb()
  const result = createPersonByStaff(
    db,
    { fields: { ...parsed.data, phone: parsed.data.phone } },
    { actorId: staff.id },
  )
  if (!result.ok) {
    const [field, key] = RECORD_ERRORS[result.error]
    return data({ errors: { [field]: [key] } }, { status: result.error === 'emailTaken' ? 409 : 400 })
  }
  const invited = form.get('invite') === 'on' && invitePerson(db, result.personId, { baseUrl: baseUrl() }).ok
  return redirectWithNotice(
    request,
    `/staff/people/${result.personId}`,
    invited ? 'notices.person.createdInvited' : 'notices.person.created',
  )
}

export default function NewPerson() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  return (
    <>
      <p>
        <Link to="/staff/people">← {t('people.title')}</Link>
      </p>
      <h1>{t('people.newTitle')}</h1>
      <p className="lede">{t('people.newLede')}</p>
      <PersonForm
        values={{
          name: '',
          email: '',
          phone: '',
          preferredLanguage: d.language,
          timeZone: 'UTC',
          regionCode: null,
          structureId: null,
          memberType: 'individual_member',
        }}
        errors={a?.errors as Record<string, string[] | undefined> | undefined}
        timeZones={d.timeZones}
        structures={d.structures}
        submit={t('people.create')}
      >
        <div className="field">
          <label>
            <input type="checkbox" name="invite" defaultChecked /> {t('people.inviteNow')}
          </label>
        </div>
      </PersonForm>
    </>
  )
}
