import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { Field, WebsiteField } from '~/components/Field'
import { RegionCountryFields } from '~/components/RegionCountryFields'
import { baseUrl } from '~/guards.server'
import { countryOptions } from '~/lib/countries'
import { readForm } from '~/lib/form.server'
import { loc } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { StructureSchema } from '~/lib/structure-form'
import { activeCriteria, applyForAccreditation } from '~/services/structures/accreditation.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'structureApply')

/** The criteria an application answers (the due-diligence checklist, without anyone's checks). */
const criteria = () => activeCriteria(getDb())

export async function loader({ request }: LoaderFunctionArgs) {
  // Applying needs an account: the contact follows the application from it.
  const { person, language } = await requireViewer(request)
  return { language, regionCode: person.regionCode, criteria: criteria(), countries: countryOptions(language) }
}

/** A structure's details as staff enter them, except that an applicant must say what it does. */
const ApplicationSchema = StructureSchema.pick({ name: true, regionCode: true, country: true, site: true }).extend({
  description: z
    .string({ error: 'errors.field.required' })
    .trim()
    .min(1, { error: 'errors.field.required' })
    .max(4000, { error: 'errors.field.tooLong' }),
})
const AnswerSchema = z
  .string({ error: 'errors.field.required' })
  .trim()
  .min(1, { error: 'errors.field.required' })
  .max(2000, { error: 'errors.field.tooLong' })

export async function action({ request }: ActionFunctionArgs) {
  const { person } = await requireViewer(request)
  const form = await readForm(request)
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]))
  const parsed = ApplicationSchema.safeParse(values)
  const errors: Record<string, string[]> = parsed.success
    ? {}
    : (z.flattenError(parsed.error).fieldErrors as Record<string, string[]>)
  const answers: Record<string, string> = {}
  for (const c of criteria()) {
    const answer = AnswerSchema.safeParse(values[`answer-${c.id}`] ?? '')
    if (answer.success) answers[String(c.id)] = answer.data
    else errors[`answer-${c.id}`] = answer.error.issues.map((i) => i.message)
  }
  // What they typed comes back with the errors, so nothing has to be typed twice.
  if (!parsed.success || Object.keys(errors).length) return data({ errors, values }, { status: 400 })
  const result = applyForAccreditation(
    getDb(),
    { ...parsed.data, website: parsed.data.site || null, answers },
    { actorId: person.id, baseUrl: baseUrl() },
  )
  if (!result.ok) {
    if (result.error === 'rateLimited')
      return data(
        { errors: { form: ['errors.structure.rateLimited'] } },
        { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds ?? 3600) } },
      )
    return data({ errors: { name: ['errors.structure.nameTaken'] } }, { status: 409 })
  }
  return redirectWithNotice(request, '/structures/mine', 'notices.structure.applied')
}

export default function Apply() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const errors = a?.errors as Record<string, string[] | undefined> | undefined
  const err = (k: string) => errors?.[k]?.map((e) => t(`common:${e}`))
  const typed = (k: string) => (a && 'values' in a ? (a.values as Record<string, string>)[k] : undefined) ?? ''
  return (
    <>
      <h1>{t('structures.applyTitle')}</h1>
      <p className="lede">{t('structures.applyLede')}</p>
      <p>
        <Link to="/structures/mine">{t('structures.mineLink')}</Link>
      </p>
      <Form method="post" className="stack" noValidate>
        {errors?.form ? (
          <p className="error-summary" role="alert">
            {errors.form.map((e) => t(`common:${e}`)).join(' ')}
          </p>
        ) : null}
        <Field name="name" label={t('structures.orgName')} defaultValue={typed('name')} errors={err('name')} required />
        <RegionCountryFields
          regionCode={d.regionCode}
          country={typed('country')}
          countries={d.countries}
          errors={err}
        />
        <WebsiteField label={t('structures.website')} defaultValue={typed('site')} errors={err('site')} />
        <Field name="description" label={t('structures.mission')} errors={err('description')}>
          {(p) => <textarea {...p} rows={4} defaultValue={typed('description')} required />}
        </Field>
        <fieldset>
          <legend>{t('structures.criteriaTitle')}</legend>
          <p className="hint">{t('structures.criteriaHint')}</p>
          {d.criteria.map((c) => (
            <Field key={c.id} name={`answer-${c.id}`} label={loc(c.text, d.language)} errors={err(`answer-${c.id}`)}>
              {(p) => <textarea {...p} rows={2} defaultValue={typed(`answer-${c.id}`)} required />}
            </Field>
          ))}
        </fieldset>
        <div>
          <button type="submit" disabled={busy}>
            {t('structures.submit')}
          </button>
        </div>
      </Form>
    </>
  )
}
