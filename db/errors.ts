/**
 * When the database cannot take a write (another process holds the write lock past
 * the busy timeout, the file is read-only, the disk is full), every statement throws
 * a `DatabaseUnavailable` instead of a raw SqliteError.
 *
 * It is shaped like a Remix route error response (status, statusText, internal,
 * data) and deliberately not an `Error`: Remix then answers the document or data
 * request with 503 and hands it, unsanitised, to the error boundary, which shows a
 * translated "busy, try again" page. The server adds `Retry-After`.
 * See docs/decisions/010-worker-locking-and-origin.md.
 */
export type UnavailableReason = 'busy' | 'readonly' | 'full'

export class DatabaseUnavailable {
  readonly name = 'DatabaseUnavailable'
  readonly status = 503
  readonly statusText = 'Service Unavailable'
  readonly internal = false
  readonly data: { reason: UnavailableReason }
  readonly message: string
  readonly code: string
  stack?: string

  constructor(reason: UnavailableReason, code: string, message: string) {
    this.data = { reason }
    this.code = code
    this.message = `database ${reason} (${code}): ${message}`
    Error.captureStackTrace?.(this, DatabaseUnavailable)
  }

  toString() {
    return `DatabaseUnavailable: ${this.message}`
  }
}

export function isDatabaseUnavailable(value: unknown): value is DatabaseUnavailable {
  return (
    value instanceof DatabaseUnavailable ||
    (typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'DatabaseUnavailable')
  )
}

/** The unavailable-kind of a SqliteError, or null for every other error (constraints, syntax …). */
export function unavailableReason(error: unknown): UnavailableReason | null {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return null
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy'
  if (code.startsWith('SQLITE_READONLY')) return 'readonly'
  if (code === 'SQLITE_FULL') return 'full'
  return null
}

export function toUnavailable(error: unknown): unknown {
  const reason = unavailableReason(error)
  if (!reason) return error
  const e = error as { code: string; message?: string }
  return new DatabaseUnavailable(reason, e.code, e.message ?? '')
}
