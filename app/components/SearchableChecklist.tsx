import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { foldForSearch } from '~/lib/format'

/**
 * A long list of choices as check boxes in a scrolling box, with (once the page is
 * interactive) a search box that narrows it as you type and a count of what is ticked;
 * ticked choices stay in view whatever the search. Sends `name` once per ticked value, as
 * a multiple select would.
 */
export function SearchableChecklist({
  name,
  legend,
  hint,
  options,
  checked,
  errors,
}: {
  name: string
  legend: string
  hint?: string
  options: { value: string; label: string }[]
  checked: string[]
  errors?: string[]
}) {
  const { t } = useTranslation()
  const [ticked, setTicked] = useState(() => new Set(checked))
  const [query, setQuery] = useState('')
  const [interactive, setInteractive] = useState(false)
  useEffect(() => setInteractive(true), [])
  const needle = foldForSearch(query.trim())
  const hintId = hint ? `${name}-hint` : undefined
  return (
    <fieldset
      className="checklist"
      aria-describedby={[hintId, errors?.length ? `${name}-error` : null].filter(Boolean).join(' ') || undefined}
      aria-invalid={Boolean(errors?.length)}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {interactive ? (
        <div className="checklist-tools">
          <input
            type="search"
            aria-label={t('checklist.search', { list: legend })}
            placeholder={t('checklist.placeholder')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <span className="muted" aria-live="polite">
            {t('checklist.ticked', { count: ticked.size })}
          </span>
        </div>
      ) : null}
      <div className="checklist-box">
        {options.map((o) => {
          const on = ticked.has(o.value)
          const hidden = Boolean(needle) && !on && !foldForSearch(o.label).includes(needle)
          return (
            <label key={o.value} className="check" hidden={hidden}>
              <input
                type="checkbox"
                name={name}
                value={o.value}
                defaultChecked={checked.includes(o.value)}
                onChange={(e) =>
                  setTicked((prev) => {
                    const next = new Set(prev)
                    if (e.target.checked) next.add(o.value)
                    else next.delete(o.value)
                    return next
                  })
                }
              />{' '}
              {o.label}
            </label>
          )
        })}
      </div>
      {errors?.length ? (
        <span className="field-error" id={`${name}-error`}>
          {errors.map((e) => t(e)).join(' ')}
        </span>
      ) : null}
    </fieldset>
  )
}
