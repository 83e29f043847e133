import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { baseUrl } from '~/guards.server'
import { buildCalendar } from '~/services/calendar.server'
import { getEventBySlug } from '~/services/events.server'
import { calendarEventFor, getOwnRegistration } from '~/services/registrations.server'
import { getViewer } from '~/viewer.server'

/** The webinar as an .ics file; a registered participant's carries their channel. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const { person, language } = await getViewer(request)
  const event = getEventBySlug(db, { slug: params.slug ?? '', kind: 'webinar' })
  if (!event) throw new Response('Not found', { status: 404 })
  const registration = person ? getOwnRegistration(db, event.id, person.id) : undefined
  const channel = registration && registration.status !== 'cancelled' ? registration.channelLanguage : null
  const calendarEvent = calendarEventFor(
    db,
    { eventId: event.id, language, channelLanguage: channel },
    { baseUrl: baseUrl() },
  )!
  const body = buildCalendar({ events: [calendarEvent], language, method: 'PUBLISH' })
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${params.slug}.ics"`,
      'Cache-Control': person ? 'private, no-cache' : 'public, max-age=300',
    },
  })
}
