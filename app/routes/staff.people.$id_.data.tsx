import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'

import { getDb } from '#db/client'
import { readForm } from '~/lib/form.server'
import { idParam } from '~/lib/params.server'
import { personalDataZip } from '~/lib/personal-data-zip.server'
import { exportPersonalDataForStaff } from '~/services/people/privacy.server'
import { requireViewer } from '~/viewer.server'

/** Only a POST downloads (it is audited); a link followed by mistake goes back to the person's page. */
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/staff/people/${idParam(params.id)}`)
}

/**
 * Staff answer a subject-access request: the same zip the person gets at /profile/data, in
 * the person's language, and the export is on their timeline (who, when).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  await readForm(request) // one button: no fields, but the body must be a form
  const id = idParam(params.id)
  const tables = exportPersonalDataForStaff(getDb(), { personId: id }, { actorId: staff.id })
  if (!tables) throw new Response('Not found', { status: 404 })
  return personalDataZip(tables, `person-${id}-data-${new Date().toISOString().slice(0, 10)}.zip`)
}
