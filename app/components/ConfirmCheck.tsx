import { useId } from 'react'

/**
 * The one question an action that cannot be undone asks: a tick box whose label says what
 * will happen and to how many (`name="confirm" value="yes"`, checked on the server by
 * `isConfirmed`). A form, so it works without JavaScript; the error comes back beside it.
 */
export function ConfirmCheck({ label, error }: { label: string; error?: string | null }) {
  const id = useId()
  return (
    <div className="field confirm-check">
      <label className="check">
        <input
          type="checkbox"
          name="confirm"
          value="yes"
          required
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
        />{' '}
        {label}
      </label>
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  )
}
