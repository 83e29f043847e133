import { useTranslation } from 'react-i18next'

import { REGION_CODES, type RegionCode } from '#db/domain'

import { Field } from './Field'

/**
 * A structure's region and country, side by side: staff's form and the public application
 * share them (their labels are in `common`, which every page loads).
 */
export function RegionCountryFields({
  regionCode,
  country,
  errors,
}: {
  regionCode: RegionCode | null
  country: string
  errors: (field: string) => string[] | undefined
}) {
  const { t } = useTranslation()
  return (
    <div className="field-grid">
      <Field name="regionCode" label={t('structureFields.region')} errors={errors('regionCode')}>
        {(p) => (
          <select {...p} defaultValue={regionCode ?? ''} required>
            <option value="">{t('structureFields.chooseRegion')}</option>
            {REGION_CODES.map((r) => (
              <option key={r} value={r}>
                {t(`regions.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        name="country"
        label={t('structureFields.country')}
        hint={t('structureFields.countryHint')}
        defaultValue={country}
        errors={errors('country')}
        required
      />
    </div>
  )
}
