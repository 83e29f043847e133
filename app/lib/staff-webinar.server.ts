/** The webinar a staff sub-page (booths, prep pack, forecast) is about, or a 404. */
import { getDb } from '#db/client'
import type { Language } from '#db/domain'
import { getWebinarForEdit } from '~/services/webinars-admin.server'

export function staffWebinar(id: number, language: Language = 'en') {
  const webinar = getWebinarForEdit(getDb(), id)
  if (!webinar) throw new Response('Not found', { status: 404 })
  const { texts, event } = webinar
  const title =
    (texts.find((t) => t.language === language) ?? texts.find((t) => t.language === 'en'))?.title ?? event.slug
  return { ...webinar, title }
}
