import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { LanguageSchema } from '~/lib/validation'
import { captionFile } from '~/services/captions.server'
import { getEventBySlug } from '~/services/events.server'

/** A recording's caption track (WebVTT) in one language, for the player's <track>. */
export async function loader({ params }: LoaderFunctionArgs) {
  const db = getDb()
  const language = LanguageSchema.safeParse(params.language)
  const event = getEventBySlug(db, { slug: params.slug ?? '', kind: 'webinar' })
  const vtt = event && language.success ? captionFile(db, event.id, language.data) : null
  if (vtt === null) throw new Response('Not found', { status: 404 })
  return new Response(vtt, {
    headers: {
      'Content-Type': 'text/vtt; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
