import { and, eq } from 'drizzle-orm'
import ICAL from 'ical.js'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as rosterPage from '~/routes/staff.summits.$id._index'
import * as checkIn from '~/routes/staff.summits.$id.check-in'
import * as exportList from '~/routes/staff.summits.$id.export.$list'
import * as groupsPage from '~/routes/staff.summits.$id.groups'
import * as rosterCsv from '~/routes/staff.summits.$id.roster[.csv]'
import * as travelPage from '~/routes/staff.summits.$id.travel'
import * as mySummit from '~/routes/summits.$slug.me'
import * as programme from '~/routes/summits.$slug.programme[.ics]'
import * as visaLetter from '~/routes/summits.$slug.visa-letter'
import { autoAssign, summitGroups } from '~/services/summits/groups.server'
import { regionBalance, roster } from '~/services/summits/roster.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'
import { parseIcs } from './helpers/ics'

let db: DB
let staff: string
let analyst: string
let participant: string
let summitId: number
let path: string

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 80 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
  participant = await cookieFor(DEMO_ACCOUNTS.participant)
})

beforeEach(() => {
  const startsAt = new Date('2030-03-07T09:00:00Z')
  summitId = db
    .insert(s.events)
    .values({
      kind: 'summit',
      slug: `atlas-iv-${Math.random().toString(36).slice(2, 8)}`,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 5 * 86400_000),
      timeZone: 'Asia/Kuala_Lumpur',
      city: 'Kuala Lumpur',
    })
    .returning()
    .get().id
  db.insert(s.eventTranslations)
    .values([
      { eventId: summitId, language: 'en', title: 'ATLAS IV' },
      { eventId: summitId, language: 'fr', title: 'ATLAS IV (sommet)' },
    ])
    .run()
  path = `/staff/summits/${summitId}`
})

const post = (fields: Record<string, string>, cookie = staff, route: typeof rosterPage | typeof checkIn = rosterPage) =>
  run(route.action, formRequest(path, fields, { cookie }), { id: String(summitId) })
const person = (where: ReturnType<typeof eq>) => db.select().from(s.people).where(where).get()!
const participation = (personId: number) =>
  db
    .select()
    .from(s.summitParticipations)
    .where(and(eq(s.summitParticipations.eventId, summitId), eq(s.summitParticipations.personId, personId)))
    .get()!

describe('the roster', () => {
  it('nominates by address, reports unknown lines, and tells each nominee in their language', async () => {
    const fr = person(eq(s.people.email, DEMO_ACCOUNTS.analyst))
    const es = person(eq(s.people.email, DEMO_ACCOUNTS.participant))
    const res = await post({
      intent: 'nominate',
      emails: `${fr.email}\nLucía <${es.email}>\nnobody@example.com\n${es.email}`,
    })
    expect(statusOf(res)).toBe(200)
    expect(dataOf<{ nominated: unknown }>(res).nominated).toEqual({
      added: 2,
      already: 1,
      failed: [{ line: 3, text: 'nobody@example.com', reason: 'unknown' }],
    })
    const mails = db.select().from(s.outbox).where(eq(s.outbox.kind, 'summit_nominated')).all()
    expect(mails.find((m) => m.toAddress === fr.email)!.subject).toBe('Vous êtes proposé pour ATLAS IV (sommet)')
    expect(mails.find((m) => m.toAddress === es.email)!.subject).toBe('Ha sido propuesto para ATLAS IV') // no Spanish title: English
    expect(participation(es.id).structureId).toBe(es.structureId)
  })

  it('moves a status only along allowed steps, with the change in the audit log and a mail', async () => {
    const p = person(eq(s.people.email, DEMO_ACCOUNTS.participant))
    await post({ intent: 'nominate', emails: p.email })
    const id = String(participation(p.id).id)
    expect(statusOf(await post({ intent: 'status', participationId: id, status: 'confirmed' }))).toBe(303)
    const refused = await post({ intent: 'status', participationId: id, status: 'declined' })
    expect(statusOf(refused)).toBe(409)
    expect(dataOf<{ errors: Record<string, string[]> }>(refused).errors.status).toEqual(['errors.summit.notAllowed'])
    expect(statusOf(await post({ intent: 'status', participationId: id, status: 'bogus' }))).toBe(400)
    expect(statusOf(await post({ intent: 'status', participationId: '999999', status: 'confirmed' }))).toBe(404)
    const log = db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, 'summit.status'), eq(s.auditLog.entityId, id)))
      .all()
    expect(log).toHaveLength(1)
    expect(log[0].details).toEqual({ from: 'nominated', to: 'confirmed' })
    expect(log[0].actorId).toBe(person(eq(s.people.email, DEMO_ACCOUNTS.staff)).id)
    const mail = db
      .select()
      .from(s.outbox)
      .where(and(eq(s.outbox.kind, 'summit_confirmed'), eq(s.outbox.personId, p.id)))
      .get()!
    expect(mail.subject).toBe('Su plaza en ATLAS IV está confirmada')
    expect(mail.text).toContain('Próximo paso')
  })

  it('records funding decisions with a reason, and needs the reason when travel is not funded', async () => {
    const p = person(eq(s.people.email, DEMO_ACCOUNTS.analyst))
    await post({ intent: 'nominate', emails: p.email })
    const id = String(participation(p.id).id)
    const noReason = await post({ intent: 'funding', participationId: id, funding: 'not_funded', reason: '' })
    expect(statusOf(noReason)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(noReason).errors.reason).toEqual(['errors.summit.reasonNeeded'])
    expect(
      statusOf(await post({ intent: 'funding', participationId: id, funding: 'funded', reason: 'Line one\r\nBcc: x' })),
    ).toBe(400)
    expect(
      statusOf(
        await post({
          intent: 'funding',
          participationId: id,
          funding: 'not_funded',
          reason: 'Travel budget for EURALO used up',
        }),
      ),
    ).toBe(303)
    expect(participation(p.id)).toMatchObject({
      funding: 'not_funded',
      fundingReason: 'Travel budget for EURALO used up',
    })
    const mail = db
      .select()
      .from(s.outbox)
      .where(and(eq(s.outbox.kind, 'summit_funding'), eq(s.outbox.personId, p.id)))
      .get()!
    expect(mail.text).toContain('Motif : Travel budget for EURALO used up')
    expect(
      db.select().from(s.auditLog).where(eq(s.auditLog.action, 'summit.funding')).all().at(-1)!.details,
    ).toMatchObject({ from: 'pending', to: 'not_funded' })
  })

  it('shows when the regions are out of balance, and filters the roster', async () => {
    const lacralo = db.select().from(s.people).where(eq(s.people.regionCode, 'LACRALO')).all().slice(0, 4)
    const afralo = db.select().from(s.people).where(eq(s.people.regionCode, 'AFRALO')).all().slice(0, 1)
    await post({ intent: 'nominate', emails: [...lacralo, ...afralo].map((p) => p.email).join('\n') })
    const balance = regionBalance(db, summitId)
    expect(balance.find((b) => b.regionCode === 'LACRALO')).toMatchObject({ active: 4, unbalanced: true })
    expect(balance.find((b) => b.regionCode === 'EURALO')).toMatchObject({ active: 0, unbalanced: true })
    expect(roster(db, summitId, { regionCode: 'AFRALO' }).map((r) => r.personId)).toEqual([afralo[0].id])
    const d = dataOf<{ rows: { name: string }[] }>(
      await run(rosterPage.loader, getRequest(`${path}?q=${encodeURIComponent(lacralo[0].name)}`, { cookie: staff }), {
        id: String(summitId),
      }),
    )
    expect(d.rows.map((r) => r.name)).toContain(lacralo[0].name)
    expect(d.rows.length).toBeLessThan(5)
  })

  it('saves status and funding from one form per row, and changes the selected rows at once', async () => {
    const people = db.select().from(s.people).where(eq(s.people.regionCode, 'AFRALO')).all().slice(0, 3)
    await post({ intent: 'nominate', emails: people.map((p) => p.email).join('\n') })
    const [a, b, c] = people.map((p) => participation(p.id))
    // One row: confirmed and funded in a single post.
    const row = await run(
      rosterPage.action,
      formRequest(
        `${path}?region=AFRALO`,
        {
          intent: 'row',
          participationId: String(a.id),
          status: 'confirmed',
          funding: 'funded',
          reason: '',
        },
        { cookie: staff },
      ),
      { id: String(summitId) },
    )
    expect(statusOf(row)).toBe(303)
    // Back to the same filtered list.
    expect((row as Response).headers.get('Location')).toBe(`${path}?region=AFRALO`)
    expect(participation(people[0].id)).toMatchObject({ status: 'confirmed', funding: 'funded' })
    // A step the status does not allow changes nothing.
    expect(
      statusOf(
        await post({
          intent: 'row',
          participationId: String(a.id),
          status: 'nominated',
          funding: 'funded',
          reason: '',
        }),
      ),
    ).toBe(409)
    // Bulk: confirm the three; the one already confirmed is left as it was.
    // The boxes send one `ids` value each, as a browser does.
    const form = new URLSearchParams({ intent: 'bulk', change: 'status:confirmed' })
    for (const id of [a.id, b.id, c.id]) form.append('ids', String(id))
    const res = await run(
      rosterPage.action,
      new Request(`http://localhost${path}`, {
        method: 'POST',
        body: form,
        headers: { cookie: staff, 'content-type': 'application/x-www-form-urlencoded' },
      }),
      { id: String(summitId) },
    )
    expect(dataOf<{ bulk: unknown }>(res).bulk).toEqual({ changed: 2, skipped: 1 })
    expect(
      [b, c].map(
        (p) => db.select().from(s.summitParticipations).where(eq(s.summitParticipations.id, p.id)).get()!.status,
      ),
    ).toEqual(['confirmed', 'confirmed'])
    // Not funded needs a reason, and nothing selected is refused.
    expect(statusOf(await post({ intent: 'bulk', change: 'funding:not_funded', ids: String(b.id) }))).toBe(400)
    expect(statusOf(await post({ intent: 'bulk', change: 'status:confirmed' }))).toBe(400)
  })

  it('pages the roster fifty at a time', async () => {
    const everyone = db.select().from(s.people).all().slice(0, 60)
    await post({ intent: 'nominate', emails: everyone.map((p) => p.email).join('\n') })
    const load = async (query: string) =>
      dataOf<{ rows: unknown[]; total: number; page: number; pages: number }>(
        await run(rosterPage.loader, getRequest(`${path}${query}`, { cookie: staff }), { id: String(summitId) }),
      )
    const first = await load('')
    expect(first).toMatchObject({ total: 60, page: 1, pages: 2 })
    expect(first.rows).toHaveLength(50)
    expect((await load('?page=2')).rows).toHaveLength(10)
    expect((await load('?page=99')).page).toBe(2)
  })

  it('exports the roster as CSV with a BOM', async () => {
    await post({ intent: 'nominate', emails: DEMO_ACCOUNTS.participant })
    const res = (await run(rosterCsv.loader, getRequest(`${path}/roster.csv`, { cookie: staff }), {
      id: String(summitId),
    })) as Response
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    expect(text).toContain('Lucía Participante')
    expect(text).toContain('Nominated')
  })
})

describe('the venue desk', () => {
  it('checks in confirmed participants only, counts them, records attendance, and can undo', async () => {
    const p = person(eq(s.people.email, DEMO_ACCOUNTS.participant))
    await post({ intent: 'nominate', emails: p.email })
    const id = String(participation(p.id).id)
    const early = await post({ target: id, checkedIn: '1' }, staff, checkIn)
    expect(statusOf(early)).toBe(409)
    await post({ intent: 'status', participationId: id, status: 'confirmed' })
    // The desk answers in place and names whom it just checked in.
    const done = await post({ target: id, checkedIn: '1' }, staff, checkIn)
    expect(statusOf(done)).toBe(200)
    expect(dataOf<{ done: { name: string; checkedIn: boolean } }>(done).done).toMatchObject({
      name: 'Lucía Participante',
      checkedIn: true,
    })
    expect(participation(p.id).checkedInAt).not.toBeNull()
    const records = () =>
      db
        .select()
        .from(s.participationRecords)
        .where(and(eq(s.participationRecords.kind, 'summit_attended'), eq(s.participationRecords.sourceId, Number(id))))
        .all()
    expect(records()).toHaveLength(1)
    const desk = dataOf<{ counts: { confirmed: number; checkedIn: number }; rows: { name: string }[] }>(
      await run(checkIn.loader, getRequest(`${path}/check-in?q=Luc`, { cookie: staff }), {
        id: String(summitId),
      }),
    )
    expect(desk.counts).toEqual({ confirmed: 1, checkedIn: 1 })
    expect(desk.rows.map((r) => r.name)).toEqual(['Lucía Participante'])
    expect(statusOf(await post({ target: id, checkedIn: '0' }, staff, checkIn))).toBe(200)
    expect(participation(p.id).checkedInAt).toBeNull()
    expect(records()).toHaveLength(0)
  })

  it('is for staff only', async () => {
    for (const cookie of [analyst, participant]) {
      expect(statusOf(await run(rosterPage.loader, getRequest(path, { cookie }), { id: String(summitId) }))).toBe(403)
      expect(statusOf(await post({ intent: 'nominate', emails: 'x@example.com' }, cookie))).toBe(403)
      expect(statusOf(await post({ target: '1', checkedIn: '1' }, cookie, checkIn))).toBe(403)
      expect(
        statusOf(await run(rosterCsv.loader, getRequest(`${path}/roster.csv`, { cookie }), { id: String(summitId) })),
      ).toBe(403)
    }
  })
})

describe('my summit: travel details', () => {
  const travel = (over: Record<string, string> = {}) => ({
    arrivalDate: '2030-03-06',
    arrivalTime: '07:40',
    arrivalCarrier: 'MH 3',
    departureDate: '2030-03-13',
    departureTime: '23:30',
    departureCarrier: 'MH 2',
    hotel: 'Hotel near the venue',
    hotelNights: '7',
    visaLetterNeeded: 'on',
    dietaryNeeds: 'Vegetarian',
    accessibilityNeeds: '',
    emergencyContactName: 'Ana Participante',
    emergencyContactPhone: '+57 1 234 5678',
    ...over,
  })
  let slug: string
  beforeEach(async () => {
    slug = db.select().from(s.events).where(eq(s.events.id, summitId)).get()!.slug
    await post({ intent: 'nominate', emails: DEMO_ACCOUNTS.participant })
  })
  const save = (fields: Record<string, string>, cookie = participant) =>
    run(mySummit.action, formRequest(`/summits/${slug}/me`, fields, { cookie }), { slug })

  it('lists what is missing, then stores the details in the venue’s zone', async () => {
    const before = dataOf<{ place: { missing: string[] } }>(
      await run(mySummit.loader, getRequest(`/summits/${slug}/me`, { cookie: participant }), { slug }),
    )
    expect(before.place.missing).toEqual(['arrival', 'departure', 'emergencyContact'])
    expect(statusOf(await save(travel()))).toBe(303)
    const me = person(eq(s.people.email, DEMO_ACCOUNTS.participant))
    const row = participation(me.id)
    expect(row.arrivalAt!.toISOString()).toBe('2030-03-05T23:40:00.000Z') // 07:40 in Kuala Lumpur (UTC+8)
    expect(row).toMatchObject({
      arrivalCarrier: 'MH 3',
      visaLetterNeeded: true,
      hotelNights: 7,
      emergencyContactPhone: '+57 1 234 5678',
    })
    const after = dataOf<{ place: { missing: string[] }; values: Record<string, string> }>(
      await run(mySummit.loader, getRequest(`/summits/${slug}/me`, { cookie: participant }), { slug }),
    )
    expect(after.place.missing).toEqual([])
    expect(after.values.arrivalTime).toBe('07:40')
    const log = db.select().from(s.auditLog).where(eq(s.auditLog.action, 'summit.travel')).all().at(-1)!
    expect(log.actorId).toBe(me.id)
    expect(JSON.stringify(log.details ?? {})).not.toContain('+57') // who and when, not the private details
  })

  it('refuses dates outside the summit window and a departure before the arrival, keeping what was typed', async () => {
    const far = await save(travel({ arrivalDate: '2030-01-01' }))
    expect(statusOf(far)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]>; values: Record<string, string> }>(far)).toMatchObject({
      errors: { arrivalDate: ['errors.summit.arrivalOutside'] },
      values: { dietaryNeeds: 'Vegetarian' },
    })
    const backwards = await save(travel({ departureDate: '2030-03-05' }))
    expect(dataOf<{ errors: Record<string, string[]> }>(backwards).errors).toEqual({
      departureDate: ['errors.summit.departureBeforeArrival'],
    })
    const half = await save(travel({ arrivalTime: '' }))
    expect(dataOf<{ errors: Record<string, string[]> }>(half).errors).toEqual({
      arrivalDate: ['errors.summit.dateAndTime'],
    })
    expect(statusOf(await save(travel({ emergencyContactPhone: 'call me' })))).toBe(400)
    expect(participation(person(eq(s.people.email, DEMO_ACCOUNTS.participant)).id).arrivalAt).toBeNull()
  })

  it('is private: people not on the roster (analysts included) get nothing, and nobody can reach another’s details', async () => {
    expect(statusOf(await run(mySummit.loader, getRequest(`/summits/${slug}/me`, { cookie: analyst }), { slug }))).toBe(
      404,
    )
    expect(statusOf(await save(travel(), analyst))).toBe(404)
    expect(statusOf(await run(mySummit.loader, getRequest(`/summits/${slug}/me`), { slug }))).toBe(302)
  })

  it('gives the programme as a calendar file, whole or one session', async () => {
    const atlas = db.select().from(s.events).where(eq(s.events.slug, 'atlas-ii-london-2014')).get()!
    const sessions = db.select().from(s.events).where(eq(s.events.parentEventId, atlas.id)).all()
    const res = (await run(
      programme.loader,
      getRequest('/summits/atlas-ii-london-2014/programme.ics', { headers: { 'Accept-Language': 'fr' } }),
      { slug: atlas.slug },
    )) as Response
    expect(res.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8')
    const vevents = (text: string) =>
      new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    const all = vevents(await res.text())
    expect(all).toHaveLength(sessions.length)
    expect(all.every((e) => /^event-\d+@/.test(e.uid) && e.startDate.zone?.tzid === 'UTC')).toBe(true)
    const one = (await run(
      programme.loader,
      getRequest(`/summits/atlas-ii-london-2014/programme.ics?session=${sessions[0].id}`),
      { slug: atlas.slug },
    )) as Response
    const single = parseIcs(await one.text())
    expect(single.uid).toBe(`event-${sessions[0].id}@${single.uid.split('@')[1]}`)
    expect(single.start).toBe(sessions[0].startsAt.toISOString())
    expect(
      statusOf(
        await run(programme.loader, getRequest('/summits/atlas-ii-london-2014/programme.ics?session=999999'), {
          slug: atlas.slug,
        }),
      ),
    ).toBe(404)
  })
})

describe('the travel team', () => {
  let slug: string
  beforeEach(async () => {
    slug = db.select().from(s.events).where(eq(s.events.id, summitId)).get()!.slug
    const emails = [DEMO_ACCOUNTS.participant, DEMO_ACCOUNTS.analyst]
    await post({ intent: 'nominate', emails: emails.join('\n') })
    for (const e of emails)
      await post({
        intent: 'status',
        participationId: String(participation(person(eq(s.people.email, e)).id).id),
        status: 'confirmed',
      })
    await run(
      mySummit.action,
      formRequest(
        `/summits/${slug}/me`,
        {
          arrivalDate: '2030-03-06',
          arrivalTime: '07:40',
          departureDate: '2030-03-12',
          departureTime: '10:00',
          emergencyContactName: 'Ana',
          emergencyContactPhone: '+57 1 234 5678',
          visaLetterNeeded: 'on',
          hotel: 'Hotel KL',
          hotelNights: '6',
        },
        { cookie: participant },
      ),
      { slug },
    )
  })

  it('lists who is missing what, and reminds only them, in their language, once a day', async () => {
    const d = dataOf<{ rows: { email: string; missing: string[] }[]; missing: number }>(
      await run(travelPage.loader, getRequest(`${path}/travel`, { cookie: staff }), { id: String(summitId) }),
    )
    expect(d.missing).toBe(1)
    expect(d.rows.find((r) => r.email === DEMO_ACCOUNTS.analyst)!.missing).toEqual([
      'arrival',
      'departure',
      'emergencyContact',
    ])
    const remind = () =>
      run(travelPage.action, formRequest(`${path}/travel`, {}, { cookie: staff }), { id: String(summitId) })
    expect(statusOf(await remind())).toBe(303)
    const reminders = db.select().from(s.outbox).where(eq(s.outbox.kind, 'summit_travel_reminder')).all()
    expect(reminders.map((m) => m.toAddress)).toEqual([DEMO_ACCOUNTS.analyst])
    expect(reminders[0].subject).toBe('ATLAS IV (sommet) : vos informations de voyage')
    expect(reminders[0].text).toContain('une personne à prévenir en cas d’urgence')
    await remind()
    expect(db.select().from(s.outbox).where(eq(s.outbox.kind, 'summit_travel_reminder')).all()).toHaveLength(1)
    expect(
      statusOf(
        await run(travelPage.loader, getRequest(`${path}/travel`, { cookie: analyst }), {
          id: String(summitId),
        }),
      ),
    ).toBe(403)
  })

  it('exports the travel and rooming lists with local times', async () => {
    for (const list of ['travel', 'rooming']) {
      const res = (await run(exportList.loader, getRequest(`${path}/export/${list}`, { cookie: staff }), {
        id: String(summitId),
        list,
      })) as Response
      const bytes = new Uint8Array(await res.arrayBuffer())
      expect([...bytes.slice(0, 3)], list).toEqual([0xef, 0xbb, 0xbf])
      const text = new TextDecoder().decode(bytes)
      expect(text, list).toContain('Lucía Participante')
      expect(text, list).toContain('2030-03-06 07:40')
    }
    expect(
      statusOf(
        await run(exportList.loader, getRequest(`${path}/export/secrets`, { cookie: staff }), {
          id: String(summitId),
          list: 'secrets',
        }),
      ),
    ).toBe(404)
    expect(
      statusOf(
        await run(exportList.loader, getRequest(`${path}/export/travel`, { cookie: participant }), {
          id: String(summitId),
          list: 'travel',
        }),
      ),
    ).toBe(403)
  })

  it('prints a visa letter only with the passport name staff confirmed, for the participant and staff, and for nobody else', async () => {
    const letterFor = (cookie: string, query = '') =>
      run(visaLetter.loader, getRequest(`/summits/${slug}/visa-letter${query}`, { cookie }), { slug })
    const lucia = String(participation(person(eq(s.people.email, DEMO_ACCOUNTS.participant)).id).id)
    // No passport name yet: no letter, whatever the profile name.
    expect(statusOf(await letterFor(participant))).toBe(409)
    const travel = {
      arrivalDate: '2030-03-06',
      arrivalTime: '07:40',
      departureDate: '2030-03-12',
      departureTime: '10:00',
      emergencyContactName: 'Ana',
      emergencyContactPhone: '+57 1 234 5678',
      visaLetterNeeded: 'on',
      hotel: 'Hotel KL',
      hotelNights: '6',
    }
    await run(
      mySummit.action,
      formRequest(
        `/summits/${slug}/me`,
        { ...travel, passportName: 'GOMEZ PARTICIPANTE LUCIA' },
        { cookie: participant },
      ),
      { slug },
    )
    // Typed but not confirmed: still no letter.
    expect(statusOf(await letterFor(participant))).toBe(409)
    const confirm = (cookie: string) =>
      run(
        travelPage.action,
        formRequest(`${path}/travel`, { intent: 'confirm-passport-name', participationId: lucia }, { cookie }),
        { id: String(summitId) },
      )
    expect(statusOf(await confirm(participant))).toBe(403)
    expect(statusOf(await confirm(staff))).toBe(303)
    const own = dataOf<{ letter: { name: string; stay: string; confirmed: string } }>(await letterFor(participant))
    expect(own.letter.name).toBe('GOMEZ PARTICIPANTE LUCIA')
    expect(own.letter.stay).toContain('2030')
    expect(own.letter.confirmed).toMatch(/^Sam Staff|^.+, \d/)
    const byStaff = dataOf<{ letter: { name: string } }>(await letterFor(staff, `?participation=${lucia}`))
    expect(byStaff.letter.name).toBe('GOMEZ PARTICIPANTE LUCIA')
    // The analyst asking for Lucía's letter gets their own (none: no passport name), never hers.
    expect(statusOf(await letterFor(analyst, `?participation=${lucia}`))).toBe(409)
    // A changed passport name needs confirming again.
    await run(
      mySummit.action,
      formRequest(`/summits/${slug}/me`, { ...travel, passportName: 'LUCIA GOMEZ' }, { cookie: participant }),
      { slug },
    )
    expect(statusOf(await letterFor(participant))).toBe(409)
    const audit = db.select().from(s.auditLog).where(eq(s.auditLog.action, 'summit.passportNameConfirmed')).all()
    expect(audit).toHaveLength(1)
  })
})

describe('thematic working groups', () => {
  const groupPost = (fields: Record<string, string>, cookie = staff) =>
    run(groupsPage.action, formRequest(`${path}/groups`, fields, { cookie }), { id: String(summitId) })

  it('assigns confirmed participants from their preferences, keeping regions mixed, and records who chairs', async () => {
    for (const [en, fr] of [
      ['Future of Multistakeholder Models', ''],
      ['Globalisation of ICANN', 'Mondialisation de l’ICANN'],
    ]) {
      expect(statusOf(await groupPost({ intent: 'create', name_en: en, name_fr: fr, name_es: '', topic_en: en }))).toBe(
        303,
      )
    }
    const [g1, g2] = summitGroups(db, summitId, 'en')
    const byRegion = (code: s.RegionCode) =>
      db
        .select()
        .from(s.people)
        .where(and(eq(s.people.regionCode, code), eq(s.people.memberType, 'als_representative')))
        .all()
        .slice(0, 2)
    const chosen = [...byRegion('AFRALO'), ...byRegion('EURALO')]
    await post({ intent: 'nominate', emails: chosen.map((p) => p.email).join('\n') })
    for (const p of chosen)
      await post({ intent: 'status', participationId: String(participation(p.id).id), status: 'confirmed' })
    // The first one asked for group 2.
    db.update(s.summitParticipations)
      .set({ workingGroupPreferences: [g2.id] })
      .where(eq(s.summitParticipations.id, participation(chosen[0].id).id))
      .run()
    expect(autoAssign(db, { summitId }, { actorId: 1 })).toBe(4)
    const after = summitGroups(db, summitId, 'en')
    expect(after.find((g) => g.id === g2.id)!.members.map((m) => m.personId)).toContain(chosen[0].id)
    for (const g of after) {
      expect(g.members).toHaveLength(2)
      expect(g.byRegion.AFRALO).toBe(1)
      expect(g.byRegion.EURALO).toBe(1)
    }
    // By hand: move someone and make them chair; they leave their old group.
    const moved = chosen[1]
    expect(
      statusOf(
        await groupPost({
          intent: 'assign',
          participationId: String(participation(moved.id).id),
          groupId: String(g1.id),
          role: 'chair',
        }),
      ),
    ).toBe(303)
    const now = summitGroups(db, summitId, 'en')
    expect(now.flatMap((g) => g.members.filter((m) => m.personId === moved.id))).toEqual([
      expect.objectContaining({ groupId: g1.id, role: 'chair' }),
    ])
    expect(participation(moved.id).workingGroupId).toBe(g1.id)
    expect(
      db
        .select()
        .from(s.participationRecords)
        .where(
          and(eq(s.participationRecords.personId, moved.id), eq(s.participationRecords.kind, 'working_group_member')),
        )
        .all()
        .filter((r) => [g1.id, g2.id].includes(r.sourceId))
        .map((r) => r.sourceId),
    ).toEqual([g1.id])
    // Report status and link.
    expect(
      statusOf(
        await groupPost({
          intent: 'report',
          groupId: String(g1.id),
          reportStatus: 'public_comment',
          reportUrl: 'javascript:alert(1)',
        }),
      ),
    ).toBe(400)
    expect(
      statusOf(
        await groupPost({
          intent: 'report',
          groupId: String(g1.id),
          reportStatus: 'public_comment',
          reportUrl: 'https://atlarge.example.org/report-1',
        }),
      ),
    ).toBe(303)
    expect(summitGroups(db, summitId, 'fr').find((g) => g.id === g1.id)).toMatchObject({
      reportStatus: 'public_comment',
      reportUrl: 'https://atlarge.example.org/report-1',
    })
    // The lists for the groups, as CSV.
    const res = (await run(exportList.loader, getRequest(`${path}/export/groups`, { cookie: staff }), {
      id: String(summitId),
      list: 'groups',
    })) as Response
    const text = new TextDecoder().decode(new Uint8Array(await res.arrayBuffer()))
    expect(text).toContain('Globalisation of ICANN')
    expect(text).toContain(moved.name)
    expect(statusOf(await groupPost({ intent: 'auto' }, analyst))).toBe(403)
  })
})
