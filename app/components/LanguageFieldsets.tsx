import { type Language, LANGUAGES } from '#db/domain'
import { languageName } from '~/lib/format'

import { Field } from './Field'

type FieldSpec = { name: string; label: string; hint?: string }

/**
 * One fieldset per language holding a short line and a longer text (a list's name and
 * description, a term's expansion and definition). English is required; the other
 * languages say that, left empty, their readers see the English text.
 */
export function LanguageFieldsets({
  viewerLanguage,
  line,
  text,
  fallbackHint,
  values,
  errors,
}: {
  viewerLanguage: Language
  line: FieldSpec
  /** `hint` is shown with the English text only. */
  text: FieldSpec & { rows?: number }
  fallbackHint: string
  values: Record<string, string | undefined>
  errors?: Record<string, string[] | undefined>
}) {
  return (
    <>
      {LANGUAGES.map((l) => (
        <fieldset key={l} lang={l}>
          <legend>{languageName(l, viewerLanguage)}</legend>
          <Field
            name={`${line.name}_${l}`}
            label={line.label}
            hint={l === 'en' ? line.hint : fallbackHint}
            required={l === 'en'}
            errors={errors?.[`${line.name}_${l}`]}
            defaultValue={values[`${line.name}_${l}`]}
          />
          <Field
            name={`${text.name}_${l}`}
            label={text.label}
            hint={l === 'en' ? text.hint : undefined}
            required={l === 'en'}
            errors={errors?.[`${text.name}_${l}`]}
          >
            {(p) => <textarea {...p} rows={text.rows ?? 3} defaultValue={values[`${text.name}_${l}`]} />}
          </Field>
        </fieldset>
      ))}
    </>
  )
}

/** The form values of per-language texts: `{ name_en, name_fr, … }` from `{ name: { en, fr } }`. */
export function languageValues(fields: Record<string, Partial<Record<Language, string>>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).flatMap(([name, text]) => LANGUAGES.map((l) => [`${name}_${l}`, text[l] ?? ''])),
  )
}
