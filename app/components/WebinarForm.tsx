import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import type { Language } from '#db/domain'
import { LANGUAGES } from '#db/domain'
import { languageName } from '~/lib/format'
import type { FieldErrors } from '~/lib/validation'

import { Field } from './Field'
import { TimeZoneSelect } from './TimeZoneSelect'

/** Create or edit a webinar: text per language, time in any zone, channels. */
export function WebinarForm({
  values,
  errors,
  timeZones,
  series,
  language,
  submitLabel,
}: {
  values: Record<string, string>
  errors?: FieldErrors
  timeZones: string[]
  series: { id: number; title: string }[]
  language: Language
  submitLabel: string
}) {
  const { t } = useTranslation('staff')
  const busy = useNavigation().state === 'submitting'
  const input = (name: string, label: string, opts: { type?: string; hint?: string; required?: boolean } = {}) => (
    <Field
      name={name}
      label={label}
      hint={opts.hint}
      errors={errors?.[name]}
      type={opts.type}
      defaultValue={values[name] ?? ''}
      required={opts.required}
    />
  )
  const area = (name: string, label: string, hint?: string) => (
    <Field name={name} label={label} hint={hint} errors={errors?.[name]}>
      {(p) => <textarea {...p} rows={4} defaultValue={values[name] ?? ''} />}
    </Field>
  )
  return (
    <Form method="post" className="stack wide" noValidate>
      <input type="hidden" name="intent" value="save" />
      {errors ? (
        <p className="error-summary" role="alert">
          {errors.form ? t(`common:${errors.form[0]}`) : t('common:errors.form.fix')}
        </p>
      ) : null}
      {LANGUAGES.map((l) => (
        <fieldset key={l}>
          <legend>{t('webinarForm.textIn', { language: languageName(l, language) })}</legend>
          {l !== 'en' ? <p className="hint">{t('webinarForm.fallbackHint')}</p> : null}
          {input(`title_${l}`, t('webinarForm.title'), { required: l === 'en' })}
          {area(`description_${l}`, t('webinarForm.description'))}
          {area(`agenda_${l}`, t('webinarForm.agenda'))}
        </fieldset>
      ))}
      <fieldset>
        <legend>{t('webinarForm.when')}</legend>
        {input('date', t('webinarForm.date'), { type: 'date', required: true })}
        {input('time', t('webinarForm.time'), { type: 'time', required: true })}
        <Field
          name="timeZone"
          label={t('webinarForm.timeZone')}
          hint={t('webinarForm.timeZoneHint')}
          errors={errors?.timeZone}
        >
          {(p) => <TimeZoneSelect inputProps={p} zones={timeZones} value={values.timeZone ?? 'UTC'} />}
        </Field>
        {input('durationMinutes', t('webinarForm.duration'), { type: 'number', required: true })}
        {input('reminderHours', t('webinarForm.reminders'), { hint: t('webinarForm.remindersHint') })}
      </fieldset>
      <fieldset>
        <legend>{t('webinarForm.registration')}</legend>
        {input('capacity', t('webinarForm.capacity'), { type: 'number', hint: t('webinarForm.capacityHint') })}
        {input('opensDate', t('webinarForm.opensDate'), { type: 'date', hint: t('webinarForm.opensHint') })}
        {input('opensTime', t('webinarForm.opensTime'), { type: 'time' })}
        {input('closesDate', t('webinarForm.closesDate'), { type: 'date', hint: t('webinarForm.closesHint') })}
        {input('closesTime', t('webinarForm.closesTime'), { type: 'time' })}
      </fieldset>
      <fieldset>
        <legend>{t('webinarForm.platform')}</legend>
        {input('platformName', t('webinarForm.platformName'))}
        {input('platformUrl', t('webinarForm.platformUrl'), { type: 'url', hint: t('webinarForm.platformUrlHint') })}
        {area('presenters', t('webinarForm.presenters'), t('webinarForm.presentersHint'))}
        <Field name="seriesId" label={t('webinarForm.series')} errors={errors?.seriesId}>
          {(p) => (
            <select {...p} defaultValue={values.seriesId ?? ''}>
              <option value="">{t('webinarForm.noSeries')}</option>
              {series.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        {input('slug', t('webinarForm.slug'), { hint: t('webinarForm.slugHint') })}
      </fieldset>
      {LANGUAGES.map((l) => (
        <fieldset key={`channel-${l}`}>
          <legend>{t('webinarForm.channel', { language: languageName(l, language) })}</legend>
          <p className="hint">{t('webinarForm.channelHint')}</p>
          {input(`conferenceId_${l}`, t('webinarForm.conferenceId'))}
          {input(`dialIn_${l}`, t('webinarForm.dialIn'), { hint: t('webinarForm.dialInHint') })}
          {input(`interpreters_${l}`, t('webinarForm.interpreters'))}
        </fieldset>
      ))}
      <div>
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
