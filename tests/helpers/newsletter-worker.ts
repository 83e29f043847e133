/**
 * Child process for the crash test: a newsletter dispatcher on a shared
 * database file, sending until nothing is left (or until it is killed).
 */
import { sql } from 'drizzle-orm'
import nodemailer from 'nodemailer'

import { openDatabase } from '#db/client'
import { dispatchNewsletters } from '~/services/newsletters/dispatch.server'

const [file, port] = process.argv.slice(2)
const db = openDatabase(file)
const transport = nodemailer.createTransport({
  host: '127.0.0.1',
  port: Number(port),
  secure: false,
  ignoreTLS: true,
  pool: true,
  maxConnections: 5,
})

const left = () =>
  db.get<{ n: number }>(sql`select count(*) as n from deliveries where status in ('queued', 'sending')`).n
while (left() > 0) {
  await dispatchNewsletters(db, transport, {
    baseUrl: 'https://app.test',
    ratePerSecond: 0,
    concurrency: 10,
    batchSize: 100,
    lockMs: 1500,
  })
  await new Promise((resolve) => setTimeout(resolve, 100))
}
transport.close()
process.stdout.write('done')
