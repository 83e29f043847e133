/**
 * `npm run bench:newsletter`: 20,000 readers in three languages and ten zones get
 * one issue with both schedule blocks, through the real dispatcher, to an
 * smtp-server sink on 127.0.0.1. The same number of pre-rendered messages then go
 * (built whole by nodemailer's composer before the clock starts) through a bare
 * pooled nodemailer transport to the same sink: the limit. The two alternate for ROUNDS
 * rounds (2; 1 at smoke size) and the best round of each is reported: the machine is
 * shared, and a neighbour's burst during one round would otherwise decide the ratio.
 * Last line:
 * {"messages","seconds","messages_per_s","signed_messages_per_s","baseline_messages_per_s","ratio","duplicates",
 * "missing","peak_rss_mb"}. The signed rounds sign every message with a DKIM key (RSA-2048), as
 * DKIM_* settings do in production.
 */
import { fork } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { sql } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import MailComposer from 'nodemailer/lib/mail-composer'

import { saveAudience } from '~/services/newsletters/audiences.server'
import { dispatchNewsletters } from '~/services/newsletters/dispatch.server'
import { saveNewsletter, startSending } from '~/services/newsletters/newsletter.server'
import { loadBlockData, unsubscribeUrl, versionTexts } from '~/services/newsletters/rendering.server'

import { mailFrom } from '../app/services/outbox.server'
import { openDatabase } from '../db/client'
import * as s from '../db/schema'
import { NEWSLETTER } from '../db/seed-data'
import { chooseVersion, renderNewsletterMail } from '../emails/newsletter'
import { DKIM_SIGNED_HEADERS } from '../emails/transport.server'
import { size } from './size'

const RECIPIENTS = Number(process.env.RECIPIENTS ?? size(20_000, 300))
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 5)
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 20)
const ROUNDS = Number(process.env.ROUNDS ?? size(2, 1))
const baseUrl = 'https://atlarge.example.org'
const ZONES = [
  'Europe/Paris',
  'America/Argentina/Buenos_Aires',
  'Australia/Sydney',
  'Africa/Nairobi',
  'Asia/Kolkata',
  'America/New_York',
  'Europe/London',
  'Asia/Tokyo',
  'America/Bogota',
  'Africa/Dakar',
]
const LANGS = ['en', 'fr', 'es'] as const

// ─── Data set ───────────────────────────────────────────────────────────
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-newsletter-'))
const db = openDatabase(path.join(dir, 'app.db'))
db.insert(s.regions)
  .values(s.REGION_CODES.map((code) => ({ code, name: code })))
  .run()
const day = 86400_000
const now = Date.now()
db.transaction((tx) => {
  for (let w = 0; w < 6; w++) {
    const startsAt = new Date(now + (w < 3 ? (w + 1) * 14 : -(w - 2) * 21) * day)
    const id = tx
      .insert(s.events)
      .values({
        kind: 'webinar',
        slug: `webinar-${w}`,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 5400_000),
        platformName: 'Zoom',
        platformUrl: `https://participate.example.org/w${w}`,
        status: w < 3 ? 'scheduled' : 'completed',
      })
      .returning({ id: s.events.id })
      .get().id
    for (const language of LANGS) {
      tx.insert(s.eventTranslations)
        .values({ eventId: id, language, title: `Webinar ${w} (${language})` })
        .run()
      tx.insert(s.interpretationChannels)
        .values({
          eventId: id,
          language,
          conferenceId: String(1638 + 100 * LANGS.indexOf(language)),
          dialInNumbers: '+44 20 3478 5289',
        })
        .run()
      if (w >= 3)
        tx.insert(s.materials)
          .values({
            eventId: id,
            language,
            kind: 'recording',
            title: `Recording ${w}`,
            url: `https://community.example.org/w${w}/${language}`,
          })
          .run()
    }
  }
  for (let i = 0; i < RECIPIENTS; i += 500) {
    tx.insert(s.people)
      .values(
        Array.from({ length: Math.min(500, RECIPIENTS - i) }, (_, k) => {
          const n = i + k
          return {
            email: `reader${n}@example.net`,
            name: `Reader ${n}`,
            preferredLanguage: LANGS[n % 3],
            timeZone: ZONES[n % ZONES.length],
            regionCode: s.REGION_CODES[n % 5],
            unsubscribeToken: `tok${String(n).padStart(24, '0')}`,
          }
        }),
      )
      .run()
  }
})
const staffId = db
  .insert(s.people)
  .values({ email: 'staff@example.org', name: 'Staff', newsletterOptOutAt: new Date() })
  .returning()
  .get().id
const audienceId = saveAudience(db, { name: 'Everyone', criteria: {} }, { actorId: staffId })
/** One issue to send per dispatcher round (each round queues every reader again). */
function newIssue(round: number): number {
  const saved = saveNewsletter(
    db,
    {
      id: null,
      newsletter: {
        slug: `bench-${round}`,
        audienceId,
        versions: Object.fromEntries(
          LANGS.map((l) => [
            l,
            {
              subject: NEWSLETTER[l].subject,
              preheader: NEWSLETTER[l].preheader,
              bodyMarkdown: NEWSLETTER[l].body,
              complete: true,
            },
          ]),
        ),
      },
    },
    { actorId: staffId },
  )
  if (!saved.ok) throw new Error(saved.error)
  return saved.id
}

// ─── Sink ───────────────────────────────────────────────────────────────
const sink = fork(path.join(import.meta.dirname, 'smtp-sink.ts'), { execArgv: ['--import', 'tsx'] })
const ask = <T>(message: object) =>
  new Promise<T>((resolve) => {
    sink.once('message', (m) => resolve(m as T))
    sink.send(message)
  })
const { port } = await new Promise<{ port: number }>((resolve) =>
  sink.once('message', (m) => resolve(m as { port: number })),
)
// A DKIM key made for the run: the signed rounds sign every message as DKIM_* would in production.
const dkimKey = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey
const transport = (signed = false) =>
  nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: CONNECTIONS,
    maxMessages: Infinity,
    ...(signed
      ? {
          dkim: {
            domainName: 'example.org',
            keySelector: 'bench',
            privateKey: dkimKey,
            headerFieldNames: DKIM_SIGNED_HEADERS,
          },
        }
      : {}),
  })

let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20)

const issues = Array.from({ length: ROUNDS * 2 }, (_, r) => newIssue(r))

// ─── The dispatcher ─────────────────────────────────────────────────────
const left = () =>
  db.get<{ n: number }>(sql`select count(*) as n from deliveries where status in ('queued', 'sending')`).n
async function dispatcherRound(round: number, signed = false) {
  await ask({ type: 'reset' })
  const issue = issues[round]
  const dispatcherTransport = transport(signed)
  const t0 = performance.now()
  const started = startSending(db, issue, staffId)
  if (!started.ok) throw new Error(started.error)
  while (left() > 0) {
    await dispatchNewsletters(db, dispatcherTransport, {
      baseUrl,
      ratePerSecond: 0,
      concurrency: IN_FLIGHT,
      batchSize: 1000,
      budgetMs: 600_000,
    })
  }
  const seconds = (performance.now() - t0) / 1000
  dispatcherTransport.close()
  const { counts } = await ask<{ counts: Record<string, number> }>({ type: 'counts' })
  const failed = db.get<{ n: number }>(
    sql`select count(*) as n from deliveries d join newsletters n on n.id = d.newsletter_id where n.slug = ${`bench-${round}`} and d.status <> 'sent'`,
  ).n
  return {
    seconds,
    failed,
    duplicates: Object.values(counts).filter((n) => n > 1).length,
    missing: RECIPIENTS - Object.keys(counts).length,
  }
}

// ─── The limit: the same messages, pre-rendered, through bare nodemailer ─
const versions = versionTexts(
  db
    .select()
    .from(s.newsletterVersions)
    .where(sql`${s.newsletterVersions.newsletterId} = ${issues[0]}`)
    .all(),
)
const blocks = loadBlockData(db, new Date())
const cache = new Map<string, ReturnType<typeof renderNewsletterMail>>()
const readers = db
  .select({
    email: s.people.email,
    language: s.people.preferredLanguage,
    timeZone: s.people.timeZone,
    token: s.people.unsubscribeToken,
  })
  .from(s.people)
  .where(sql`${s.people.newsletterOptOutAt} is null`)
  .all()
const envelopeFrom = mailFrom().match(/<([^>]+)>/)?.[1] ?? mailFrom()
const p0 = performance.now()
const messages: { envelope: { from: string; to: string[] }; raw: Buffer }[] = []
for (const r of readers) {
  const key = `${r.language}|${r.timeZone}`
  let mail = cache.get(key)
  if (!mail) {
    mail = renderNewsletterMail({
      chosen: chooseVersion(versions, r.language)!,
      reader: { language: r.language, timeZone: r.timeZone },
      blocks,
      links: { unsubscribeUrl: '%%U%%', archiveUrl: `${baseUrl}/newsletters/bench/${r.language}` },
      baseUrl,
    })
    cache.set(key, mail)
  }
  const link = unsubscribeUrl(baseUrl, r.token!)
  // Each message built whole by nodemailer's own composer, before the clock starts.
  const raw = await new MailComposer({
    from: mailFrom(),
    to: r.email,
    subject: mail.subject,
    html: mail.html.replaceAll('%%U%%', link),
    text: mail.text.replaceAll('%%U%%', link),
    textEncoding: 'quoted-printable',
    headers: {
      'List-Unsubscribe': `<${link}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': 'At-Large newsletter <newsletter.example.org>',
    },
  })
    .compile()
    .build()
  messages.push({ envelope: { from: envelopeFrom, to: [r.email] }, raw })
}
const prepareSeconds = (performance.now() - p0) / 1000

async function baselineRound() {
  await ask({ type: 'reset' })
  const bare = transport()
  const b0 = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < messages.length) await bare.sendMail(messages[next++])
    }),
  )
  const seconds = (performance.now() - b0) / 1000
  bare.close()
  const { counts } = await ask<{ counts: Record<string, number> }>({ type: 'counts' })
  return { seconds, received: Object.keys(counts).length }
}

// ─── Rounds, alternating, best of each (the machine is shared: a neighbour's burst slows one round) ─
const dispatcherRounds: Awaited<ReturnType<typeof dispatcherRound>>[] = []
const signedRounds: Awaited<ReturnType<typeof dispatcherRound>>[] = []
const baselineRounds: Awaited<ReturnType<typeof baselineRound>>[] = []
for (let r = 0; r < ROUNDS; r++) {
  dispatcherRounds.push(await dispatcherRound(r))
  signedRounds.push(await dispatcherRound(ROUNDS + r, true))
  baselineRounds.push(await baselineRound())
}
clearInterval(sampler)
sink.send({ type: 'stop' })

const seconds = Math.min(...dispatcherRounds.map((r) => r.seconds))
const baselineSeconds = Math.min(...baselineRounds.map((r) => r.seconds))
const all = [...dispatcherRounds, ...signedRounds]
const failed = Math.max(...all.map((r) => r.failed))
const duplicates = Math.max(...all.map((r) => r.duplicates))
const missing = Math.max(...all.map((r) => r.missing))
const messagesPerS = RECIPIENTS / seconds
const signedSeconds = Math.min(...signedRounds.map((r) => r.seconds))
const signedPerS = RECIPIENTS / signedSeconds
const baselinePerS = messages.length / baselineSeconds
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d
const each = (list: { seconds: number }[], n: number) => list.map((r) => round(n / r.seconds)).join(', ')
const rows: [string, string][] = [
  ['recipients (3 languages, 10 zones)', String(RECIPIENTS)],
  [`rounds (alternating; best of each below)`, String(ROUNDS)],
  ['dispatcher: messages/s in each round', each(dispatcherRounds, RECIPIENTS)],
  ['dispatcher: seconds (queue + render + send + record)', round(seconds, 2).toString()],
  ['dispatcher: messages/s', round(messagesPerS).toString()],
  ['dispatcher, DKIM-signed (RSA-2048): messages/s in each round', each(signedRounds, RECIPIENTS)],
  ['dispatcher, DKIM-signed: messages/s', round(signedPerS).toString()],
  ['baseline: building the messages beforehand (not timed)', `${round(prepareSeconds, 1)} s`],
  ['bare nodemailer pool: messages/s in each round', each(baselineRounds, messages.length)],
  ['bare nodemailer pool, pre-built messages: seconds', round(baselineSeconds, 2).toString()],
  ['bare nodemailer pool, pre-built messages: messages/s', round(baselinePerS).toString()],
  ['ratio', round(messagesPerS / baselinePerS, 3).toString()],
  ['deliveries not sent', String(failed)],
  ['duplicates / missing', `${duplicates} / ${missing}`],
  ['baseline received', String(Math.min(...baselineRounds.map((r) => r.received)))],
  ['distinct renderings (language × zone)', String(cache.size)],
  ['peak RSS (MB)', round(peakRss / 1048576).toString()],
]
const width = Math.max(...rows.map((r) => r[0].length))
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`)
fs.rmSync(dir, { recursive: true, force: true })
console.log(
  JSON.stringify({
    messages: RECIPIENTS,
    seconds: round(seconds, 2),
    messages_per_s: round(messagesPerS),
    signed_messages_per_s: round(signedPerS),
    baseline_messages_per_s: round(baselinePerS),
    ratio: round(messagesPerS / baselinePerS, 3),
    duplicates,
    missing,
    peak_rss_mb: round(peakRss / 1048576),
  }),
)
