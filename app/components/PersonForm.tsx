import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import type { FieldErrors } from '~/lib/validation'

import { Field } from './Field'
import { ProfileFields } from './ProfileFields'

export type PersonValues = {
  name: string
  email: string
  phone: string
  preferredLanguage: string
  timeZone: string
  regionCode: string | null
  structureId: number | null
  memberType: string
}

/** Name, address, phone and profile of a person, as staff edit or create them (any member type). */
export function PersonForm({
  values,
  errors,
  timeZones,
  structures,
  submit,
  children,
}: {
  values: PersonValues
  errors?: FieldErrors
  timeZones: string[]
  structures: { id: number; name: string; regionCode: string }[]
  submit: string
  children?: React.ReactNode
}) {
  const { t } = useTranslation('staff')
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value="save" />
      {errors ? (
        <p className="error-summary" role="alert" tabIndex={-1}>
          {errors.form ? t(`common:${errors.form[0]}`) : t('common:errors.form.fix')}
        </p>
      ) : null}
      <div className="form-grid">
        <Field
          name="name"
          label={t('people.name')}
          errors={errors?.name}
          defaultValue={values.name}
          autoComplete="off"
          required
        />
        <Field
          name="email"
          type="email"
          label={t('people.email')}
          errors={errors?.email}
          defaultValue={values.email}
          autoComplete="off"
          required
        />
        <Field
          name="phone"
          type="tel"
          label={t('people.phone')}
          hint={t('people.phoneHint')}
          errors={errors?.phone}
          defaultValue={values.phone}
        />
        <ProfileFields defaults={values} errors={errors} timeZones={timeZones} structures={structures} staffView />
      </div>
      {children}
      <div>
        <button type="submit">{submit}</button>
      </div>
    </Form>
  )
}
