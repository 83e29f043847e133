import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { type Language, LANGUAGES } from '#db/domain'
import { languageName } from '~/lib/format'
import type { FieldErrors } from '~/lib/validation'

import { ErrorSummary } from './ErrorSummary'
import { Field } from './Field'

export type WorkingGroupFormValues = Record<string, string | boolean>

/**
 * A standing group's or working party's details: kind, texts per language (English first,
 * French and Spanish folded until used), dates, the public address and what the public page
 * shows. A failed save lists the problems at the top, each a link to its field.
 */
export function WorkingGroupForm({
  values,
  errors,
  language,
  submitLabel,
}: {
  values: WorkingGroupFormValues
  errors?: FieldErrors
  language: Language
  submitLabel: string
}) {
  const { t } = useTranslation('staff')
  const busy = useNavigation().state === 'submitting'
  const labels = new Map<string, string>()
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '')
  const input = (name: string, label: string, opts: { type?: string; hint?: string; required?: boolean } = {}) => {
    labels.set(name, label)
    return (
      <Field
        name={name}
        label={label}
        hint={opts.hint}
        errors={errors?.[name]}
        type={opts.type}
        defaultValue={text(name)}
        required={opts.required}
      />
    )
  }
  const suffix = (l: Language) => l[0].toUpperCase() + l.slice(1)
  const texts = LANGUAGES.map((l) => {
    const code = ` (${l.toUpperCase()})`
    const names = [`name${suffix(l)}`, `topic${suffix(l)}`, `description${suffix(l)}`]
    labels.set(names[2], t('workingGroupForm.description') + code)
    const fields = (
      <>
        {input(names[0], t('workingGroupForm.name'), { required: l === 'en' })}
        {input(names[1], t('workingGroupForm.topic'), { hint: t('workingGroupForm.topicHint'), required: l === 'en' })}
        <Field
          name={names[2]}
          label={t('workingGroupForm.description')}
          hint={t('workingGroupForm.descriptionHint')}
          errors={errors?.[names[2]]}
        >
          {(p) => <textarea {...p} rows={5} defaultValue={text(names[2])} />}
        </Field>
      </>
    )
    labels.set(names[0], t('workingGroupForm.name') + code)
    labels.set(names[1], t('workingGroupForm.topic') + code)
    const legend = t('webinarForm.textIn', { language: languageName(l, language) })
    return l === 'en' ? (
      <fieldset key={l}>
        <legend>{legend}</legend>
        {fields}
      </fieldset>
    ) : (
      <details key={l} className="form-fold" open={names.some((n) => text(n) || errors?.[n])}>
        <summary>{legend}</summary>
        <p className="hint">{t('webinarForm.fallbackHint')}</p>
        {fields}
      </details>
    )
  })
  labels.set('kind', t('workingGroupForm.kind'))
  return (
    <Form method="post" className="stack wide sectioned-form" noValidate>
      <input type="hidden" name="intent" value="details" />
      <ErrorSummary errors={errors} labels={labels} />
      <fieldset>
        <legend>{t('workingGroupForm.kind')}</legend>
        {(['standing', 'working_party'] as const).map((k) => (
          <div className="field" key={k}>
            <label>
              <input type="radio" name="kind" value={k} defaultChecked={(values.kind || 'standing') === k} />{' '}
              <strong>{t(`workingGroupForm.kinds.${k}`)}</strong>
            </label>
            <span className="hint">{t(`workingGroupForm.kindHints.${k}`)}</span>
          </div>
        ))}
      </fieldset>
      {texts}
      <fieldset>
        <legend>{t('workingGroupForm.datesAndPage')}</legend>
        <div className="form-grid">
          {input('startsOn', t('workingGroupForm.startsOn'), { type: 'date' })}
          {input('endsOn', t('workingGroupForm.endsOn'), { type: 'date', hint: t('workingGroupForm.endsOnHint') })}
        </div>
        {input('slug', t('webinarForm.slug'), { hint: t('workingGroupForm.slugHint') })}
        <div className="field">
          <label>
            <input type="checkbox" name="membersPublic" defaultChecked={values.membersPublic === true} />{' '}
            {t('workingGroupForm.membersPublic')}
          </label>
        </div>
        <div className="field">
          <label>
            <input type="checkbox" name="allRegionsRequired" defaultChecked={values.allRegionsRequired === true} />{' '}
            {t('workingGroupForm.allRegionsRequired')}
          </label>
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  )
}
