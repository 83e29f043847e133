/**
 * `npm start`: apply migrations, load the demo data into an empty database,
 * start the background worker, serve the built Remix app. One process is the
 * whole system (DESIGN.md).
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import compression from 'compression'
import express from 'express'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import { databasePath, getDb } from './db/client'
import { isEmpty, seed } from './db/seed'
import { startWorker } from './app/services/worker.server'
import { createTransportFromEnv } from './emails/transport.server'
import { publicPageCache } from './page-cache'

process.env.NODE_ENV ??= 'production'
const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '0.0.0.0'

const db = getDb() // opens DATABASE_PATH and applies migrations
if (isEmpty(db) && process.env.SEED !== 'none') {
  const started = Date.now()
  await seed(db)
  console.log(`Loaded the demo data into ${databasePath()} in ${Date.now() - started} ms`)
}

const worker =
  process.env.WORKER === 'off' ? null : startWorker(db, createTransportFromEnv(), { baseUrl: process.env.APP_URL ?? `http://localhost:${port}` })
if (!process.env.SMTP_URL) console.log('SMTP_URL is not set: mail stays in the outbox (staff: /staff/outbox).')

const buildFile = path.resolve('build/server/index.js')
if (!fs.existsSync(buildFile)) {
  console.error('No build found: run `npm run build` first (`npm start` does both).')
  process.exit(1)
}
const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild

const app = express()
app.disable('x-powered-by')
if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY)
app.use(compression())
// The client address for rate limits comes from the socket (or a trusted proxy), never from the request's own headers.
app.use((req, _res, next) => {
  req.headers['x-client-ip'] = req.ip ?? req.socket.remoteAddress ?? 'unknown'
  next()
})
app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
app.use(express.static('build/client', { maxAge: '1h' }))
app.use(publicPageCache())
app.all('*', createRequestHandler({ build, mode: process.env.NODE_ENV }))

const server = app.listen(port, host, () => {
  console.log(`At-Large Program Manager on http://localhost:${port} (database: ${databasePath()})`)
})

async function shutdown() {
  server.close()
  await worker?.stop()
  db.$client.close()
  process.exit(0)
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
