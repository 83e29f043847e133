/** The saved newsletter exactly as one reader would get it: by address, or by language and zone. */
import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import type { Reader } from '#emails/newsletter'
import { baseUrl, requireRole } from '~/guards.server'
import { isLanguage } from '~/i18n'
import { fixedT } from '~/i18n.server'
import { isTimeZone } from '~/lib/format'
import { idParam } from '~/lib/params.server'
import { interpretationChannelsOf, previewMail, previewReaderNote } from '~/services/newsletters/rendering.server'
import { findPersonIdByEmail, getPerson } from '~/services/people.server'
import { getViewer } from '~/viewer.server'

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, 'staff')
  const viewer = await getViewer(request)
  const db = getDb()
  const id = idParam(params.id)
  const url = new URL(request.url)
  const email = url.searchParams.get('email')?.trim()
  let reader: Reader
  let note: string | null = null
  if (email) {
    const personId = findPersonIdByEmail(db, email)
    const person = personId ? getPerson(db, personId) : undefined
    if (!person) {
      return new Response(fixedT(viewer.language, 'staff')('newsletters.previewUnknownEmail', { email }), {
        status: 404,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      })
    }
    const why = previewReaderNote(db, person.id)
    if (why) note = fixedT(viewer.language, 'newsletters')(`newsletters.previewNote.${why}`, { email: person.email })
    const channels = interpretationChannelsOf(db, person.id)
    reader = {
      language: person.preferredLanguage,
      timeZone: person.timeZone,
      channelFor: (eventId) => channels.get(eventId),
    }
  } else {
    const language = url.searchParams.get('language')
    const zone = url.searchParams.get('zone') ?? ''
    reader = {
      language: isLanguage(language) ? language : viewer.language,
      timeZone: isTimeZone(zone) ? zone : viewer.timeZone,
    }
  }
  const mail = previewMail(db, { id, reader }, { baseUrl: baseUrl() })
  if (!mail) throw new Response('Not found', { status: 404 })
  // Said above the mail when this reader would not get the issue by itself (in the staff member's language).
  const banner = note
    ? `<p role="note" style="margin:0;padding:12px 16px;background:#fff4d6;border-bottom:1px solid #e0c36a;font:15px/1.4 system-ui,sans-serif;color:#4a3b00">${escapeHtml(note)}</p>`
    : ''
  const html = banner ? mail.html.replace(/<body([^>]*)>/i, (tag) => tag + banner) : mail.html
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      // The mail is sanitised already; this keeps any script from running even so.
      'Content-Security-Policy': "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'",
      'Cache-Control': 'no-store',
    },
  })
}
