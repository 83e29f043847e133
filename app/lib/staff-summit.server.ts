import type { Params } from '@remix-run/react'

import { getDb } from '#db/client'
import { getSummit } from '~/services/summits/summit.server'
import { requireViewer } from '~/viewer.server'

import { idParam } from './params.server'

/**
 * How every staff summit page and action starts: staff only (403 otherwise),
 * then the summit named by the address, or a 404.
 */
export async function staffSummit(request: Request, params: Params) {
  const { person: staff, language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const id = idParam(params.id)
  const summit = getSummit(db, id, language)
  if (!summit) throw new Response('Not found', { status: 404 })
  return { staff, language, timeZone, db, id, summit }
}
