import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import type { Language, LocalisedText, RecommendationSource } from '#db/domain'
import { ErrorSummary } from '~/components/ErrorSummary'
import { Field } from '~/components/Field'
import { SearchableChecklist } from '~/components/SearchableChecklist'
import { languageName } from '~/lib/format'

type Choice = { id: number; label: string }

export type RecommendationFormProps = {
  language: Language
  sources: Record<RecommendationSource, Choice[]>
  milestones: { id: number; label: string; itemNumber: number; title: string }[]
  errors?: Record<string, string[] | undefined>
  values?: {
    reference: string
    texts: LocalisedText
    owner: string
    source: { kind: RecommendationSource; id: number }
    milestoneIds: number[]
  }
  submitLabel: string
}

/** Reference, text per language, owner, source and linked milestones: new and edited recommendations alike. */
export function RecommendationForm({
  language,
  sources,
  milestones,
  errors,
  values,
  submitLabel,
}: RecommendationFormProps) {
  const { t } = useTranslation('participation')
  const textLabel = (lang: Language) => t('recommendations.textIn', { language: languageName(lang, language) })
  const labels = new Map([
    ['reference', t('recommendations.reference')],
    ['textEn', textLabel('en')],
    ['textFr', textLabel('fr')],
    ['textEs', textLabel('es')],
    ['owner', t('recommendations.owner')],
    ['source', t('recommendations.source')],
    ['milestoneIds', t('recommendations.milestones')],
  ])
  return (
    <Form method="post" className="stack" noValidate>
      <ErrorSummary errors={errors} labels={labels} />
      <input type="hidden" name="intent" value="save" />
      <Field
        name="reference"
        label={t('recommendations.reference')}
        hint={t('recommendations.referenceHint')}
        errors={errors?.reference}
        defaultValue={values?.reference}
      />
      {(['en', 'fr', 'es'] as const).map((lang) => {
        const name = `text${lang[0].toUpperCase()}${lang[1]}`
        return (
          <Field
            key={lang}
            name={name}
            label={textLabel(lang)}
            hint={lang === 'en' ? t('recommendations.textHint') : undefined}
            errors={errors?.[name]}
          >
            {(p) => <textarea {...p} rows={3} lang={lang} defaultValue={values?.texts[lang] ?? ''} />}
          </Field>
        )
      })}
      <Field name="owner" label={t('recommendations.owner')} errors={errors?.owner} defaultValue={values?.owner} />
      <Field name="source" label={t('recommendations.source')} errors={errors?.source}>
        {(p) => (
          <select {...p} defaultValue={values ? `${values.source.kind}:${values.source.id}` : ''}>
            <option value="">{t('recommendations.chooseSource')}</option>
            {(['summit_group', 'survey', 'review_item'] as const).map((kind) =>
              sources[kind].length ? (
                <optgroup key={kind} label={t(`recommendations.sources.${kind}`)}>
                  {sources[kind].map((s) => (
                    <option key={s.id} value={`${kind}:${s.id}`}>
                      {s.label}
                    </option>
                  ))}
                </optgroup>
              ) : null,
            )}
          </select>
        )}
      </Field>
      <SearchableChecklist
        name="milestoneIds"
        legend={t('recommendations.milestones')}
        hint={t('recommendations.milestonesHint')}
        options={milestones.map((m) => ({
          value: String(m.id),
          label: `${t('tracker.itemShort', { number: m.itemNumber })} ${m.label}) ${m.title}`,
        }))}
        checked={(values?.milestoneIds ?? []).map(String)}
        errors={errors?.milestoneIds}
      />
      <div>
        <button type="submit">{submitLabel}</button>
      </div>
    </Form>
  )
}
