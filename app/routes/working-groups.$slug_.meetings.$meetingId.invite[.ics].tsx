import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { baseUrl } from '~/guards.server'
import { buildCalendar } from '~/services/calendar.server'
import { calendarEventFor } from '~/services/registrations.server'
import { meetingForInvite } from '~/services/working-group-meetings.server'
import { getViewer } from '~/viewer.server'

/** A group meeting as an .ics file; a member's carries their interpretation channel. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const { person, language } = await getViewer(request)
  const meetingId = /^[0-9]{1,9}$/.test(params.meetingId ?? '') ? Number(params.meetingId) : 0
  const found = meetingId ? meetingForInvite(db, String(params.slug ?? ''), meetingId, person?.id ?? null) : null
  if (!found) throw new Response('Not found', { status: 404 })
  const event = calendarEventFor(
    db,
    { eventId: found.eventId, language, channelLanguage: found.channelLanguage },
    { baseUrl: baseUrl() },
  )!
  // The call link is for the people invited; anyone else's file has the time and the page.
  if (!found.channelLanguage) event.platformUrl = null
  return new Response(buildCalendar({ events: [event], language, method: 'PUBLISH' }), {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="meeting-${meetingId}.ics"`,
      'Cache-Control': person ? 'private, no-cache' : 'public, max-age=300',
    },
  })
}
