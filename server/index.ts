/**
 * `npm start` (after the build): check the configuration, open and migrate the
 * database, load the demo data into an empty one, start the background worker, and
 * serve the built Remix app with Express. One process is the whole system.
 * See docs/architecture.md.
 */
// First: an older Node.js ends the start here with one line.
import './runtime-check'

import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

import type { ServerBuild } from '@remix-run/node'

import type { DB } from '#db/client'
import { type Config, config as readConfig, ConfigError } from '~/config.server'

import { routerPatched } from './runtime-check'

process.env.NODE_ENV ??= 'production'

/** Configuration and database problems end the start with one line a person can act on, and exit code 1. */
function fail(line: string): never {
  console.error(line)
  process.exit(1)
}

let config: Config
try {
  config = readConfig()
} catch (error) {
  if (error instanceof ConfigError) fail(`Configuration error: ${error.message}.`)
  throw error
}

if (!routerPatched()) {
  console.warn(
    'Warning: the install skipped patches/ (npm ci --ignore-scripts?): run `npx patch-package` so route matching stays fast.',
  )
}

// Everything else is loaded once the configuration is known to be usable (some modules read it as they load).
const { DatabaseOpenError, explainDataFolderFailure, getDb } = await import('#db/client')
const { sessionSecret } = await import('~/auth-session.server')
const { markServerRunning, markServerStopped } = await import('#db/server-lock')
const { DEMO_ACCOUNTS, DEMO_PASSWORD, isEmpty, seed } = await import('#db/seed')
const { ensureReferenceData } = await import('#db/reference')
const { demoAccountsStillOpen, hasStaff } = await import('~/services/staff-accounts.server')
const { default: compression } = await import('compression')
const { default: express } = await import('express')
const { createRequestHandler } = await import('@remix-run/express')
const { publicPageCache } = await import('./page-cache')
const { bodyLimits, cspNonce, formBodiesOnly, forwardedHeaders, sameOriginForms, securityHeaders } =
  await import('./security')
const { startServerWorker } = await import('./worker')
const { SYNC_BUSY_TIMEOUT_MS, writeGate } = await import('./write-gate')

let db: DB
try {
  db = getDb() // opens DATABASE_PATH and applies the migrations
} catch (error) {
  if (error instanceof DatabaseOpenError) fail(error.message)
  throw error
}
// Statements never hold the event loop long for another process's lock: writes wait for it
// asynchronously in the write gate (DB_BUSY_TIMEOUT_MS) before they run.
db.$client.pragma(`busy_timeout = ${Math.min(SYNC_BUSY_TIMEOUT_MS, config.busyTimeoutMs)}`)
try {
  markServerRunning(config.databasePath)
  sessionSecret() // generated and kept beside the database on the first start, unless SESSION_SECRET is set
  ensureReferenceData(db) // the five regions and the accreditation checklist: every deployment has them
} catch (error) {
  const explained = explainDataFolderFailure(config.databasePath, error)
  if (explained instanceof DatabaseOpenError) fail(explained.message)
  throw error
}

// Demo data only when asked for (`npm start` passes --demo), and never quietly on a public address.
const publicAddress = config.origin.startsWith('https://')
if (process.argv.includes('--demo') && isEmpty(db)) {
  if (publicAddress && !config.allowDemoAccounts)
    fail(
      `APP_URL is https (${config.origin}): the demo data and its published passwords are not loaded on a public address. ` +
        'Start without --demo (`npm run serve`), or set ALLOW_DEMO_ACCOUNTS=1 for a public demo server.',
    )
  const started = Date.now()
  await seed(db)
  console.log(`Loaded the demo data into ${config.databasePath} in ${Date.now() - started} ms`)
}
if (publicAddress && !config.allowDemoAccounts) {
  const open = await demoAccountsStillOpen(db, { emails: Object.values(DEMO_ACCOUNTS), password: DEMO_PASSWORD })
  if (open.length)
    fail(
      `The demo accounts (${open.join(', ')}) still have the password the README publishes, and APP_URL is https: ` +
        'not serving them on a public address. Start from an empty database and create the first staff account with ' +
        '`npm run staff:create -- --email you@example.org`, or set ALLOW_DEMO_ACCOUNTS=1 for a public demo server.',
    )
}
if (!hasStaff(db))
  console.log(
    'No staff account yet: create the first with `npm run staff:create -- --email you@example.org` ' +
      '(it mails and prints a one-time link to choose a password).',
  )

if (!config.appUrlSet) {
  console.warn(
    `APP_URL is not set: links in mail and calendar files point to ${config.baseUrl} until it is set to the public address.`,
  )
}
if (!config.smtpUrl) console.log('SMTP_URL is not set: mail stays in the outbox (staff: /staff/outbox).')

const worker = config.worker ? startServerWorker(db, config) : null
// Late bounces and complaints, when a bounce domain and port are configured.
let bounceListener: { port: number; close: () => Promise<void> } | null = null
if (config.bounceSmtpPort > 0) {
  if (!config.bounceDomain) fail('BOUNCE_SMTP_PORT needs BOUNCE_DOMAIN: the domain of the return paths it accepts.')
  const { startBounceListener } = await import('./bounce-listener')
  bounceListener = await startBounceListener(db, {
    port: config.bounceSmtpPort,
    host: config.host,
    domain: config.bounceDomain!,
  })
  console.log(`Bounces and complaints accepted on SMTP port ${bounceListener.port} for ${config.bounceDomain}.`)
}

const buildFile = path.resolve('build/server/index.js')
if (!fs.existsSync(buildFile)) fail('No build found: run `npm run build` first (`npm start` does both).')
const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild

const app = express()
app.disable('x-powered-by')
if (config.trustProxy) app.set('trust proxy', config.trustProxy)
app.use(forwardedHeaders(config))
app.use(securityHeaders(config))
app.use(compression())
app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
// The few files the build puts beside assets/ (the favicon): looked up by name, so a page
// request costs no file-system lookup (a failed stat per request was 10% of a page's time).
const rootFiles = new Set(fs.readdirSync('build/client').filter((name) => name !== 'assets'))
const serveRootFile = express.static('build/client', { maxAge: '1h', index: false })
app.use((req, res, next) => (rootFiles.has(req.path.slice(1)) ? serveRootFile(req, res, next) : next()))
app.use(sameOriginForms(config))
app.use(bodyLimits())
app.use(formBodiesOnly())
app.use(writeGate(db, { budgetMs: config.busyTimeoutMs }))
app.use(cspNonce())
app.use(publicPageCache({ seconds: config.pageCacheSeconds, origin: config.origin }))
app.all(
  '*',
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
  }),
)

const server = app.listen(config.port, config.host, () => {
  console.log(`At-Large Program Manager on http://localhost:${config.port} (database: ${config.databasePath})`)
})

let stopping = false
async function shutdown() {
  if (stopping) return
  stopping = true
  server.close()
  await bounceListener?.close()
  await worker?.stop()
  db.$client.close()
  markServerStopped(config.databasePath)
  process.exit(0)
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
