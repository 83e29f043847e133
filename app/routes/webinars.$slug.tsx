import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client'
import { EventDetail } from '~/components/EventDetail'
import { getEventDetail } from '~/services/events.server'
import { getViewer } from '~/viewer.server'
import { pageTitle } from '~/lib/meta'

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, null, data?.event.title)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await getViewer(request)
  const event = getEventDetail(getDb(), params.slug ?? '', language)
  if (!event || event.kind === 'summit') throw new Response('Not found', { status: 404 })
  return { event, language, timeZone }
}

export default function WebinarPage() {
  const { event, language, timeZone } = useLoaderData<typeof loader>()
  return <EventDetail event={event} language={language} timeZone={timeZone} />
}
