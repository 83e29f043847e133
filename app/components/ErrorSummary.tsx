import { useTranslation } from 'react-i18next'

import type { FieldErrors } from '~/lib/validation'

/**
 * A refused save's problems at the top of a long form: the form's own error (or "fix the
 * fields below"), then each field's errors as a link to the field. The focus moves here
 * (`data-focus-summary`).
 */
export function ErrorSummary({ errors, labels }: { errors?: FieldErrors; labels: Map<string, string> }) {
  const { t } = useTranslation()
  if (!errors) return null
  const problems = Object.entries(errors).filter(([name, e]) => name !== 'form' && e?.length)
  return (
    <div className="error-summary" role="alert" tabIndex={-1} data-focus-summary>
      <p>{errors.form ? t(errors.form[0]) : t('errors.form.fix')}</p>
      {problems.length ? (
        <ul>
          {problems.map(([name, e]) => (
            <li key={name}>
              <a href={`#field-${name}`}>
                {labels.get(name) ?? name}
                {t('colon')}
                {e!.map((k) => t(k)).join(' ')}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
