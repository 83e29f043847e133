import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { requirePerson } from '~/guards.server'
import { personalDataZip } from '~/lib/personal-data-zip.server'
import { personalData } from '~/services/people/privacy.server'

/**
 * "Download my data": a zip with everything the program holds about the signed-in person,
 * as one JSON file and a CSV per table (in their language where a title has translations).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const person = await requirePerson(request)
  const tables = personalData(getDb(), person.id, person.preferredLanguage)
  return personalDataZip(tables, `my-data-${new Date().toISOString().slice(0, 10)}.zip`)
}
