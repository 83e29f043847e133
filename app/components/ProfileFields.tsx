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
  structureId: number | null
  memberType: string
}

/** Language, zone, region, structure and member type: shared by sign-up and the profile page. */
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
  structures: { id: number; name: string; regionCode: string }[]
  /** On sign-up, start from the zone the browser reports. */
  detectTimeZone?: boolean
  /** ALAC member is a type staff verify: only they can choose it (a person who has it keeps it). */
  /** Staff set any member type; a person chooses only those not granted (or keeps the one they hold). */
  staffView?: boolean
}) {
  const { t } = useTranslation()
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
                {structures
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
      <Field name="memberType" label={t('profile.memberType')} errors={errors?.memberType}>
        {(p) => (
          <select {...p} defaultValue={defaults.memberType}>
            {MEMBER_TYPES.filter((m) => staffView || !isGrantedMemberType(m) || defaults.memberType === m).map((m) => (
              <option key={m} value={m}>
                {t(`memberTypes.${m}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  )
}
