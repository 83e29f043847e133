/**
 * `npm run staff:create -- --email ana@example.org [--name "Ana Pérez"] [--language es]
 * [--time-zone America/Montevideo]`: the first staff account of a deployment (or another
 * one). Opens DATABASE_PATH (creating and migrating it if needed), makes the person staff,
 * queues a mail with a one-time link to choose a password (sent by the running server's
 * worker, or at its next start) and prints the same link. Links come from APP_URL.
 */
import './runtime-check'

import { parseArgs } from 'node:util'

import { z } from 'zod'

import { DatabaseOpenError, getDb } from '#db/client'
import { config, ConfigError } from '~/config.server'
import { EmailSchema, LanguageSchema, NameSchema, TimeZoneSchema } from '~/lib/validation'
import { createStaff } from '~/services/staff-accounts.server'

function fail(line: string): never {
  console.error(line)
  process.exit(1)
}

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    language: { type: 'string', default: 'en' },
    'time-zone': { type: 'string', default: 'UTC' },
  },
  strict: true,
})

const Args = z.object({
  email: EmailSchema,
  name: NameSchema,
  language: LanguageSchema,
  timeZone: TimeZoneSchema,
})
const parsed = Args.safeParse({
  email: values.email ?? '',
  name: values.name ?? values.email?.split('@')[0] ?? '',
  language: values.language,
  timeZone: values['time-zone'],
})
if (!parsed.success) {
  const field = parsed.error.issues[0]?.path.join('.') ?? 'email'
  fail(
    `Usage: npm run staff:create -- --email person@example.org [--name "Full Name"] [--language en|fr|es] [--time-zone Area/City]` +
      ` (the ${field} given is not usable).`,
  )
}

let baseUrl: string
try {
  baseUrl = config().baseUrl
  if (!config().appUrlSet) console.warn(`APP_URL is not set: the link points to ${baseUrl}.`)
} catch (error) {
  if (error instanceof ConfigError) fail(`Configuration error: ${error.message}.`)
  throw error
}
let db: ReturnType<typeof getDb>
try {
  db = getDb()
} catch (error) {
  if (error instanceof DatabaseOpenError) fail(error.message)
  throw error
}
const result = createStaff(db, parsed.data, { baseUrl })
if (result.status === 'promoted') {
  console.log(`${parsed.data.email} is staff now. They already have a password: they sign in at ${baseUrl}/login.`)
} else {
  console.log(
    `${parsed.data.email} ${result.created ? 'was created as' : 'is now'} staff. A mail with this one-time link ` +
      `(valid 14 days) is queued; it is also yours to pass on:\n${result.link}`,
  )
}
db.$client.close()
