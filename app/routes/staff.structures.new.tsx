import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { StructureForm } from '~/components/StructureForm'
import { countryOptions } from '~/lib/countries'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { STRUCTURE_ERRORS, structureFields, StructureSchema } from '~/lib/structure-form'
import { parseForm } from '~/lib/validation'
import { createStructure } from '~/services/structures/structures.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'structureNew')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  return { countries: countryOptions(language) }
}

/** Staff add a structure; it starts as an application, and accreditation takes it from there. */
export async function action({ request }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  const parsed = parseForm(StructureSchema, await readForm(request))
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  const result = createStructure(getDb(), structureFields(parsed.data), { actorId: staff.id })
  if (!result.ok) {
    const [field, key] = STRUCTURE_ERRORS[result.error]
    return data({ errors: { [field]: [key] } }, { status: result.error === 'nameTaken' ? 409 : 400 })
  }
  return redirectWithNotice(request, `/staff/structures/${result.id}`, 'notices.structure.created')
}

export default function NewStructure() {
  const { t } = useTranslation('staff')
  const a = useActionData<typeof action>()
  const { countries } = useLoaderData<typeof loader>()
  return (
    <>
      <p>
        <Link to="/staff/structures">← {t('structures.title')}</Link>
      </p>
      <h1>{t('structures.newTitle')}</h1>
      <p className="lede">{t('structures.newLede')}</p>
      <StructureForm
        values={{
          name: '',
          nameFr: '',
          nameEs: '',
          regionCode: null,
          country: '',
          site: '',
          description: '',
          contactEmail: '',
        }}
        countries={countries}
        errors={a?.errors as Record<string, string[] | undefined> | undefined}
        submit={t('structures.create')}
      />
    </>
  )
}
