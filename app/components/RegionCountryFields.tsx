import { useTranslation } from 'react-i18next'

import { REGION_CODES, type RegionCode } from '#db/domain'

import { Field } from './Field'

/**
 * A structure's region and country, side by side: staff's form, the public application and
 * the contact's confirmation share them (their labels are in `common`, which every page
 * loads). The country is typed as a name (or its code) with the names in the reader's
 * language offered as they type; `countries` comes from the loader (`countryOptions`), so
 * the server and the browser show the same list.
 */
export function RegionCountryFields({
  regionCode,
  country,
  countries,
  errors,
  withRegion = true,
}: {
  regionCode: RegionCode | null
  /** The country as shown in the field: its name in the reader's language (or what they typed). */
  country: string
  countries: { code: string; name: string }[]
  errors: (field: string) => string[] | undefined
  /** Without the region (a structure's contact cannot move it to another RALO). */
  withRegion?: boolean
}) {
  const { t } = useTranslation()
  return (
    <div className="field-grid">
      {withRegion ? (
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
      ) : null}
      <Field
        name="country"
        label={t('structureFields.country')}
        hint={t('structureFields.countryHint')}
        errors={errors('country')}
      >
        {(p) => (
          <>
            <input {...p} type="text" list="country-names" defaultValue={country} autoComplete="off" required />
            <datalist id="country-names">
              {countries.map((c) => (
                <option key={c.code} value={c.name} />
              ))}
            </datalist>
          </>
        )}
      </Field>
    </div>
  )
}
