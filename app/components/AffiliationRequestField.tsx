import { useTranslation } from 'react-i18next'

import { REGION_CODES } from '#db/domain'
import type { FieldErrors } from '~/lib/validation'

import { Field } from './Field'

/**
 * The accredited structures a person may ask to represent, by region (sign-up and the
 * profile). Choosing one sends a request; the structure's contact or staff confirm it.
 */
export function AffiliationRequestField({
  structures,
  errors,
  label,
  emptyLabel,
}: {
  structures: { id: number; name: string; regionCode: string }[]
  errors?: FieldErrors
  label?: string
  /** What the empty choice says (on sign-up: none). */
  emptyLabel?: string
}) {
  const { t } = useTranslation()
  return (
    <Field
      name="structureId"
      label={label ?? t('profile.structureRequest')}
      hint={t('profile.structureRequestHint')}
      errors={errors?.structureId}
    >
      {(p) => (
        <select {...p} defaultValue="">
          <option value="">{emptyLabel ?? t('profile.noStructure')}</option>
          {REGION_CODES.map((r) => {
            const here = structures.filter((s) => s.regionCode === r)
            return here.length ? (
              <optgroup key={r} label={r}>
                {here.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            ) : null
          })}
        </select>
      )}
    </Field>
  )
}
