/**
 * The few answers the Express layer gives before Remix runs (403 for a form sent
 * from another site, 411/413 for bodies): a small translated HTML page in the
 * visitor's language (the `lang` cookie, else Accept-Language, else English).
 */
import fs from 'node:fs'
import path from 'node:path'

import type { Request, Response } from 'express'

type Language = 'en' | 'fr' | 'es'
const LANGUAGES: Language[] = ['en', 'fr', 'es']
const messages = Object.fromEntries(
  LANGUAGES.map((l) => [
    l,
    JSON.parse(fs.readFileSync(path.resolve('locales', l, 'common.json'), 'utf8')) as Record<string, unknown>,
  ]),
) as Record<Language, Record<string, unknown>>

function lookup(language: Language, key: string, values: Record<string, string> = {}): string {
  let node: unknown = messages[language]
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  const text = typeof node === 'string' ? node : key
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '')
}

export function requestLanguage(req: Request): Language {
  const cookie = req.headers.cookie?.match(/(?:^|;\s*)lang=([^;]*)/)?.[1]
  // The lang cookie is a Remix cookie: base64 of a JSON string.
  if (cookie) {
    try {
      const value = JSON.parse(
        Buffer.from(decodeURIComponent(cookie).split('.')[0], 'base64').toString('utf8'),
      ) as unknown
      if (LANGUAGES.includes(value as Language)) return value as Language
    } catch {
      /* not ours */
    }
  }
  for (const part of (req.headers['accept-language'] ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase()
    if (LANGUAGES.includes(code as Language)) return code as Language
  }
  return 'en'
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Sends a minimal, translated page: `errors.<key>.title` and `errors.<key>.body`. */
export function sendPlainPage(
  req: Request,
  res: Response,
  status: number,
  key: string,
  values: Record<string, string> = {},
) {
  const language = requestLanguage(req)
  const title = lookup(language, `errors.${key}.title`, values)
  const body = lookup(language, `errors.${key}.body`, values)
  const home = lookup(language, 'errors.backHome')
  res
    .status(status)
    .set('Content-Type', 'text/html; charset=utf-8')
    .set('Cache-Control', 'no-store')
    .send(
      `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${escape(title)}</title><link rel="icon" href="/favicon.svg"></head>` +
        `<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5">` +
        `<main><h1>${escape(title)}</h1><p>${escape(body)}</p><p><a href="/">${escape(home)}</a></p></main></body></html>`,
    )
}
