import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { Field, WebsiteField } from '~/components/Field'
import { RegionCountryFields } from '~/components/RegionCountryFields'
import { countryName, countryOptions } from '~/lib/countries'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { CountrySchema, OptionalWebsiteSchema } from '~/lib/structure-form'
import { IdSchema, requiredLine } from '~/lib/validation'
import { confirmationFor, confirmDetails } from '~/services/structures/accreditation.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'structureConfirm')

const STATUS = { unknown: 404, used: 410, expired: 410, closed: 410 } as const
const token = (params: LoaderFunctionArgs['params']) => String(params.token ?? '').slice(0, 100)

/**
 * The link of a review's mail: shows what we hold about the structure (its details, its
 * contact, its people), for the contact to confirm or correct. Reading never spends the link.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await getViewer(request)
  const found = confirmationFor(getDb(), token(params))
  if (!found.ok)
    return data({ name: null, details: null, countries: [], error: found.error }, { status: STATUS[found.error] })
  const { ok: _ok, ...details } = found
  return {
    name: found.name,
    details: { ...details, countryName: countryName(found.country, language) },
    countries: countryOptions(language),
    error: null,
  }
}

const DetailsSchema = z.object({
  name: requiredLine(200),
  country: CountrySchema,
  site: OptionalWebsiteSchema,
  description: z.string().trim().max(4000, { error: 'errors.field.tooLong' }).optional().default(''),
  activity: z.string().trim().max(2000, { error: 'errors.field.tooLong' }).optional().default(''),
})

const CONFIRM_ERRORS = {
  nameTaken: [409, 'name', 'errors.structure.nameTaken'],
  notRepresentative: [400, 'form', 'errors.structure.notRepresentative'],
  contactLeaving: [400, 'leaving', 'errors.structure.contactLeaving'],
} as const

/**
 * Confirming spends the link, with the corrections the contact made saved in the same step
 * (staff see what changed on the structure's page). A second use is refused.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request)
  const fail = (errors: Record<string, string[]>, status = 400) =>
    data({ confirmed: null, error: null, errors }, { status })
  // An older page sent only the activity: the details stay as they are.
  const withDetails = form.has('name')
  const parsed = DetailsSchema.partial({ name: true, country: true }).safeParse(
    Object.fromEntries([...form.entries()].filter(([k]) => k !== 'leaving').map(([k, v]) => [k, String(v)])),
  )
  if (!parsed.success) return fail(z.flattenError(parsed.error).fieldErrors as Record<string, string[]>)
  const v = parsed.data
  if (withDetails && (!v.name || !v.country))
    return fail({
      ...(v.name ? {} : { name: ['errors.field.required'] }),
      ...(v.country ? {} : { country: ['errors.field.required'] }),
    })
  const contact = form.get('contactId') ? IdSchema.safeParse(form.get('contactId')) : null
  const leaving = form.getAll('leaving').map((x) => IdSchema.safeParse(x))
  if ((contact && !contact.success) || leaving.some((l) => !l.success)) return fail({ form: ['errors.field.invalid'] })
  const result = confirmDetails(getDb(), {
    token: token(params),
    activity: v.activity,
    details: withDetails
      ? { name: v.name, country: v.country, website: v.site || null, description: v.description || null }
      : {},
    contactId: contact?.success ? contact.data : null,
    leaving: leaving.flatMap((l) => (l.success ? [l.data] : [])),
  })
  if (!result.ok) {
    if (result.error in CONFIRM_ERRORS) {
      const [status, field, key] = CONFIRM_ERRORS[result.error as keyof typeof CONFIRM_ERRORS]
      return fail({ [field]: [key] }, status)
    }
    const error = result.error as keyof typeof STATUS
    return data({ confirmed: null, error, errors: null }, { status: STATUS[error] })
  }
  // Said outright: the page's loader, run again after this, finds the link spent (410), and a
  // status the action does not give would be taken from it.
  return data(
    {
      confirmed: result.name,
      changed:
        Object.keys(result.changes.fields).length + (result.changes.contact ? 1 : 0) + result.changes.leaving.length,
      error: null,
      errors: null,
    },
    { status: 200 },
  )
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
        <p role="status">
          {t('confirm.done', { name: a.confirmed })}{' '}
          {'changed' in a && a.changed ? t('confirm.doneChanged', { count: a.changed }) : null}
        </p>
      </>
    )
  }
  const error = a?.error ?? d.error
  if (error || !d.details) {
    return (
      <>
        <h1>{t('confirm.title')}</h1>
        <p role="alert">{t(`confirm.errors.${error ?? 'unknown'}`)}</p>
      </>
    )
  }
  const s = d.details
  const errors = (a?.errors ?? undefined) as Record<string, string[] | undefined> | undefined
  const err = (k: string) => errors?.[k]?.map((e) => t(`common:${e}`))
  // The contact can hand over to one of the structure's representatives (nobody else).
  const successors = s.people.filter((p) => p.id !== s.contact?.id)
  return (
    <>
      <h1>{t('confirm.title')}</h1>
      <p className="lede">{t('confirm.lede', { name: s.name })}</p>
      <Form method="post" className="stack" noValidate>
        {errors?.form ? (
          <p className="error-summary" role="alert">
            {errors.form.map((e) => t(`common:${e}`)).join(' ')}
          </p>
        ) : null}
        <fieldset>
          <legend>{t('confirm.detailsTitle')}</legend>
          <p className="hint">{t('confirm.detailsHint')}</p>
          <Field name="name" label={t('confirm.name')} defaultValue={s.name} errors={err('name')} required />
          <RegionCountryFields
            regionCode={null}
            country={s.countryName}
            countries={d.countries}
            errors={err}
            withRegion={false}
          />
          <WebsiteField label={t('structures.website')} defaultValue={s.website ?? ''} errors={err('site')} />
          <Field name="description" label={t('structures.mission')} errors={err('description')}>
            {(p) => <textarea {...p} rows={4} maxLength={4000} defaultValue={s.description ?? ''} />}
          </Field>
        </fieldset>

        <fieldset>
          <legend>{t('confirm.contactTitle')}</legend>
          {s.contact ? (
            <p className="break">
              {t('confirm.contactIs', { name: s.contact.name })} &lt;{s.contact.email}&gt;
            </p>
          ) : (
            <p>{t('confirm.noContact')}</p>
          )}
          {successors.length ? (
            <Field name="contactId" label={t('confirm.newContact')} hint={t('confirm.newContactHint')}>
              {(p) => (
                <select {...p} defaultValue="">
                  <option value="">{t('confirm.keepContact')}</option>
                  {successors.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
        </fieldset>

        <fieldset
          aria-invalid={Boolean(errors?.leaving)}
          aria-describedby={errors?.leaving ? 'leaving-error' : undefined}
        >
          <legend>{t('confirm.peopleTitle', { count: s.people.length })}</legend>
          {s.people.length ? (
            <>
              <p className="hint">{t('confirm.peopleHint')}</p>
              <ul className="plain-list">
                {s.people.map((p) => (
                  <li key={p.id}>
                    <label className="choice">
                      <input type="checkbox" name="leaving" value={p.id} /> <span className="break">{p.name}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t('confirm.noPeople')}</p>
          )}
          {errors?.leaving ? (
            <span className="field-error" id="leaving-error">
              {errors.leaving.map((e) => t(`common:${e}`)).join(' ')}
            </span>
          ) : null}
        </fieldset>

        <Field name="activity" label={t('confirm.activity')} hint={t('confirm.activityHint')} errors={err('activity')}>
          {(p) => <textarea {...p} rows={4} maxLength={2000} />}
        </Field>
        <div>
          <button type="submit" disabled={busy}>
            {t('confirm.submit')}
          </button>
        </div>
      </Form>
    </>
  )
}
