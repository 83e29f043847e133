/**
 * A micro-cache for public pages seen by visitors who are not signed in: the
 * same HTML is served for a few seconds (PAGE_CACHE_SECONDS, default 5; 0 turns
 * it off) instead of rendering it again. Never used when a session cookie is
 * present, for anything but GET/HEAD of the listed paths, or for responses that
 * set a cookie. The key holds everything an anonymous page varies by: path and
 * query, the language cookie or Accept-Language, and the time-zone cookie.
 * See docs/decisions/004-public-page-cache.md.
 */
import type { NextFunction, Request, Response } from 'express'

const PUBLIC_PAGES = [
  /^\/$/,
  /^\/webinars$/,
  /^\/webinars\/[a-z0-9-]+$/,
  /^\/webinars\/[a-z0-9-]+\/invite\.ics$/,
  /^\/summits\/[a-z0-9-]+$/,
  /^\/working-groups$/,
  /^\/working-groups\/[a-z0-9-]+$/,
  /^\/working-groups\/[a-z0-9-]+\/meetings\/[0-9]+(\/invite\.ics)?$/,
]
const SKIP_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'set-cookie',
  'connection',
  'date',
  'content-encoding',
  'vary',
])
const MAX_ENTRIES = 500

/**
 * A cached page is kept cut at its CSP nonce (script tags and the header): each response
 * that reuses it gets its own fresh nonce put back in, so no two responses share one.
 */
type Entry = { status: number; headers: Record<string, string[]>; body: Buffer[]; expires: number }

const withNonce = (parts: Buffer[], nonce: string) => {
  const glue = Buffer.from(nonce)
  return Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [glue, part])))
}

function cutAt(body: Buffer, nonce: string | undefined): Buffer[] {
  if (!nonce) return [body]
  const parts: Buffer[] = []
  let from = 0
  for (let at = body.indexOf(nonce); at !== -1; at = body.indexOf(nonce, from)) {
    parts.push(body.subarray(from, at))
    from = at + nonce.length
  }
  parts.push(body.subarray(from))
  return parts
}

function cookie(header: string | undefined, name: string): string {
  return header?.match(new RegExp(`(?:^|;\\s*)${name}=([^;]*)`))?.[1] ?? ''
}

export function publicPageCache({ seconds, origin }: { seconds: number; origin: string }) {
  const entries = new Map<string, Entry>()
  return (req: Request, res: Response, next: NextFunction) => {
    if (seconds <= 0 || (req.method !== 'GET' && req.method !== 'HEAD')) return next()
    const cookies = req.headers.cookie
    if (cookie(cookies, '__session')) return next()
    if (!PUBLIC_PAGES.some((p) => p.test(req.path))) return next()
    const key = [
      origin + req.originalUrl,
      cookie(cookies, 'lang') || `al:${req.headers['accept-language'] ?? ''}`,
      cookie(cookies, 'tz'),
    ].join('|')
    const now = Date.now()
    const hit = entries.get(key)
    const nonce = res.locals.cspNonce as string | undefined
    if (hit && hit.expires > now) {
      const fresh = nonce ?? ''
      const headers = Object.fromEntries(Object.entries(hit.headers).map(([k, parts]) => [k, parts.join(fresh)]))
      res.status(hit.status).set(headers).set('X-Page-Cache', 'hit')
      return req.method === 'HEAD' ? res.end() : res.end(withNonce(hit.body, fresh))
    }
    const chunks: Buffer[] = []
    const write = res.write.bind(res) as (...args: unknown[]) => boolean
    const end = res.end.bind(res) as (...args: unknown[]) => Response
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
        chunks.push(
          Buffer.isBuffer(chunk)
            ? chunk
            : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'),
        )
      }
    }
    res.setHeader('X-Page-Cache', 'miss')
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0])
      return write(chunk, ...rest)
    }) as Response['write']
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0])
      if (res.statusCode === 200 && !res.getHeader('set-cookie') && req.method === 'GET') {
        const headers: Record<string, string[]> = {}
        for (const [name, value] of Object.entries(res.getHeaders())) {
          if (!SKIP_HEADERS.has(name) && name !== 'x-page-cache' && value !== undefined)
            headers[name] = nonce ? String(value).split(nonce) : [String(value)]
        }
        if (entries.size >= MAX_ENTRIES)
          for (const [k, e] of entries) if (e.expires <= now || entries.size >= MAX_ENTRIES) entries.delete(k)
        const body = cutAt(Buffer.concat(chunks), nonce)
        entries.set(key, { status: 200, headers, body, expires: now + seconds * 1000 })
      }
      return end(chunk, ...rest)
    }) as Response['end']
    next()
  }
}
