import { useTranslation } from 'react-i18next'

import { LANGUAGES, OPEN_ACCESS } from '#db/domain'
import { languageName } from '~/lib/format'

import { Field } from './Field'
import { TimeZoneSelect } from './TimeZoneSelect'

/** The fields of a survey's settings (new survey and settings of an existing one). */
export function SurveySettingsFields({
  values: v,
  errors,
  events,
  zones,
  locked = false,
}: {
  values: Record<string, string>
  errors?: Record<string, string[] | undefined>
  events: { id: number; kind: string; title: string }[]
  zones: string[]
  locked?: boolean
}) {
  const { t, i18n } = useTranslation('surveys')
  const language = (i18n.language ?? 'en') as 'en'
  return (
    <>
      {LANGUAGES.map((l) => (
        <Field
          key={`t${l}`}
          name={`title_${l}`}
          label={t('surveys.titleIn', { language: languageName(l, language) })}
          defaultValue={v[`title_${l}`]}
          errors={errors?.[`title_${l}`]}
        />
      ))}
      {LANGUAGES.map((l) => (
        <Field
          key={`i${l}`}
          name={`intro_${l}`}
          label={t('surveys.introIn', { language: languageName(l, language) })}
          errors={errors?.[`intro_${l}`]}
        >
          {(p) => <textarea {...p} rows={3} defaultValue={v[`intro_${l}`]} lang={l} />}
        </Field>
      ))}
      <Field
        name="slug"
        label={t('surveys.slug')}
        hint={t('surveys.slugHint')}
        defaultValue={v.slug}
        errors={errors?.slug}
      />
      <Field name="eventId" label={t('surveys.event')} errors={errors?.eventId}>
        {(p) => (
          <select {...p} defaultValue={v.eventId ?? ''}>
            <option value="">{t('surveys.noEvent')}</option>
            {events.map((e) => (
              <option key={e.id} value={e.id}>
                {t(`common:events.kinds.${e.kind}`)}
                {t('common:colon')}
                {e.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset disabled={locked}>
        <legend>{t('surveys.modeLegend')}</legend>
        {locked ? <p className="hint">{t('surveys.modeLocked')}</p> : null}
        {(['invitation', 'open'] as const).map((m) => (
          <div className="field" key={m}>
            <label>
              <input type="radio" name="mode" value={m} defaultChecked={v.mode === m} /> {t(`surveys.modes.${m}`)}
              {t('common:colon')}
              {t(`surveys.modeHints.${m}`)}
            </label>
          </div>
        ))}
        <div className="field">
          <label>
            <input type="checkbox" name="anonymous" defaultChecked={v.anonymous === 'on'} />{' '}
            {t('surveys.anonymousLabel')}
          </label>
        </div>
      </fieldset>
      <fieldset aria-describedby={errors?.openAccess ? 'field-openAccess-error' : undefined}>
        <legend>{t('surveys.openAccessLegend')}</legend>
        <p className="hint">{t('surveys.openAccessHint')}</p>
        {OPEN_ACCESS.map((a) => (
          <div className="field" key={a}>
            <label>
              <input type="radio" name="openAccess" value={a} defaultChecked={(v.openAccess ?? 'signed_in') === a} />{' '}
              <strong>{t(`surveys.openAccess.${a}`)}</strong>
            </label>
            <span className="hint">{t(`surveys.openAccessGuarantee.${a}`)}</span>
          </div>
        ))}
        {errors?.openAccess ? (
          <span id="field-openAccess-error" className="field-error">
            {t(`common:${errors.openAccess[0]}`)}
          </span>
        ) : null}
      </fieldset>
      {locked ? (
        <>
          <input type="hidden" name="mode" value={v.mode} />
          {v.anonymous === 'on' ? <input type="hidden" name="anonymous" value="on" /> : null}
        </>
      ) : null}
      <Field
        name="opensDate"
        label={t('surveys.opens')}
        type="date"
        defaultValue={v.opensDate}
        errors={errors?.opensDate}
      />
      <Field
        name="closesDate"
        label={t('surveys.closes')}
        type="date"
        defaultValue={v.closesDate}
        errors={errors?.closesDate}
      />
      <Field name="timeZone" label={t('surveys.zone')} hint={t('surveys.zoneHint')} errors={errors?.timeZone}>
        {(p) => <TimeZoneSelect inputProps={p} zones={zones} value={v.timeZone ?? 'UTC'} />}
      </Field>
    </>
  )
}
