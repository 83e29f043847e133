import crypto from 'node:crypto'

import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { baseUrl } from '~/guards.server'
import { fixedT } from '~/i18n.server'
import { buildCalendar } from '~/services/calendar.server'
import { feedVersion, personalFeed } from '~/services/registrations.server'

// Rendered feeds by token, reused while their version is unchanged (calendar apps poll often).
const cache = new Map<string, { etag: string; body: string }>()
const CACHE_MAX = 2000

/** A person's subscription feed; the unguessable token in the URL is the only credential. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const token = params.token ?? ''
  const found = feedVersion(db, token)
  if (!found) throw new Response('Not found', { status: 404 })
  const origin = baseUrl()
  const etag = `"${crypto.createHash('sha1').update(`${found.version}|${origin}`).digest('base64url')}"`
  const headers = {
    'Content-Type': 'text/calendar; charset=utf-8',
    'Cache-Control': 'private, max-age=300',
    ETag: etag,
    'X-Robots-Tag': 'noindex',
    'Referrer-Policy': 'no-referrer',
  }
  if (request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers })
  let entry = cache.get(token)
  if (entry?.etag !== etag) {
    const feed = personalFeed(db, token, origin)!
    const name = fixedT(feed.language, 'common')('calendar.feedName')
    entry = { etag, body: buildCalendar({ events: feed.events, language: feed.language, method: 'PUBLISH', name }) }
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!)
    cache.set(token, entry)
  }
  return new Response(entry.body, { headers })
}
