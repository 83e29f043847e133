import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'

import { getDb } from '#db/client'
import { listArchive } from '~/services/newsletters/archive.server'
import { getViewer } from '~/viewer.server'

/** An newsletter without a language goes to the viewer's version, else English. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await getViewer(request)
  const newsletter = listArchive(getDb()).find((i) => i.slug === params.slug)
  if (!newsletter) throw new Response('Not found', { status: 404 })
  const available = newsletter.versions.map((v) => v.language)
  const chosen = available.includes(language) ? language : available.includes('en') ? 'en' : available[0]
  if (!chosen) throw new Response('Not found', { status: 404 })
  return redirect(`/newsletters/${newsletter.slug}/${chosen}`)
}
