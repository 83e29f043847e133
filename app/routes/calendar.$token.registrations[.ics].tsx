import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client'
import { fixedT } from '~/i18n.server'
import { baseUrl } from '~/guards.server'
import { buildCalendar } from '~/services/calendar.server'
import { personalFeed } from '~/services/registrations.server'

/** A person's subscription feed; the unguessable token in the URL is the only credential. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const feed = personalFeed(getDb(), params.token ?? '', baseUrl(request))
  if (!feed) throw new Response('Not found', { status: 404 })
  const name = fixedT(feed.language, 'common')('calendar.feedName')
  return new Response(buildCalendar({ events: feed.events, language: feed.language, method: 'PUBLISH', name }), {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Cache-Control': 'private, max-age=300',
      'X-Robots-Tag': 'noindex',
      'Referrer-Policy': 'no-referrer',
    },
  })
}
