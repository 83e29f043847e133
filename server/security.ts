/**
 * Express middleware that runs before Remix: forwarded headers only from a trusted
 * proxy, the client address for rate limits, response headers every page carries,
 * one origin check for every state-changing request (403, not Remix's 500), and
 * body size limits answered before the body is read.
 * See docs/decisions/010-worker-locking-and-origin.md.
 */
import crypto from 'node:crypto'

import type { NextFunction, Request, Response } from 'express'

import type { Config } from '~/config.server'
import { isFormContentType } from '~/lib/form.server'

import { sendPlainPage } from './plain-page'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Requests carry only the forwarded headers a trusted proxy set, and the socket's address as `x-client-ip`. */
export function forwardedHeaders(config: Config) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!config.trustProxy) {
      delete req.headers['x-forwarded-host']
      delete req.headers['x-forwarded-proto']
      delete req.headers['x-forwarded-for']
    }
    req.headers['x-client-ip'] = req.ip ?? req.socket.remoteAddress ?? 'unknown'
    next()
  }
}

/** A fresh nonce per response for the Content-Security-Policy that the document sets. */
export function cspNonce() {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
    next()
  }
}

export function securityHeaders(config: Config) {
  const hsts = config.production && config.origin.startsWith('https://')
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'same-origin')
    res.setHeader('X-Frame-Options', 'SAMEORIGIN')
    res.setHeader(
      'Permissions-Policy',
      'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
    )
    if (hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    next()
  }
}

/**
 * State-changing requests from a browser carry Origin. It must be this site: the
 * configured origin (APP_URL), or the Host the request came to (or, behind a trusted
 * proxy, its X-Forwarded-Host). Anything else, "null" included, gets a translated
 * 403 and nothing runs. Once checked, Origin is removed so Remix's own check (which
 * answers 500) has nothing left to refuse.
 */
export function sameOriginForms(config: Config) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next()
    const origin = req.headers.origin
    if (origin === undefined) return next()
    if (!isSameSite(origin, req, config)) return sendPlainPage(req, res, 403, 'crossOrigin')
    delete req.headers.origin
    next()
  }
}

function isSameSite(origin: string, req: Request, config: Config): boolean {
  if (origin === 'null') return false
  let parsed: URL
  try {
    parsed = new URL(origin)
  } catch {
    return false
  }
  if (parsed.origin === config.origin) return true
  const forwarded = config.trustProxy
    ? String(req.headers['x-forwarded-host'] ?? '')
        .split(',')[0]
        .trim()
    : ''
  const host = forwarded || req.headers.host
  return Boolean(host) && parsed.host === host
}

/** Paths whose POSTs are not forms: signed webhooks that read their own body. */
const NON_FORM_PATHS = /^\/hooks\//

/**
 * Every state-changing request to a page is a form (urlencoded or multipart): JSON, plain
 * text or no Content-Type gets a translated 415 before Remix runs, whatever the route. A
 * form body that cannot be read is the route's `readForm` to refuse (400).
 */
export function formBodiesOnly() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || NON_FORM_PATHS.test(req.path)) return next()
    if (isFormContentType(req.headers['content-type'])) return next()
    res.setHeader('Connection', 'close')
    sendPlainPage(req, res, 415, 'unsupportedBody')
    req.socket.on('error', () => {})
  }
}

const KB = 1024
const MB = 1024 * KB

/** Form posts are small; a path listed here takes uploads up to its own limit. */
export const BODY_LIMITS: { path: RegExp; bytes: number }[] = [
  // A 10 MB file (IMPORT_MAX_BYTES in app/lib/person-import.ts) and the multipart form around it, posted to the
  // page or, from the browser's script, to its data URL (`/staff/people/import.data?index`).
  { path: /^\/staff\/people\/import(?:\.data)?(?:$|\/)/, bytes: 10 * MB + 64 * KB },
]
export const DEFAULT_BODY_LIMIT = 1 * MB

export function bodyLimitFor(path: string): number {
  return BODY_LIMITS.find((l) => l.path.test(path))?.bytes ?? DEFAULT_BODY_LIMIT
}

function readable(bytes: number) {
  return bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${Math.round(bytes / KB)} kB`
}

/**
 * Answers 413 from Content-Length before reading the body, and 411 for a body sent
 * without a length (browsers always send one for forms and uploads). The connection
 * is closed so the rest of an oversized body is never read.
 */
export function bodyLimits() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next()
    const limit = bodyLimitFor(req.path)
    const declared = req.headers['content-length']
    if (declared === undefined) {
      if (req.headers['transfer-encoding']) {
        res.setHeader('Connection', 'close')
        return sendPlainPage(req, res, 411, 'lengthRequired')
      }
      return next()
    }
    const length = Number(declared)
    if (!Number.isSafeInteger(length) || length < 0 || length > limit) {
      res.setHeader('Connection', 'close')
      sendPlainPage(req, res, 413, 'tooLarge', { limit: readable(limit) })
      req.socket.on('error', () => {})
      return
    }
    next()
  }
}
