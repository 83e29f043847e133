import { Form, useFetcher } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { type Language, LANGUAGES } from '#db/domain'
import { languageName } from '~/lib/format'

import { Field } from './Field'

export type AudienceOption = {
  id: number
  name: string
  counts: { recipients: number; unsubscribed: number; bounced: number }
}

export type ListOption = { id: number; name: string; subscribers: number }

type Props = {
  values: Record<string, string>
  errors?: Record<string, string[] | undefined>
  audiences: AudienceOption[]
  lists: ListOption[]
  viewerLanguage: Language
  previewAction: string
  submitLabel: string
}

const BLOCKS = ['upcoming-webinars', 'recent-recordings'] as const

/** Text per language with schedule blocks, the audience, and a live preview of the mail. */
export function NewsletterForm({
  values,
  errors,
  audiences,
  lists,
  viewerLanguage,
  previewAction,
  submitLabel,
}: Props) {
  const { t } = useTranslation('newsletters')
  const formRef = useRef<HTMLFormElement>(null)
  const preview = useFetcher<{ html: string | null }>()
  const [previewLanguage, setPreviewLanguage] = useState<Language>('en')
  // With JavaScript the three versions are tabs (the preview follows the tab); without, all show.
  const [interactive, setInteractive] = useState(false)
  useEffect(() => setInteractive(true), [])
  const hasError = (l: Language) => Object.keys(errors ?? {}).some((k) => k.endsWith(`_${l}`) && errors?.[k]?.length)
  const [tab, setTab] = useState<Language>(() => LANGUAGES.find(hasError) ?? 'en')
  const timer = useRef<ReturnType<typeof setTimeout>>()

  const refresh = (language = previewLanguage) => {
    if (!formRef.current) return
    const data = new FormData(formRef.current)
    data.set('previewLanguage', language)
    data.delete('intent')
    preview.submit(data, { method: 'post', action: previewAction })
  }
  const schedule = () => {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => refresh(), 500)
  }
  useEffect(() => {
    refresh()
    return () => clearTimeout(timer.current)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const insertBlock = (language: Language, block: string) => {
    const area = formRef.current?.elements.namedItem(`body_${language}`) as HTMLTextAreaElement | null
    if (!area) return
    const token = `\n{{${block}}}\n`
    const at = area.selectionStart ?? area.value.length
    area.setRangeText(token, at, area.selectionEnd ?? at, 'end')
    area.focus()
    schedule()
  }

  return (
    <div className="newsletter-editor">
      <Form method="post" className="stack wide" noValidate ref={formRef} onInput={schedule}>
        {errors ? (
          <p className="error-summary" role="alert">
            {t('common:errors.form.fix')}
          </p>
        ) : null}
        {errors?.form ? <p className="field-error">{errors.form.map((e) => t(`common:${e}`)).join(' ')}</p> : null}
        <input type="hidden" name="intent" value="save" />
        <Field
          name="slug"
          label={t('newsletters.slug')}
          hint={t('newsletters.slugHint')}
          errors={errors?.slug}
          defaultValue={values.slug}
        />
        {lists.length ? (
          <fieldset>
            <legend>{t('lists.field')}</legend>
            <p className="hint">{t('lists.fieldHint')}</p>
            {lists.map((l) => (
              <label key={l.id} className="check">
                <input
                  type="checkbox"
                  name="listIds"
                  value={l.id}
                  defaultChecked={(values.listIds ?? '').split(',').includes(String(l.id))}
                />{' '}
                {t('lists.option', { name: l.name, count: l.subscribers })}
              </label>
            ))}
          </fieldset>
        ) : null}
        <Field
          name="audienceId"
          label={lists.length ? t('lists.audienceNarrow') : t('newsletters.audience')}
          hint={t('newsletters.audienceHint')}
          errors={errors?.audienceId}
        >
          {(p) => (
            <select {...p} defaultValue={values.audienceId ?? ''}>
              <option value="">{t('newsletters.noAudience')}</option>
              {audiences.map((s) => (
                <option key={s.id} value={s.id}>
                  {t('newsletters.audienceOption', { name: s.name, count: s.counts.recipients })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p className="hint">
          {t('newsletters.blocksHint', { upcoming: '{{upcoming-webinars}}', recordings: '{{recent-recordings}}' })}
        </p>
        {interactive ? (
          <div className="language-tabs" role="tablist" aria-label={t('newsletters.versions')}>
            {LANGUAGES.map((l) => (
              <button
                key={l}
                type="button"
                role="tab"
                id={`version-tab-${l}`}
                aria-selected={tab === l}
                aria-controls={`version-${l}`}
                className={tab === l ? 'tab current' : 'tab'}
                onClick={() => {
                  setTab(l)
                  setPreviewLanguage(l)
                  refresh(l)
                }}
              >
                {languageName(l, viewerLanguage)}
                {hasError(l) ? <span className="badge bad">{t('newsletters.tabHasErrors')}</span> : null}
              </button>
            ))}
          </div>
        ) : null}
        {LANGUAGES.map((l) => (
          <fieldset
            key={l}
            lang={l}
            id={`version-${l}`}
            hidden={interactive && tab !== l}
            role={interactive ? 'tabpanel' : undefined}
            aria-labelledby={interactive ? `version-tab-${l}` : undefined}
          >
            <legend>{t('newsletters.versionIn', { language: languageName(l, viewerLanguage) })}</legend>
            <Field
              name={`subject_${l}`}
              label={t('newsletters.subject')}
              errors={errors?.[`subject_${l}`]}
              defaultValue={values[`subject_${l}`]}
              required={l === 'en'}
            />
            <Field
              name={`preheader_${l}`}
              label={t('newsletters.preheader')}
              hint={t('newsletters.preheaderHint')}
              errors={errors?.[`preheader_${l}`]}
              defaultValue={values[`preheader_${l}`]}
            />
            <Field
              name={`body_${l}`}
              label={t('newsletters.body')}
              hint={t('newsletters.bodyHint')}
              errors={errors?.[`body_${l}`]}
            >
              {(p) => <textarea {...p} rows={14} defaultValue={values[`body_${l}`]} />}
            </Field>
            <div className="inline-actions">
              {BLOCKS.map((b) => (
                <button key={b} type="button" className="secondary small" onClick={() => insertBlock(l, b)}>
                  {t(`newsletters.insert.${b}`)}
                </button>
              ))}
            </div>
            <div className="field">
              <label>
                <input type="checkbox" name={`complete_${l}`} defaultChecked={values[`complete_${l}`] === 'on'} />{' '}
                {t('newsletters.complete')}
              </label>
              {errors?.[`complete_${l}`] ? (
                <span className="field-error">{errors[`complete_${l}`]!.map((e) => t(`common:${e}`)).join(' ')}</span>
              ) : null}
            </div>
          </fieldset>
        ))}
        <div>
          <button type="submit">{submitLabel}</button>
        </div>
      </Form>
      <section aria-labelledby="live-preview" className="preview-pane">
        <h2 id="live-preview">{t('newsletters.livePreview')}</h2>
        <div className="field">
          <label htmlFor="preview-language">{t('newsletters.previewLanguage')}</label>
          <select
            id="preview-language"
            value={previewLanguage}
            onChange={(e) => {
              const l = e.target.value as Language
              setPreviewLanguage(l)
              refresh(l)
            }}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {languageName(l, viewerLanguage)}
              </option>
            ))}
          </select>
        </div>
        <p className="hint" aria-live="polite">
          {preview.state !== 'idle'
            ? t('newsletters.previewUpdating')
            : preview.data?.html
              ? t('newsletters.previewHint')
              : t('newsletters.previewEmpty')}
        </p>
        {preview.data?.html ? (
          <iframe title={t('newsletters.livePreview')} className="mail-frame" sandbox="" srcDoc={preview.data.html} />
        ) : null}
      </section>
    </div>
  )
}
