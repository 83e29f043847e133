import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { baseUrl } from '~/guards.server'
import { buildCalendar } from '~/services/calendar.server'
import { getEventBySlug } from '~/services/events.server'
import { calendarEventsFor } from '~/services/registrations.server'
import { programmeSessionIds } from '~/services/summits/programme.server'
import { getViewer } from '~/viewer.server'

/**
 * The whole programme (every session) as one calendar file, in the viewer's language with that language's
 * interpretation channel; `?session=<id>` gives one session.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const { language } = await getViewer(request)
  const summit = getEventBySlug(db, { slug: params.slug ?? '', kind: 'summit' })
  if (!summit) throw new Response('Not found', { status: 404 })
  let ids = programmeSessionIds(db, summit.id)
  const one = new URL(request.url).searchParams.get('session')
  if (one) {
    ids = ids.filter((id) => String(id) === one)
    if (ids.length === 0) throw new Response('Not found', { status: 404 })
  }
  const pageUrl = `${baseUrl().replace(/\/$/, '')}/summits/${summit.slug}`
  const sessions = calendarEventsFor(
    db,
    ids.map((eventId) => ({ eventId, channelLanguage: language })),
    language,
    baseUrl(),
  ).map((e) => ({ ...e, pageUrl }))
  const body = buildCalendar({ events: sessions, language, method: 'PUBLISH' })
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${summit.slug}${one ? `-session-${one}` : '-programme'}.ics"`,
      'Cache-Control': 'public, max-age=300',
      Vary: 'Cookie, Accept-Language',
    },
  })
}
