import { useTranslation } from 'react-i18next'

import { LANGUAGES, MEMBER_TYPES, REGION_CODES } from '#db/domain'
import { isGrantedMemberType } from '~/lib/member-types'
import type { FieldErrors } from '~/lib/validation'

import { Field } from './Field'
import { TimeZoneSelect } from './TimeZoneSelect'

export type ProfileDefaults = {
  preferredLanguage: string
  timeZone: string
  regionCode: string | null
  structureId?: number | null
  memberType: string
}

/**
 * Language, zone, region and member type: shared by sign-up, the profile page and staff's
 * person form. Only staff set a structure here; a person asks to represent one
 * (`AffiliationRequestField`).
 */
export function ProfileFields({
  defaults,
  errors,
  timeZones,
  structures,
  detectTimeZone = false,
  staffView = false,
}: {
  defaults: ProfileDefaults
  errors?: FieldErrors
  timeZones: string[]
  /** The structures staff choose from (staff's form only). */
  structures?: { id: number; name: string; regionCode: string }[]
  /** On sign-up, start from the zone the browser reports. */
  detectTimeZone?: boolean
  /** Staff set any member type; a person chooses only those not granted (or keeps the one they hold). */
  staffView?: boolean
}) {
  const { t } = useTranslation()
  // A person chooses only the types nobody grants (or keeps the one they hold); staff choose any.
  const memberTypes = MEMBER_TYPES.filter((m) => staffView || !isGrantedMemberType(m) || defaults.memberType === m)
  return (
    <>
      <Field name="preferredLanguage" label={t('profile.language')} errors={errors?.preferredLanguage}>
        {(p) => (
          <select {...p} defaultValue={defaults.preferredLanguage}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`language.names.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="timeZone" label={t('profile.timeZone')} hint={t('profile.timeZoneHint')} errors={errors?.timeZone}>
        {(p) => (
          <TimeZoneSelect inputProps={p} zones={timeZones} value={defaults.timeZone} detect={Boolean(detectTimeZone)} />
        )}
      </Field>
      <Field name="regionCode" label={t('profile.region')} errors={errors?.regionCode}>
        {(p) => (
          <select {...p} defaultValue={defaults.regionCode ?? ''}>
            <option value="">{t('profile.noneChosen')}</option>
            {REGION_CODES.map((r) => (
              <option key={r} value={r}>
                {t(`regions.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {staffView ? (
        <Field
          name="structureId"
          label={t('profile.structure')}
          hint={t('profile.structureHint')}
          errors={errors?.structureId}
        >
          {(p) => (
            <select {...p} defaultValue={defaults.structureId ? String(defaults.structureId) : ''}>
              <option value="">{t('profile.noStructure')}</option>
              {REGION_CODES.map((r) => (
                <optgroup key={r} label={r}>
                  {(structures ?? [])
                    .filter((s) => s.regionCode === r)
                    .map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {memberTypes.length > 1 ? (
        <Field name="memberType" label={t('profile.memberType')} errors={errors?.memberType}>
          {(p) => (
            <select {...p} defaultValue={defaults.memberType}>
              {memberTypes.map((m) => (
                <option key={m} value={m}>
                  {t(`memberTypes.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        // Nothing to choose: the type is shown, and how to become a member is said where it is decided.
        <div className="field">
          <strong>{t('profile.memberType')}</strong>
          <span>{t(`memberTypes.${defaults.memberType}`)}</span>
          <span className="hint">{t('profile.memberTypeHint')}</span>
          {errors?.memberType ? (
            <span className="field-error" role="alert">
              {errors.memberType.map((e) => t(e)).join(' ')}
            </span>
          ) : null}
          <input type="hidden" name="memberType" value={defaults.memberType} />
        </div>
      )}
    </>
  )
}
