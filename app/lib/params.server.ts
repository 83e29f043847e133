import { parseWholeNumber } from './validation'

/** A positive integer id from a route parameter (digits only: `1e3`, `0x10`, `10 ` are not ids), or a 404. */
export function idParam(raw: string | undefined): number {
  const id = parseWholeNumber(raw)
  if (id === null || id <= 0) throw new Response('Not found', { status: 404 })
  return id
}

/** An id from a form field or query string, or null when it is not digits only. */
export function idField(raw: FormDataEntryValue | string | null | undefined): number | null {
  const id = parseWholeNumber(raw)
  return id !== null && id > 0 ? id : null
}
