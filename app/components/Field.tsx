import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

type Props = {
  name: string
  label: string
  errors?: string[]
  hint?: string
  children?: (props: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode
  type?: string
  defaultValue?: string
  autoComplete?: string
  required?: boolean
}

/** A labelled input with its hint and translated errors next to it. */
export function Field({
  name,
  label,
  errors,
  hint,
  children,
  type = 'text',
  defaultValue,
  autoComplete,
  required,
}: Props) {
  const { t } = useTranslation()
  const id = `field-${name}`
  const describedBy =
    [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  const inputProps = { id, name, 'aria-invalid': Boolean(errors?.length), 'aria-describedby': describedBy }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {children ? (
        children(inputProps)
      ) : (
        <input
          {...inputProps}
          type={type}
          defaultValue={defaultValue}
          autoComplete={autoComplete}
          required={required}
        />
      )}
      {errors?.length ? (
        <span id={`${id}-error`} className="field-error">
          {errors.map((e) => t(e)).join(' ')}
        </span>
      ) : null}
    </div>
  )
}

/** The hidden field bots fill in and people never see. */
export function Honeypot() {
  const { t } = useTranslation()
  return (
    <div className="honeypot" aria-hidden="true">
      <label htmlFor="field-website">{t('form.honeypot')}</label>
      <input id="field-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
    </div>
  )
}

/**
 * A web address field: typed as text (a browser's own url check would refuse
 * "www.example.org", which the server completes with https://), with the url keyboard on phones.
 */
export function WebsiteField({
  name = 'site',
  label,
  defaultValue,
  errors,
}: {
  name?: string
  label: string
  defaultValue?: string
  errors?: string[]
}) {
  return (
    <Field name={name} label={label} errors={errors}>
      {(p) => <input {...p} type="text" inputMode="url" autoComplete="url" defaultValue={defaultValue} />}
    </Field>
  )
}
