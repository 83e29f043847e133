/**
 * The one place a route reads a request body. Forms arrive as
 * `application/x-www-form-urlencoded` or `multipart/form-data`; anything else (JSON,
 * plain text, no Content-Type) is a 415, and a body that cannot be read as the form it
 * claims to be (a truncated multipart upload, a broken boundary) is a 400. Both are
 * thrown as responses, so the root error boundary shows the translated page and
 * nothing runs. A route never calls `request.formData()` itself (a lint rule).
 * See docs/decisions/032-trust-round-2.md.
 */
import { data } from '@remix-run/node'

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']

/** Whether a Content-Type header names a form body (parameters such as the boundary ignored). */
export function isFormContentType(header: string | null | undefined): boolean {
  const type = (header ?? '').split(';')[0].trim().toLowerCase()
  return FORM_TYPES.includes(type)
}

export async function readForm(request: Request): Promise<FormData> {
  if (!isFormContentType(request.headers.get('Content-Type'))) {
    throw data({ reason: 'unsupportedBody' }, { status: 415 })
  }
  try {
    // eslint-disable-next-line no-restricted-syntax -- the one place a body is read
    return await request.formData()
  } catch {
    throw data({ reason: 'badBody' }, { status: 400 })
  }
}

/** Whether an action that cannot be undone was confirmed (its `ConfirmCheck` ticked). */
export function isConfirmed(form: FormData): boolean {
  return form.get('confirm') === 'yes'
}
