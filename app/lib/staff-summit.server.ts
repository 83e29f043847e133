import type { Params } from '@remix-run/react'
import { getDb } from '#db/client'
import { requireRole } from '~/guards.server'
import { getSummit } from '~/services/summits/summit.server'
import { getViewer } from '~/viewer.server'
import { idParam } from './params.server'

/**
 * How every staff summit page and action starts: staff only (403 otherwise),
 * then the summit named by the address, or a 404.
 */
export async function staffSummit(request: Request, params: Params) {
  const staff = await requireRole(request, 'staff')
  const { language, timeZone } = await getViewer(request)
  const db = getDb()
  const id = idParam(params.id)
  const summit = getSummit(db, id, language)
  if (!summit) throw new Response('Not found', { status: 404 })
  return { staff, language, timeZone, db, id, summit }
}
