import { and, eq, isNull } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import { NEWSLETTER } from '#db/seed-data'
import * as prefsRoute from '~/routes/newsletter.unsubscribe.$token'
import * as profileRoute from '~/routes/profile'
import * as listsRoute from '~/routes/staff.newsletters.lists'
import * as personRoute from '~/routes/staff.people.$id'
import { requestPasswordReset } from '~/services/auth.server'
import { saveAudience } from '~/services/newsletters/audiences.server'
import { previousMonth, queueMonthlyDigests, summaryOf } from '~/services/newsletters/digest.server'
import { listNewslettersForStaff, saveNewsletter, startSending } from '~/services/newsletters/newsletter.server'
import { createPerson } from '~/services/people.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

const baseUrl = 'http://app.test'
let db: DB
let staff: string
let staffId: number
const list = (slug: string) => db.select().from(s.mailingLists).where(eq(s.mailingLists.slug, slug)).get()!
const personBy = (email: string) => db.select().from(s.people).where(eq(s.people.email, email)).get()!
const openLists = (personId: number) =>
  db
    .select({ listId: s.listSubscriptions.listId })
    .from(s.listSubscriptions)
    .where(and(eq(s.listSubscriptions.personId, personId), isNull(s.listSubscriptions.unsubscribedAt)))
    .all()
    .map((r) => r.listId)
    .sort()

/** A complete newsletter (the seed's text) to these lists, narrowed by an audience if given; sent at `at`. */
function sendToLists(slug: string, listIds: number[], at: Date, audienceId: number | null = null) {
  const saved = saveNewsletter(
    db,
    {
      id: null,
      newsletter: {
        slug,
        audienceId,
        listIds,
        versions: Object.fromEntries(
          s.LANGUAGES.map((l) => [
            l,
            {
              subject: `${NEWSLETTER[l].subject} (${slug})`,
              preheader: l === 'es' ? `Resumen ${slug}` : '',
              bodyMarkdown: NEWSLETTER[l].body,
              complete: true,
            },
          ]),
        ),
      },
    },
    { actorId: staffId, now: at },
  )
  if (!saved.ok) throw new Error(saved.error)
  const started = startSending(db, saved.id, staffId, at)
  if (!started.ok) throw new Error(started.error)
  return { id: saved.id, recipients: queuedTo(saved.id) }
}
const queuedTo = (newsletterId: number) =>
  new Set(
    db
      .select({ personId: s.deliveries.personId })
      .from(s.deliveries)
      .where(eq(s.deliveries.newsletterId, newsletterId))
      .all()
      .map((d) => d.personId),
  )

/** Three new readers in their own structure, all on "Summit news" and their region's news (EURALO). */
let readers: { es: number; fr: number; en: number }
let structureId: number

// Each test starts from untouched demo data (a copy of one seeding per file) and its three readers.
beforeEach(async () => {
  db = await seededDb({ participants: 20 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  staffId = personBy(DEMO_ACCOUNTS.staff).id
  structureId = db
    .insert(s.structures)
    .values({ name: 'Readers of lists', regionCode: 'EURALO', country: 'ES' })
    .returning()
    .get().id
  const make = (email: string, language: s.Language) =>
    createPerson(db, {
      email,
      name: email.split('@')[0],
      passwordHash: null,
      preferredLanguage: language,
      timeZone: 'Europe/Madrid',
      structureId,
      regionCode: 'EURALO',
    })
  readers = {
    es: make('lectora@example.com', 'es'),
    fr: make('lecteur@example.com', 'fr'),
    en: make('reader@example.com', 'en'),
  }
  const { subscribe } = await import('~/services/newsletters/lists.server')
  for (const [language, id] of Object.entries(readers))
    subscribe(
      db,
      id,
      [list('summit-news').id, list('regional-news-euralo').id],
      language as s.Language,
      new Date('2026-01-01'),
    )
})

const prefsPath = (personId: number, n?: number) =>
  `/newsletter/unsubscribe/${db.select().from(s.people).where(eq(s.people.id, personId)).get()!.unsubscribeToken}${n ? `?n=${n}` : ''}`
const tokenOf = (personId: number) =>
  db.select().from(s.people).where(eq(s.people.id, personId)).get()!.unsubscribeToken!

describe('topic lists (staff)', () => {
  it('creates a list with a name and description per language, refuses a taken address and a missing English name', async () => {
    const fields = {
      name_en: 'Policy <b>alerts</b>',
      name_fr: 'Alertes politiques',
      name_es: '',
      description_en: 'Public comments closing soon.',
      description_fr: 'Consultations publiques qui se terminent bientôt.',
      description_es: '',
      regionCode: '',
    }
    const created = await run(listsRoute.action, formRequest('/staff/newsletters/lists', fields, { cookie: staff }))
    expect(statusOf(created)).toBe(303)
    const row = list('policy-b-alerts-b')
    expect(row.name).toEqual({ en: 'Policy <b>alerts</b>', fr: 'Alertes politiques', es: '' })
    // Taken address: 409 with a translated error; nothing else stored.
    const before = db.select().from(s.mailingLists).all().length
    const clash = await run(
      listsRoute.action,
      formRequest('/staff/newsletters/lists', { ...fields, slug: 'summit-news' }, { cookie: staff }),
    )
    expect(statusOf(clash)).toBe(409)
    expect(dataOf<{ errors: { slug: string[] } }>(clash).errors.slug).toEqual(['errors.newsletter.listSlugTaken'])
    const missing = await run(
      listsRoute.action,
      formRequest('/staff/newsletters/lists', { ...fields, name_en: '' }, { cookie: staff }),
    )
    expect(statusOf(missing)).toBe(400)
    expect(db.select().from(s.mailingLists).all()).toHaveLength(before)
    // The page lists it (Spanish falls back to English) with its subscriber count.
    const page = dataOf<{ lists: { slug: string; label: string; missing: string[]; subscribers: number }[] }>(
      await run(listsRoute.loader, getRequest('/staff/newsletters/lists', { cookie: staff })),
    )
    expect(page.lists.find((l) => l.slug === 'policy-b-alerts-b')).toMatchObject({ missing: ['es'], subscribers: 0 })
    expect(page.lists.find((l) => l.slug === 'summit-news')!.subscribers).toBeGreaterThan(3)
    // Only staff.
    const participant = await cookieFor(DEMO_ACCOUNTS.participant)
    expect(
      statusOf(await run(listsRoute.action, formRequest('/staff/newsletters/lists', fields, { cookie: participant }))),
    ).toBe(403)
  })
})

describe('a newsletter to lists and the preference page', () => {
  it('goes to the lists’ subscribers narrowed by the audience, and the next send follows the preference page', async () => {
    const audienceId = saveAudience(
      db,
      { name: 'Readers', criteria: { structureIds: [structureId] } },
      { actorId: staffId },
    )
    const first = sendToLists(
      'lists-1',
      [list('summit-news').id, list('regional-news-euralo').id],
      new Date(),
      audienceId,
    )
    // Each reader once, though on both lists; nobody outside the audience.
    expect(first.recipients).toEqual(new Set([readers.es, readers.fr, readers.en]))
    expect(db.select().from(s.deliveries).where(eq(s.deliveries.newsletterId, first.id)).all()).toHaveLength(3)
    // The staff list of newsletters names its lists beside the audience.
    const row = listNewslettersForStaff(db).find((n) => n.id === first.id)!
    expect(row.lists.map((l) => l.en)).toEqual(['Summit news', 'Regional news — EURALO'])
    expect(row.audienceName).toBe('Readers')

    // The Spanish reader leaves Regional news and keeps Summit news; the French one picks the digest.
    const spanish = await run(
      prefsRoute.action,
      formRequest(prefsPath(readers.es), { intent: 'save', frequency: 'each', list: String(list('summit-news').id) }),
      { token: tokenOf(readers.es) },
    )
    expect(statusOf(spanish)).toBe(303)
    expect(openLists(readers.es)).toEqual([list('summit-news').id])
    const french = new URLSearchParams()
    french.set('intent', 'save')
    french.set('frequency', 'digest')
    french.append('list', String(list('summit-news').id))
    french.append('list', String(list('regional-news-euralo').id))
    const frRes = (await run(
      prefsRoute.action,
      new Request(`http://localhost${prefsPath(readers.fr)}`, { method: 'POST', body: french }),
      { token: tokenOf(readers.fr) },
    )) as Response
    expect(frRes.status).toBe(303)

    const regional = sendToLists('lists-2', [list('regional-news-euralo').id], new Date(), audienceId)
    expect(regional.recipients).toEqual(new Set([readers.en]))
    const summit = sendToLists('lists-3', [list('summit-news').id], new Date(), audienceId)
    expect(summit.recipients).toEqual(new Set([readers.es, readers.en]))

    // The consent is the wording shown, in the reader's language.
    const consent = db
      .select()
      .from(s.listSubscriptions)
      .where(and(eq(s.listSubscriptions.personId, readers.fr), eq(s.listSubscriptions.listId, list('summit-news').id)))
      .get()!
    expect(consent.language).toBe('fr')
    expect(consent.wording).toContain('Je souhaite recevoir « Actualités du sommet »')
    // The page shows the lists in the reader's language, ticked as saved.
    const page = dataOf<{ language: string; digest: boolean; lists: { name: string; subscribed: boolean }[] }>(
      await run(prefsRoute.loader, getRequest(prefsPath(readers.es)), { token: tokenOf(readers.es) }),
    )
    expect(page.language).toBe('es')
    expect(page.digest).toBe(false)
    expect(page.lists.filter((l) => l.subscribed).map((l) => l.name)).toEqual(['Noticias de la cumbre'])
    // A list ticked that does not exist, or no frequency: 400, nothing changed.
    const bad = await run(
      prefsRoute.action,
      formRequest(prefsPath(readers.es), { intent: 'save', frequency: 'weekly', list: 'x' }),
      { token: tokenOf(readers.es) },
    )
    expect(statusOf(bad)).toBe(400)
    expect(openLists(readers.es)).toEqual([list('summit-news').id])
  })

  it('one click from a mail leaves only the lists it was sent for; "all lists" leaves everything but transactional mail', async () => {
    const id = personBy('reader@example.com').id
    const sent = sendToLists('lists-4', [list('regional-news-euralo').id], new Date())
    expect(sent.recipients.has(id)).toBe(true)
    const oneClick = (await run(
      prefsRoute.action,
      formRequest(prefsPath(id, sent.id), { 'List-Unsubscribe': 'One-Click' }),
      { token: tokenOf(id) },
    )) as Response
    expect(oneClick.status).toBe(200)
    expect(openLists(id)).toEqual([list('summit-news').id])
    expect(personBy('reader@example.com').newsletterOptOutAt).toBeNull()
    // The page reached from that mail says which list it was for.
    const page = dataOf<{ lists: { name: string; sentFor: boolean; subscribed: boolean }[] }>(
      await run(prefsRoute.loader, getRequest(prefsPath(id, sent.id)), { token: tokenOf(id) }),
    )
    expect(page.lists.filter((l) => l.sentFor).map((l) => l.name)).toEqual(['Regional news — EURALO'])
    // "Unsubscribe from all lists": every list closed, the person out of every newsletter.
    const all = (await run(prefsRoute.action, formRequest(prefsPath(id), { intent: 'unsubscribe' }), {
      token: tokenOf(id),
    })) as Response
    expect(all.headers.get('Location')).toBe(`${prefsPath(id)}?done=unsubscribed`)
    expect(openLists(id)).toEqual([])
    expect(sendToLists('lists-5', [list('summit-news').id], new Date()).recipients.has(id)).toBe(false)
    // A password reset still reaches them.
    requestPasswordReset(db, { email: 'reader@example.com', ip: '192.0.2.7', baseUrl })
    expect(
      db
        .select()
        .from(s.outbox)
        .where(eq(s.outbox.toAddress, 'reader@example.com'))
        .all()
        .map((m) => m.kind),
    ).toContain('password-reset')
    // Ticking a list again subscribes again (a new consent).
    const back = await run(
      prefsRoute.action,
      formRequest(prefsPath(id), { intent: 'save', frequency: 'each', list: String(list('summit-news').id) }),
      { token: tokenOf(id) },
    )
    expect(statusOf(back)).toBe(303)
    expect(personBy('reader@example.com').newsletterOptOutAt).toBeNull()
    expect(openLists(id)).toEqual([list('summit-news').id])
  })
})

describe('where people and staff find the lists', () => {
  it('links a signed-in person to their preference page, and shows staff a person’s lists with the wording agreed to', async () => {
    // The Spanish reader left Regional news on the preference page.
    await run(
      prefsRoute.action,
      formRequest(prefsPath(readers.es), { intent: 'save', frequency: 'each', list: String(list('summit-news').id) }),
      { token: tokenOf(readers.es) },
    )
    const lucia = personBy(DEMO_ACCOUNTS.participant)
    const profile = dataOf<{ preferencesPath: string }>(
      await run(profileRoute.loader, getRequest('/profile', { cookie: await cookieFor(DEMO_ACCOUNTS.participant) })),
    )
    expect(profile.preferencesPath).toBe(`/newsletter/unsubscribe/${lucia.unsubscribeToken}`)
    const record = dataOf<{ lists: { name: string; wording: string; unsubscribedAt: unknown }[] }>(
      await run(personRoute.loader, getRequest(`/staff/people/${readers.es}`, { cookie: staff }), {
        id: String(readers.es),
      }),
    )
    // Staff read list names in their language; the wording stays the reader's.
    const regional = record.lists.find((l) => l.name === 'Regional news — EURALO')!
    expect(regional.unsubscribedAt).not.toBeNull()
    expect(regional.wording).toContain('Quiero recibir «Noticias regionales — EURALO»')
  })
})

describe('the monthly digest', () => {
  it('sends one mail a month per digest reader, in their language, listing their lists’ issues with a summary and link', () => {
    // A Spanish digest reader since 10 October, on Summit news only.
    const reader = createPerson(db, {
      email: 'resumen@example.com',
      name: 'Rosa Resumen',
      passwordHash: null,
      preferredLanguage: 'es',
      timeZone: 'America/Lima',
      regionCode: 'LACRALO',
    })
    db.update(s.people)
      .set({ newsletterDigestSince: new Date('2026-10-10T00:00:00Z'), unsubscribeToken: 'resumen-token-123456789012' })
      .where(eq(s.people.id, reader))
      .run()
    const { id: summitNews } = list('summit-news')
    db.insert(s.listSubscriptions)
      .values({
        personId: reader,
        listId: summitNews,
        language: 'es',
        wording: 'w',
        subscribedAt: new Date('2026-10-10'),
      })
      .run()
    // Before they chose the digest, to another list, and in October to their list (twice).
    sendToLists('oct-early', [summitNews], new Date('2026-10-05T09:00:00Z'))
    sendToLists('oct-regional', [list('regional-news-lacralo').id], new Date('2026-10-12T09:00:00Z'))
    const a = sendToLists('oct-a', [summitNews], new Date('2026-10-14T09:00:00Z'))
    sendToLists('oct-b', [summitNews, list('working-group-notices').id], new Date('2026-10-28T09:00:00Z'))
    sendToLists('nov-a', [summitNews], new Date('2026-11-02T09:00:00Z'))
    // A digest reader gets no issue mail of their lists.
    expect(a.recipients.has(reader)).toBe(false)

    const now = new Date('2026-11-01T03:00:00Z')
    expect(previousMonth(now).key).toBe('2026-10')
    const queued = queueMonthlyDigests(db, { baseUrl, now })
    expect(queued).toBeGreaterThan(0)
    const digests = db.select().from(s.outbox).where(eq(s.outbox.kind, 'newsletter_digest')).all()
    const mine = digests.filter((m) => m.toAddress === 'resumen@example.com')
    expect(mine).toHaveLength(1)
    const mail = mine[0]
    expect(mail.language).toBe('es')
    expect(mail.subject).toBe('Los boletines de At-Large de octubre de 2026')
    expect(mail.text).toContain('Estos son los 2 números de sus listas enviados en octubre de 2026.')
    expect(mail.text).toContain(`${NEWSLETTER.es.subject} (oct-a)`)
    expect(mail.text).toContain(`${NEWSLETTER.es.subject} (oct-b)`)
    expect(mail.text).toContain('Resumen oct-a')
    expect(mail.text).toContain(`${baseUrl}/newsletters/oct-a/es`)
    for (const other of ['oct-early', 'oct-regional', 'nov-a']) expect(mail.text).not.toContain(`(${other})`)
    expect(mail.html).toContain(`href="${baseUrl}/newsletters/oct-b/es"`)
    expect(mail.headers?.['List-Unsubscribe']).toBe(`<${baseUrl}/newsletter/unsubscribe/resumen-token-123456789012>`)
    // Only people who chose the digest; once a month however often the step runs.
    const digestReaders = new Set(
      db
        .select({ id: s.people.id })
        .from(s.people)
        .all()
        .filter((p) => personById(p.id).newsletterDigestSince)
        .map((p) => p.id),
    )
    expect(digests.every((m) => digestReaders.has(m.personId!))).toBe(true)
    expect(queueMonthlyDigests(db, { baseUrl, now: new Date('2026-11-01T04:00:00Z') })).toBe(0)
    expect(db.select().from(s.outbox).where(eq(s.outbox.kind, 'newsletter_digest')).all()).toHaveLength(digests.length)
  })

  it('summarises an issue by its preheader, else the start of its first paragraph in plain text', () => {
    expect(summaryOf({ preheader: ' Short. ', bodyMarkdown: '# Title' })).toBe('Short.')
    expect(
      summaryOf({
        preheader: '',
        bodyMarkdown: '{{upcoming-webinars}}\n\n## Hello **all**\n\nSee [the page](https://x.test).',
      }),
    ).toBe('Hello all')
    const long = summaryOf({ preheader: '', bodyMarkdown: 'word '.repeat(100) })
    expect(long.length).toBeLessThanOrEqual(221)
    expect(long.endsWith('word…')).toBe(true)
  })
})

const personById = (id: number) => db.select().from(s.people).where(eq(s.people.id, id)).get()!
