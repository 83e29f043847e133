/**
 * Interpretation operations: the interpreters' prep pack (when it goes, in whose language,
 * once per change), the presenters' reminder, the channel demand forecast against a hand
 * count, booth decisions and the mail to a cancelled channel, and WebVTT captions.
 */
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as manage from '~/routes/staff.webinars.$id'
import * as forecastPage from '~/routes/staff.webinars.$id_.forecast'
import * as csv from '~/routes/staff.webinars.$id_.interpretation[.csv]'
import * as prepPage from '~/routes/staff.webinars.$id_.prep'
import * as webinarPage from '~/routes/webinars.$slug'
import * as captionRoute from '~/routes/webinars.$slug.captions.$language'
import * as slidesPage from '~/routes/webinars.$slug_.slides'
import { parseCaptions, transcripts } from '~/services/captions.server'
import { channelForecast, decideBooth, interpretationReport, MIN_SAMPLE } from '~/services/channel-forecast.server'
import { getEventDetail } from '~/services/events.server'
import { assignedEvents, assignInterpreter, assignmentsOf } from '~/services/interpreters.server'
import { createPerson } from '~/services/people.server'
import { packChanges, prepPackFor, queuePrepPacks, queueSlidesReminders } from '~/services/prep-pack.server'
import { calendarEventFor, registerForEvent } from '~/services/registrations.server'
import { listWebinarsForStaff } from '~/services/webinars-admin.server'

import { freshDb, seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'
import { createWebinar, ensureRegions } from './helpers/webinar'

const DAY = 86400_000
const BASE = 'https://app.example.org'
const personBy = (db: DB, email: string) => db.select().from(s.people).where(eq(s.people.email, email)).get()!
const outboxOf = (db: DB, kind: string) =>
  db.select().from(s.outbox).where(eq(s.outbox.kind, kind)).orderBy(s.outbox.id).all()

describe('the interpreters’ prep pack', () => {
  let db: DB
  let staff: string
  let eventId: number
  const packs = () => outboxOf(db, 'prep-pack')

  beforeAll(async () => {
    db = await seededDb({ participants: 10 })
    staff = await cookieFor(DEMO_ACCOUNTS.staff)
    // Two days from now: due with the default three days, not with one.
    eventId = createWebinar(db, { slug: 'prep-fixture', startsAt: new Date(Date.now() + 2 * DAY + 3600_000) })
    db.update(s.events).set({ prepPackDays: 1 }).where(eq(s.events.id, eventId)).run()
    db.insert(s.eventPresenters)
      .values({ eventId, name: 'Dev Anand', role: { en: 'SSAC member', fr: 'Membre du SSAC', es: 'Miembro del SSAC' } })
      .run()
    for (const [email, language] of [
      ['claire.dubois@interpret.example', 'fr'],
      ['marc.lefevre@interpret.example', 'fr'],
      ['ana.martinez@interpret.example', 'es'],
    ] as const)
      expect(assignInterpreter(db, { eventId, language, personId: personBy(db, email).id }, { actorId: 1 }).ok).toBe(
        true,
      )
  })

  it('waits for its date, then goes to each assigned interpreter once, in their language', async () => {
    expect(queuePrepPacks(db, { baseUrl: BASE, eventId })).toBe(0)
    // Staff move the date to three days before: the pack is due now and goes at once.
    const path = `/staff/webinars/${eventId}/prep`
    const bad = await run(prepPage.action, formRequest(path, { days: '0' }, { cookie: staff }), { id: String(eventId) })
    expect(statusOf(bad)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(bad).errors.days).toEqual(['staff:prep.errors.days'])
    expect(packs()).toHaveLength(0)
    const analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
    expect(
      statusOf(
        await run(prepPage.action, formRequest(path, { days: '3' }, { cookie: analyst }), { id: String(eventId) }),
      ),
    ).toBe(403)
    expect(
      statusOf(
        await run(prepPage.action, formRequest(path, { days: '3' }, { cookie: staff }), { id: String(eventId) }),
      ),
    ).toBe(303)

    const sent = packs()
    expect(sent.map((m) => m.toAddress).sort()).toEqual([
      'ana.martinez@interpret.example',
      'claire.dubois@interpret.example',
      'marc.lefevre@interpret.example',
    ])
    const claire = sent.find((m) => m.toAddress.startsWith('claire'))!
    expect(claire.subject).toBe('Dossier de préparation : Sécurité et stabilité')
    expect(claire.text).toContain('Vous êtes dans la cabine de français')
    expect(claire.text).toContain('Dev Anand (Membre du SSAC)')
    expect(claire.text).toContain('1. Accueil')
    // The glossary extract: the term found in the agenda, expanded in the three languages.
    expect(claire.text).toMatch(/^SSAC\nEN Security and Stability Advisory Committee\nFR .+\nES .+$/m)
    const ana = sent.find((m) => m.toAddress.startsWith('ana'))!
    expect(ana.language).toBe('es')
    // No Spanish title: the English one, in a Spanish mail.
    expect(ana.subject).toBe('Material de preparación: Security and Stability')
    expect(ana.text).toContain('Aún no hay documentos')

    // Nothing changed: nothing more.
    expect(queuePrepPacks(db, { baseUrl: BASE })).toBe(0)
    expect(packs()).toHaveLength(3)
  })

  it('sends an update when a flagged material is added or withdrawn, not for other materials', async () => {
    const path = `/staff/webinars/${eventId}`
    const post = (fields: Record<string, string>) =>
      run(manage.action, formRequest(path, fields, { cookie: staff }), { id: String(eventId) })
    const add = (title: string, flagged: boolean) =>
      post({
        intent: 'add-material',
        kind: 'slides',
        language: 'en',
        title,
        url: `https://files.example.org/${title.replace(/\W/g, '')}.pdf`,
        ...(flagged ? { forInterpreters: 'yes' } : {}),
      })
    expect(statusOf(await add('Public handout', false))).toBe(303)
    expect(packs()).toHaveLength(3)
    expect(statusOf(await add('Slides <v1>', true))).toBe(303)
    const updates = packs().slice(3)
    expect(updates).toHaveLength(3)
    const claire = updates.find((m) => m.toAddress.startsWith('claire'))!
    expect(claire.subject).toBe('Dossier de préparation mis à jour : Sécurité et stabilité')
    expect(claire.text).toContain('Nouveau : Slides <v1>')
    // Escaped in the HTML part.
    expect(claire.html).toContain('Slides &lt;v1&gt;')
    expect(claire.html).not.toContain('Slides <v1>')

    // Flagging an existing material, then taking it out again: two more updates each.
    const handout = db.select().from(s.materials).where(eq(s.materials.title, 'Public handout')).get()!
    expect(
      statusOf(await post({ intent: 'flag-material', materialId: String(handout.id), forInterpreters: 'yes' })),
    ).toBe(303)
    expect(packs()).toHaveLength(9)
    expect(
      statusOf(await post({ intent: 'flag-material', materialId: String(handout.id), forInterpreters: 'no' })),
    ).toBe(303)
    const last = packs().slice(9)
    expect(last).toHaveLength(3)
    expect(last.find((m) => m.toAddress.startsWith('ana'))!.text).toContain('Retirado: Public handout')

    // The staff page lists what each booth received, newest first.
    const page = dataOf<Awaited<ReturnType<typeof prepPage.loader>>>(
      await run(prepPage.loader, getRequest(`${path}/prep`, { cookie: staff }), { id: String(eventId) }),
    )
    const french = page.booths.find((b) => b.language === 'fr')!
    expect(french.interpreters.map((i) => i.name).sort()).toEqual(['Claire Dubois', 'Marc Lefèvre'])
    expect(french.interpreters[0].sends.map((x) => x.kind)).toEqual(['update', 'update', 'update', 'pack'])
    expect(french.interpreters[0].sends[0].contents.materials.map((m) => m.title)).toEqual(['Slides <v1>'])
    expect(page.pack.terms.map((t) => t.term)).toContain('SSAC')
  })

  it('releases a cancelled booth’s interpreters: no more updates for them', async () => {
    expect(
      decideBooth(db, { eventId, language: 'es', decision: 'cancelled', note: '' }, { actorId: 1 }, { baseUrl: BASE }),
    ).toMatchObject({ ok: true })
    const before = packs().length
    const post = (fields: Record<string, string>) =>
      run(manage.action, formRequest(`/staff/webinars/${eventId}`, fields, { cookie: staff }), { id: String(eventId) })
    expect(
      statusOf(
        await post({
          intent: 'add-material',
          kind: 'transcript',
          language: 'fr',
          title: 'Notes du présentateur',
          url: 'https://files.example.org/notes.pdf',
          forInterpreters: 'yes',
        }),
      ),
    ).toBe(303)
    const sent = packs().slice(before)
    expect(sent.map((m) => m.toAddress).sort()).toEqual([
      'claire.dubois@interpret.example',
      'marc.lefevre@interpret.example',
    ])
    expect(sent[0].text).toContain('Nouveau : Notes du présentateur')
    expect(sent[0].text).toMatch(/Notes du présentateur https?:\/\/\S+ — transcription, français/)
    // Their own page says so; the event leaves the released interpreter's calendar feed.
    const ana = personBy(db, 'ana.martinez@interpret.example')
    const claire = personBy(db, 'claire.dubois@interpret.example')
    const mine = (id: number) => assignmentsOf(db, id, 'en').find((a) => a.eventId === eventId)!
    expect(mine(ana.id)).toMatchObject({ cancelled: true })
    expect(mine(claire.id).cancelled).toBe(false)
    expect(mine(claire.id).packSentAt).toBeInstanceOf(Date)
    expect(assignedEvents(db, ana.id).map((e) => e.eventId)).not.toContain(eventId)
    expect(assignedEvents(db, claire.id).map((e) => e.eventId)).toContain(eventId)
  })

  it('names what changed between two packs: materials, speakers, agenda, glossary', () => {
    const base = prepPackFor(db, eventId).contents
    expect(packChanges(base, base)).toEqual({ added: [], removed: [], other: [] })
    const m = { id: 999, kind: 'slides', language: 'en' as const, title: 'Extra', url: 'https://x.example/e.pdf' }
    const after = { ...base, materials: [...base.materials, m], speakers: [...base.speakers, 'New speaker'] }
    expect(packChanges(base, after)).toEqual({ added: ['Extra'], removed: [], other: ['speakers'] })
    // Editing the agenda changes its hash; the glossary extract follows the terms it uses.
    db.update(s.eventTranslations)
      .set({ agenda: '1. Accueil\n2. SSAC\n3. Le GDPR' })
      .where(and(eq(s.eventTranslations.eventId, eventId), eq(s.eventTranslations.language, 'fr')))
      .run()
    const edited = prepPackFor(db, eventId).contents
    expect(packChanges(base, edited).other).toEqual(['agenda', 'glossary'])
    expect(edited.terms).toContain('GDPR')
    db.update(s.eventTranslations)
      .set({ agenda: '1. Accueil\n2. SSAC' })
      .where(and(eq(s.eventTranslations.eventId, eventId), eq(s.eventTranslations.language, 'fr')))
      .run()
    // Back to the text the interpreters last received: nothing to send.
    expect(queuePrepPacks(db, { baseUrl: BASE, eventId })).toBe(0)
  })

  it('reminds presenters to add their slides before the pack date, and lets only them add slides', async () => {
    const lucia = personBy(db, DEMO_ACCOUNTS.participant)
    const now = new Date()
    const other = createWebinar(db, {
      slug: 'slides-fixture',
      startsAt: new Date(now.getTime() + 4 * DAY),
    })
    db.insert(s.eventPresenters)
      .values({ eventId: other, personId: lucia.id, name: lucia.name, role: { en: 'Presenter' } })
      .run()
    // The pack goes in one day: inside the two days' lead.
    expect(queueSlidesReminders(db, { baseUrl: BASE, now })).toBe(1)
    expect(queueSlidesReminders(db, { baseUrl: BASE, now })).toBe(0)
    const reminder = outboxOf(db, 'slides-reminder')[0]
    expect(reminder.toAddress).toBe(DEMO_ACCOUNTS.participant)
    expect(reminder.subject).toBe('Su presentación para «Security and Stability»')
    expect(reminder.text).toContain(`${BASE}/webinars/slides-fixture/slides`)
    // It names the pack date (one day from now, in her zone), in Spanish.
    expect(reminder.text).toContain('Agréguela antes del')

    const path = '/webinars/slides-fixture/slides'
    const fields = { title: 'Mis diapositivas', url: 'https://files.example.org/lucia.pdf', language: 'es' }
    const analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
    expect(
      statusOf(await run(slidesPage.loader, getRequest(path, { cookie: analyst }), { slug: 'slides-fixture' })),
    ).toBe(403)
    expect(
      statusOf(
        await run(slidesPage.action, formRequest(path, fields, { cookie: analyst }), { slug: 'slides-fixture' }),
      ),
    ).toBe(403)
    const mine = await cookieFor(DEMO_ACCOUNTS.participant)
    const bad = await run(
      slidesPage.action,
      formRequest(path, { ...fields, url: 'javascript:alert(1)' }, { cookie: mine }),
      {
        slug: 'slides-fixture',
      },
    )
    expect(statusOf(bad)).toBe(400)
    expect(
      statusOf(await run(slidesPage.action, formRequest(path, fields, { cookie: mine }), { slug: 'slides-fixture' })),
    ).toBe(303)
    const added = db.select().from(s.materials).where(eq(s.materials.eventId, other)).all()
    expect(added).toMatchObject([{ kind: 'slides', forInterpreters: true, title: 'Mis diapositivas', language: 'es' }])
    // With slides in, no further reminder for the next date either.
    db.update(s.events).set({ prepPackDays: 2 }).where(eq(s.events.id, other)).run()
    expect(queueSlidesReminders(db, { baseUrl: BASE, now })).toBe(0)
  })
})

describe('presenters linked to people', () => {
  it('keep their link through the webinar form; an unknown address is refused', async () => {
    const db = await seededDb({ participants: 5 })
    const staff = await cookieFor(DEMO_ACCOUNTS.staff)
    const next = db.select().from(s.interpreterAssignments).get()!.eventId
    const path = `/staff/webinars/${next}`
    const edit = dataOf<{ values: Record<string, string> }>(
      await run(manage.loader, getRequest(`${path}?tab=edit`, { cookie: staff }), { id: String(next) }),
    )
    expect(edit.values.presenters).toBe(
      "Aminata Diop <ralo.leader@example.org> | AFRALO Chair | Présidente d'AFRALO | Presidenta de AFRALO",
    )
    const save = (presenters: string) =>
      run(manage.action, formRequest(path, { ...edit.values, intent: 'save', presenters }, { cookie: staff }), {
        id: String(next),
      })
    const unknown = await save('Someone <nobody@example.net> | Guest')
    expect(statusOf(unknown)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(unknown).errors.presenters).toEqual([
      'errors.webinar.unknown_presenter',
    ])
    expect(statusOf(await save(`${edit.values.presenters}\nLucía <PARTICIPANT@example.org> | Guest`))).toBe(303)
    const linked = db.select().from(s.eventPresenters).where(eq(s.eventPresenters.eventId, next)).all()
    expect(linked.map((p) => [p.name, p.personId])).toEqual([
      ['Aminata Diop', personBy(db, DEMO_ACCOUNTS.raloLeader).id],
      ['Lucía', personBy(db, DEMO_ACCOUNTS.participant).id],
    ])
  })
})

describe('the channel demand forecast', () => {
  let db: DB
  let upcoming: number
  const now = new Date('2030-05-10T12:00:00Z')

  /** People of a region speaking a language, registered to an event on a channel, some attending. */
  function registrants(
    eventId: number,
    {
      n,
      attended = 0,
      channel,
      region,
      language = channel,
      prefix,
      status = 'confirmed',
    }: {
      n: number
      attended?: number
      channel: s.Language
      region: (typeof s.REGION_CODES)[number]
      language?: s.Language
      prefix: string
      status?: 'confirmed' | 'waitlisted'
    },
  ) {
    for (let i = 0; i < n; i++) {
      const personId = createPerson(db, {
        email: `${prefix}${i}@example.net`,
        name: `${prefix} ${i}`,
        passwordHash: null,
        preferredLanguage: language,
        timeZone: 'UTC',
        regionCode: region,
      })
      db.insert(s.registrations)
        .values({
          eventId,
          personId,
          status,
          channelLanguage: channel,
          attended: status === 'confirmed' && i < attended,
        })
        .run()
    }
  }

  beforeAll(() => {
    db = freshDb()
    ensureRegions(db)
    const past = createWebinar(db, { slug: 'past', startsAt: new Date('2030-01-10T13:00:00Z') })
    // History: EN/AFRALO 8 of 10 came; EN/APRALO 1 of 4 (too few on its own); ES/EURALO 5 of 10; no French.
    registrants(past, { n: 10, attended: 8, channel: 'en', region: 'AFRALO', prefix: 'h-en-af' })
    registrants(past, { n: 4, attended: 1, channel: 'en', region: 'APRALO', prefix: 'h-en-ap' })
    registrants(past, { n: 10, attended: 5, channel: 'es', region: 'EURALO', prefix: 'h-es-eu' })
    upcoming = createWebinar(db, { slug: 'upcoming', startsAt: new Date('2030-05-15T13:00:00Z') })
    registrants(upcoming, { n: 5, channel: 'en', region: 'AFRALO', prefix: 'u-en-af' })
    registrants(upcoming, { n: 2, channel: 'en', region: 'APRALO', prefix: 'u-en-ap' })
    registrants(upcoming, { n: 4, channel: 'es', region: 'EURALO', prefix: 'u-es-eu' })
    registrants(upcoming, { n: 1, channel: 'es', region: 'LACRALO', prefix: 'u-es-wl', status: 'waitlisted' })
    registrants(upcoming, { n: 3, channel: 'fr', region: 'NARALO', prefix: 'u-fr-na', language: 'en' })
  })

  it('expects attendance from past show-up rates of the channel and region, as counted by hand', () => {
    expect(MIN_SAMPLE).toBe(10)
    const f = channelForecast(db, upcoming, now)!
    const channel = (l: s.Language) => f.channels.find((c) => c.language === l)!
    // English: 5 × 8/10 (own region's rate) + 2 × 9/14 (APRALO has 4 < 10: the channel's 9 of 14).
    expect(channel('en').registered).toBe(7)
    expect(channel('en').expected).toBeCloseTo(4 + (2 * 9) / 14, 10)
    expect(channel('en').regions.map((r) => r.basis)).toEqual(['channelRegion', 'channel'])
    // Spanish: 4 × 5/10; the waiting list is counted apart.
    expect(channel('es')).toMatchObject({ registered: 4, waitlisted: 1, expected: 2 })
    // French has no history: all channels together, 14 of 24.
    expect(channel('fr').expected).toBeCloseTo((3 * 14) / 24, 10)
    expect(channel('fr').regions[0].basis).toBe('overall')
    // The deadline: 48 hours before the start by default.
    expect(f.deadline.toISOString()).toBe('2030-05-13T13:00:00.000Z')
    expect(f.deadlinePassed).toBe(false)
  })

  it('cancels a booth: its registrants are told in their language, the channel is no longer offered', () => {
    const staffId = createPerson(db, {
      email: 'staff@example.net',
      name: 'Staff',
      passwordHash: null,
      preferredLanguage: 'en',
      timeZone: 'UTC',
    })
    const cancel = decideBooth(
      db,
      { eventId: upcoming, language: 'es', decision: 'cancelled', note: 'Too few <registrants>' },
      { actorId: staffId, now },
      { baseUrl: BASE },
    )
    // Four confirmed and one waiting.
    expect(cancel).toEqual({ ok: true, notified: 5 })
    const mails = outboxOf(db, 'channel-cancelled')
    expect(mails).toHaveLength(5)
    expect(mails[0].language).toBe('es')
    expect(mails[0].subject).toBe('Interpretación al español cancelada: Security and Stability')
    expect(mails[0].text).toContain('en inglés (ID de conferencia 1638)')
    expect(mails[0].text).toContain('en francés (ID de conferencia 1838)')
    expect(mails[0].text).toContain('Too few <registrants>')
    expect(mails[0].html).toContain('Too few &lt;registrants&gt;')
    expect(mails[0].text).toContain(`${BASE}/webinars/upcoming`)
    // Cancelling again tells no one twice.
    expect(
      decideBooth(
        db,
        { eventId: upcoming, language: 'es', decision: 'cancelled', note: '' },
        { actorId: staffId, now },
        {
          baseUrl: BASE,
        },
      ),
    ).toEqual({ ok: true, notified: 0 })
    // Their invite no longer carries the Spanish conference ID; English registrants' still do.
    const invite = (channelLanguage: s.Language) =>
      calendarEventFor(db, { eventId: upcoming, language: 'es', channelLanguage }, { baseUrl: BASE })!
    expect(invite('es').channel).toBeNull()
    expect(invite('en').channel).toMatchObject({ conferenceId: '1638' })
    // Spanish is no longer a choice.
    expect(getEventDetail(db, 'upcoming', 'en', 'webinar')!.channels.map((c) => c.language)).toEqual(['en', 'fr'])
    const someone = createPerson(db, {
      email: 'late@example.net',
      name: 'Late',
      passwordHash: null,
      preferredLanguage: 'en',
      timeZone: 'UTC',
    })
    const late = registerForEvent(db, {
      eventId: upcoming,
      personId: someone,
      channelLanguage: 'es',
      dialOutNumber: null,
      baseUrl: BASE,
    })
    expect(late).toMatchObject({ ok: false, error: 'no_channel' })

    // The last channel left cannot be cancelled; nothing can change once the event started.
    expect(
      decideBooth(
        db,
        { eventId: upcoming, language: 'en', decision: 'cancelled', note: '' },
        { actorId: staffId, now },
        {
          baseUrl: BASE,
        },
      ).ok,
    ).toBe(true)
    expect(
      decideBooth(
        db,
        { eventId: upcoming, language: 'fr', decision: 'cancelled', note: '' },
        { actorId: staffId, now },
        {
          baseUrl: BASE,
        },
      ),
    ).toEqual({ ok: false, error: 'lastChannel' })
    expect(
      decideBooth(
        db,
        { eventId: upcoming, language: 'fr', decision: 'confirmed', note: '' },
        { actorId: staffId, now: new Date('2030-05-15T13:30:00Z') },
        { baseUrl: BASE },
      ),
    ).toEqual({ ok: false, error: 'eventStarted' })
    const f = channelForecast(db, upcoming, now)!
    expect(f.channels.find((c) => c.language === 'es')!.decision).toMatchObject({ decision: 'cancelled' })
  })

  it('reports attendance by channel and interpreter hours per booth after the event', () => {
    const past = db.select().from(s.events).where(eq(s.events.slug, 'past')).get()!
    const interpreter = (email: string) => {
      const personId = createPerson(db, {
        email,
        name: email.split('@')[0],
        passwordHash: null,
        preferredLanguage: 'en',
        timeZone: 'UTC',
      })
      db.insert(s.interpreters)
        .values({ personId, pairs: ['en<>fr', 'en<>es'] })
        .run()
      return personId
    }
    for (const [email, language] of [
      ['i1@interpret.example', 'fr'],
      ['i2@interpret.example', 'fr'],
      ['i3@interpret.example', 'es'],
    ] as const)
      db.insert(s.interpreterAssignments)
        .values({ eventId: past.id, language, personId: interpreter(email) })
        .run()
    const report = interpretationReport(db, past.id)!
    const row = (l: s.Language) => report.channels.find((c) => c.language === l)!
    expect(report.hours).toBe(1)
    expect(row('en')).toMatchObject({ registered: 14, attended: 9, interpreterHours: 0 })
    expect(row('fr')).toMatchObject({ registered: 0, interpreters: ['i1', 'i2'], boothHours: 1, interpreterHours: 2 })
    expect(row('es')).toMatchObject({ registered: 10, attended: 5, interpreterHours: 1 })
  })
})

describe('booth decisions and the CSV through the pages', () => {
  it('are staff-only, refuse bad input with 4xx and export the report', async () => {
    const db = await seededDb({ participants: 10 })
    const staff = await cookieFor(DEMO_ACCOUNTS.staff)
    const next = db.select().from(s.interpreterAssignments).get()!.eventId
    const path = `/staff/webinars/${next}/forecast`
    const post = (fields: Record<string, string>, cookie = staff) =>
      run(forecastPage.action, formRequest(path, fields, { cookie }), { id: String(next) })
    expect(
      statusOf(await post({ language: 'es', decision: 'cancelled' }, await cookieFor(DEMO_ACCOUNTS.analyst))),
    ).toBe(403)
    expect(statusOf(await post({ language: 'es', decision: 'maybe' }))).toBe(400)
    expect(statusOf(await post({ language: 'xx', decision: 'confirmed' }))).toBe(400)
    expect(statusOf(await post({ intent: 'hours', hours: '-4' }))).toBe(400)
    expect(statusOf(await post({ intent: 'hours', hours: '72' }))).toBe(303)
    expect(statusOf(await post({ language: 'fr', decision: 'confirmed', note: 'Two interpreters booked' }))).toBe(303)
    // Cancelling mails the registrants at once: without the tick it is refused, nothing sent.
    const unconfirmed = await post({ language: 'es', decision: 'cancelled' })
    expect(statusOf(unconfirmed)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(unconfirmed).errors.confirm).toEqual([
      'staff:forecast.errors.confirmCancel',
    ])
    expect(outboxOf(db, 'channel-cancelled')).toHaveLength(0)
    const page = dataOf<Awaited<ReturnType<typeof forecastPage.loader>>>(
      await run(forecastPage.loader, getRequest(path, { cookie: staff }), { id: String(next) }),
    )
    expect(page.forecast.decisionHours).toBe(72)
    // Each booth's coverage is on the forecast page too (the demo's French booth has two).
    expect(page.booths.find((b) => b.language === 'fr')).toMatchObject({ covered: true })
    expect(page.booths.find((b) => b.language === 'fr')!.assigned.sort()).toEqual(['Claire Dubois', 'Marc Lefèvre'])
    expect(page.booths.find((b) => b.language === 'es')).toMatchObject({ covered: false })
    expect(page.forecast.channels.find((c) => c.language === 'fr')!.decision).toMatchObject({
      decision: 'confirmed',
      note: 'Two interpreters booked',
      by: 'Silvia Staff',
    })
    // The staff list of webinars counts the booths still to decide.
    expect(listWebinarsForStaff(db, 'en').find((w) => w.id === next)).toMatchObject({
      channels: 3,
      boothsDecided: 1,
      boothDecisionHours: 72,
    })
    // The demo's past webinars give every channel a rate.
    expect(page.forecast.channels.every((c) => c.regions.every((r) => r.basis !== 'none'))).toBe(true)

    const past = db
      .select()
      .from(s.events)
      .where(and(eq(s.events.slug, 'atlas-ii-communications')))
      .get()!
    const res = (await run(csv.loader, getRequest(`/staff/webinars/${past.id}/interpretation.csv`, { cookie: staff }), {
      id: String(past.id),
    })) as Response
    expect(res.headers.get('Content-Type')).toContain('text/csv')
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    expect(lines[0]).toBe('Channel,Booth,Registered,Attended,Interpreters,Booth hours,Interpreter hours')
    expect(lines).toHaveLength(4)
  })
})

describe('captions', () => {
  const good =
    'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nBonjour à <b>tous</b>\n\n00:00:05.000 --> 00:00:08.000\nLe SSAC\n'

  it('are checked with a WebVTT parser; problems come with their line', () => {
    expect(parseCaptions(good)).toMatchObject({
      ok: true,
      cues: [
        { start: 1, end: 4, text: 'Bonjour à tous' },
        { start: 5, end: 8, text: 'Le SSAC' },
      ],
    })
    expect(parseCaptions('Hello\n')).toMatchObject({ ok: false, problems: [{ key: 'signature', line: 1 }] })
    const badTime = parseCaptions('WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nOK\n\n00:00:05,000 -> 00:00:08\nBad\n')
    expect(badTime.ok).toBe(false)
    if (!badTime.ok) expect(badTime.problems[0].line).toBe(6)
    expect(parseCaptions('WEBVTT\n')).toMatchObject({ ok: false, problems: [{ key: 'noCues' }] })
    expect(parseCaptions('')).toMatchObject({ ok: false, problems: [{ key: 'empty' }] })
  })

  it('are uploaded by staff, served as text/vtt and played on the webinar page in the viewer’s language', async () => {
    const db = await seededDb({ participants: 5 })
    const staff = await cookieFor(DEMO_ACCOUNTS.staff)
    const past = db.select().from(s.events).where(eq(s.events.slug, 'atlas-ii-communications')).get()!
    db.delete(s.captionTracks).where(eq(s.captionTracks.eventId, past.id)).run()
    const upload = (content: string, language = 'fr') => {
      const form = new FormData()
      form.append('intent', 'upload-captions')
      form.append('language', language)
      form.append('captions', new File([content], 'captions.vtt', { type: 'text/vtt' }))
      return run(
        manage.action,
        new Request(`http://app.test/staff/webinars/${past.id}?tab=materials`, {
          method: 'POST',
          body: form,
          headers: { Cookie: staff },
        }),
        { id: String(past.id) },
      )
    }
    const bad = await upload('WEBVTT\n\n00:00:01.000 --> nonsense\nBonjour\n')
    expect(statusOf(bad)).toBe(400)
    const problems = dataOf<{ captionProblems: { line: number; key: string }[] }>(bad).captionProblems
    expect(problems[0]).toMatchObject({ line: 3, key: 'timing' })
    expect(db.select().from(s.captionTracks).where(eq(s.captionTracks.eventId, past.id)).all()).toHaveLength(0)
    expect(statusOf(await upload(''))).toBe(400)

    expect(statusOf(await upload(good))).toBe(303)
    expect(statusOf(await upload(good.replace('Bonjour à', 'Hola a'), 'es'))).toBe(303)
    const res = (await run(captionRoute.loader, getRequest(`/webinars/${past.slug}/captions/fr`), {
      slug: past.slug,
      language: 'fr',
    })) as Response
    expect(res.headers.get('Content-Type')).toBe('text/vtt; charset=utf-8')
    expect(await res.text()).toBe(good)
    expect(
      statusOf(
        await run(captionRoute.loader, getRequest(`/webinars/${past.slug}/captions/en`), {
          slug: past.slug,
          language: 'en',
        }),
      ),
    ).toBe(404)

    const analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
    const page = dataOf<Awaited<ReturnType<typeof webinarPage.loader>>>(
      await run(webinarPage.loader, getRequest(`/webinars/${past.slug}`, { cookie: analyst }), { slug: past.slug }),
    )
    expect(page.recording).toMatchObject({ playing: 'fr', captions: ['es', 'fr'] })
    expect(page.recording!.transcripts.find((t) => t.language === 'fr')!.cues[0].text).toBe('Bonjour à tous')
    // The transcript is kept at upload; a track stored without one is read from its file.
    const stored = db.select().from(s.captionTracks).where(eq(s.captionTracks.eventId, past.id)).all()
    expect(stored.find((t) => t.language === 'fr')!.transcript).toEqual([
      { start: 1, text: 'Bonjour à tous' },
      { start: 5, text: 'Le SSAC' },
    ])
    db.update(s.captionTracks).set({ transcript: [] }).where(eq(s.captionTracks.language, 'es')).run()
    expect(transcripts(db, past.id).find((t) => t.language === 'es')!.cues[0]).toEqual({
      start: 1,
      text: 'Hola a tous',
    })
    // Another language's recording on request.
    const listen = dataOf<Awaited<ReturnType<typeof webinarPage.loader>>>(
      await run(webinarPage.loader, getRequest(`/webinars/${past.slug}?listen=es`, { cookie: analyst }), {
        slug: past.slug,
      }),
    )
    expect(listen.recording!.playing).toBe('es')
  })
})
