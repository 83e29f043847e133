import { useNavigation } from '@remix-run/react'
import { useEffect, useRef } from 'react'

/**
 * After a form is sent and the page comes back with errors, moves the keyboard focus to
 * the first invalid field (or, when no field is marked or the form's summary lists every
 * problem with a link — `data-focus-summary` — to the error summary), so a
 * screen-reader or keyboard user lands on what to fix. Does nothing after a success or
 * an ordinary link, and leaves alone a focus a page has already put on an error.
 */
export function useFocusFirstError() {
  const navigation = useNavigation()
  const submitted = useRef(false)
  useEffect(() => {
    if (navigation.state === 'submitting') submitted.current = true
    if (navigation.state !== 'idle' || !submitted.current) return
    submitted.current = false
    const main = document.getElementById('main')
    if (!main) return
    // A long form's summary that links to each problem takes the focus itself.
    const summary = main.querySelector<HTMLElement>('[data-focus-summary]')
    if (summary) {
      summary.focus()
      summary.scrollIntoView({ block: 'start' })
      return
    }
    const invalid = main.querySelector<HTMLElement>('[aria-invalid="true"]')
    const target =
      (invalid?.matches('fieldset') ? invalid.querySelector<HTMLElement>('input, select, textarea') : invalid) ??
      main.querySelector<HTMLElement>('.error-summary')
    if (!target || target.contains(document.activeElement)) return
    if (target.closest('fieldset[aria-invalid="true"]')?.contains(document.activeElement)) return
    if (!target.matches('input, select, textarea, button, a[href], [tabindex]')) target.setAttribute('tabindex', '-1')
    target.focus()
  }, [navigation.state])
}
