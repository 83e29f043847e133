/** The saved newsletter exactly as one reader would get it: by address, or by language and zone. */
import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import type { Reader } from '#emails/newsletter'
import { baseUrl, requireRole } from '~/guards.server'
import { isLanguage } from '~/i18n'
import { fixedT } from '~/i18n.server'
import { isTimeZone } from '~/lib/format'
import { idParam } from '~/lib/params.server'
import { interpretationChannelsOf, previewMail } from '~/services/newsletters/rendering.server'
import { findPersonIdByEmail, getPerson } from '~/services/people.server'
import { getViewer } from '~/viewer.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, 'staff')
  const viewer = await getViewer(request)
  const db = getDb()
  const id = idParam(params.id)
  const url = new URL(request.url)
  const email = url.searchParams.get('email')?.trim()
  let reader: Reader
  if (email) {
    const personId = findPersonIdByEmail(db, email)
    const person = personId ? getPerson(db, personId) : undefined
    if (!person) {
      return new Response(fixedT(viewer.language, 'staff')('newsletters.previewUnknownEmail', { email }), {
        status: 404,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      })
    }
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
  return new Response(mail.html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      // The mail is sanitised already; this keeps any script from running even so.
      'Content-Security-Policy': "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'",
      'Cache-Control': 'no-store',
    },
  })
}
