import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import type { Language } from '#db/domain'
import { LANGUAGES } from '#db/domain'
import { languageName } from '~/lib/format'
import type { FieldErrors } from '~/lib/validation'

import { ErrorSummary } from './ErrorSummary'
import { Field } from './Field'
import { TimeZoneSelect } from './TimeZoneSelect'

/**
 * Create or edit a webinar, in sections: the texts (English first; French and Spanish folded
 * until used), when, registration, platform and the three interpretation channels side by
 * side where the screen allows. A failed save lists every problem at the top, each a link to
 * its field, and the focus goes there.
 */
export function WebinarForm({
  values,
  errors,
  timeZones,
  series,
  language,
  submitLabel,
  action,
  variant = 'webinar',
}: {
  values: Record<string, string>
  errors?: FieldErrors
  timeZones: string[]
  series: { id: number; title: string }[]
  language: Language
  submitLabel: string
  action?: string
  /** A working-group meeting: no description, registration, presenters, series or address. */
  variant?: 'webinar' | 'meeting'
}) {
  const meeting = variant === 'meeting'
  const { t } = useTranslation('staff')
  const busy = useNavigation().state === 'submitting'
  // Each field's label, for the error summary's links.
  const labels = new Map<string, string>()
  const input = (
    name: string,
    label: string,
    opts: { type?: string; hint?: string; required?: boolean; inSummary?: string } = {},
  ) => {
    labels.set(name, opts.inSummary ?? label)
    return (
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
  }
  const area = (name: string, label: string, hint?: string, inSummary?: string) => {
    labels.set(name, inSummary ?? label)
    return (
      <Field name={name} label={label} hint={hint} errors={errors?.[name]}>
        {(p) => <textarea {...p} rows={4} defaultValue={values[name] ?? ''} />}
      </Field>
    )
  }
  const used = (names: string[]) => names.some((n) => values[n] || errors?.[n])
  const texts = LANGUAGES.map((l) => {
    const fields = (
      <>
        {input(`title_${l}`, t('webinarForm.title'), {
          required: l === 'en',
          inSummary: `${t('webinarForm.title')} (${l.toUpperCase()})`,
        })}
        {meeting
          ? null
          : area(
              `description_${l}`,
              t('webinarForm.description'),
              undefined,
              `${t('webinarForm.description')} (${l.toUpperCase()})`,
            )}
        {area(`agenda_${l}`, t('webinarForm.agenda'), undefined, `${t('webinarForm.agenda')} (${l.toUpperCase()})`)}
      </>
    )
    const legend = t('webinarForm.textIn', { language: languageName(l, language) })
    return l === 'en' ? (
      <fieldset key={l}>
        <legend>{legend}</legend>
        {fields}
      </fieldset>
    ) : (
      <details key={l} className="form-fold" open={used([`title_${l}`, `description_${l}`, `agenda_${l}`])}>
        <summary>{legend}</summary>
        <p className="hint">{t('webinarForm.fallbackHint')}</p>
        {fields}
      </details>
    )
  })
  labels.set('timeZone', t('webinarForm.timeZone'))
  const when = (
    <fieldset>
      <legend>{t('webinarForm.when')}</legend>
      <div className="form-grid">
        {input('date', t('webinarForm.date'), { type: 'date', required: true })}
        {input('time', t('webinarForm.time'), { type: 'time', required: true })}
      </div>
      <Field
        name="timeZone"
        label={t('webinarForm.timeZone')}
        hint={t('webinarForm.timeZoneHint')}
        errors={errors?.timeZone}
      >
        {(p) => <TimeZoneSelect inputProps={p} zones={timeZones} value={values.timeZone ?? 'UTC'} />}
      </Field>
      <div className="form-grid">
        {input('durationMinutes', t('webinarForm.duration'), { type: 'number', required: true })}
        {input('reminderHours', t('webinarForm.reminders'), { hint: t('webinarForm.remindersHint') })}
      </div>
    </fieldset>
  )
  const registration = (
    <fieldset>
      <legend>{t('webinarForm.registration')}</legend>
      {input('capacity', t('webinarForm.capacity'), { type: 'number', hint: t('webinarForm.capacityHint') })}
      <div className="form-grid">
        {input('opensDate', t('webinarForm.opensDate'), { type: 'date', hint: t('webinarForm.opensHint') })}
        {input('opensTime', t('webinarForm.opensTime'), { type: 'time' })}
        {input('closesDate', t('webinarForm.closesDate'), { type: 'date', hint: t('webinarForm.closesHint') })}
        {input('closesTime', t('webinarForm.closesTime'), { type: 'time' })}
      </div>
    </fieldset>
  )
  labels.set('seriesId', t('webinarForm.series'))
  const platform = (
    <fieldset>
      <legend>{t(meeting ? 'webinarForm.call' : 'webinarForm.platform')}</legend>
      <div className="form-grid">
        {input('platformName', t('webinarForm.platformName'))}
        {input('platformUrl', t('webinarForm.platformUrl'), { type: 'url', hint: t('webinarForm.platformUrlHint') })}
      </div>
      {meeting ? null : area('presenters', t('webinarForm.presenters'), t('webinarForm.presentersHint'))}
      {meeting ? null : (
        <div className="form-grid">
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
        </div>
      )}
    </fieldset>
  )
  const channels = (
    <fieldset>
      <legend>{t('webinarForm.channels')}</legend>
      <p className="hint">{t('webinarForm.channelHint')}</p>
      <div className="form-columns">
        {LANGUAGES.map((l) => (
          <fieldset key={`channel-${l}`} className="plain">
            <legend>{t('webinarForm.channel', { language: languageName(l, language) })}</legend>
            {input(`conferenceId_${l}`, t('webinarForm.conferenceId'), {
              inSummary: `${t('webinarForm.conferenceId')} (${l.toUpperCase()})`,
            })}
            {input(`dialIn_${l}`, t('webinarForm.dialIn'), {
              hint: t('webinarForm.dialInHint'),
              inSummary: `${t('webinarForm.dialIn')} (${l.toUpperCase()})`,
            })}
            {input(`interpreters_${l}`, t('webinarForm.interpreters'), {
              inSummary: `${t('webinarForm.interpreters')} (${l.toUpperCase()})`,
            })}
          </fieldset>
        ))}
      </div>
    </fieldset>
  )
  return (
    <Form method="post" action={action} className="stack wide sectioned-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      <ErrorSummary errors={errors} labels={labels} />
      {texts}
      {when}
      {meeting ? null : registration}
      {platform}
      {channels}
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
