import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import type { RegionCode } from '#db/domain'
import type { StructureValues } from '~/lib/structure-form'

import { Field, WebsiteField } from './Field'
import { RegionCountryFields } from './RegionCountryFields'

/** A structure's details: names, region and country, website, what it does, and its contact. */
export function StructureForm({
  values,
  countries,
  errors,
  submit,
}: {
  /** The country as shown: its name in the reader's language. */
  values: Omit<StructureValues, 'regionCode'> & { regionCode: RegionCode | null }
  countries: { code: string; name: string }[]
  errors?: Record<string, string[] | undefined>
  submit: string
}) {
  const { t } = useTranslation('staff')
  const busy = useNavigation().state !== 'idle'
  const err = (k: string) => errors?.[k]?.map((e) => t(`common:${e}`))
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="intent" value="details" />
      {errors?.form ? (
        <p className="error-summary" role="alert">
          {errors.form.map((e) => t(`common:${e}`)).join(' ')}
        </p>
      ) : null}
      <Field name="name" label={t('structures.name')} defaultValue={values.name} errors={err('name')} required />
      <div className="field-grid">
        <Field name="nameFr" label={t('structures.nameFr')} defaultValue={values.nameFr} errors={err('nameFr')} />
        <Field name="nameEs" label={t('structures.nameEs')} defaultValue={values.nameEs} errors={err('nameEs')} />
      </div>
      <RegionCountryFields regionCode={values.regionCode} country={values.country} countries={countries} errors={err} />
      <WebsiteField label={t('structures.website')} defaultValue={values.site} errors={err('site')} />
      <Field name="description" label={t('structures.description')} errors={err('description')}>
        {(p) => <textarea {...p} rows={4} defaultValue={values.description} />}
      </Field>
      <Field
        name="contactEmail"
        type="email"
        label={t('structures.contact')}
        hint={t('structures.contactHint')}
        defaultValue={values.contactEmail}
        errors={err('contactEmail')}
      />
      <div>
        <button type="submit" disabled={busy}>
          {submit}
        </button>
      </div>
    </Form>
  )
}
