/**
 * Duplicates: the likely pairs staff are shown, and a merge that moves every row to the
 * record that remains, keeps the better of two registrations for the same webinar, and
 * never hands the removed person's sign-in to the kept one.
 */
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as duplicatesPage from '~/routes/staff.people.duplicates'
import * as mergePage from '~/routes/staff.people.merge'
import { recordAudit } from '~/services/audit.server'
import { createPerson, findPersonIdByEmail } from '~/services/people.server'
import { canonicalEmail, mergePeople, possibleDuplicates } from '~/services/people/merge.server'
import { personTimeline } from '~/services/people/record.server'
import { registerForEvent } from '~/services/registrations.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'
import { expectSearchIndexIntact } from './helpers/search-index'
import { createWebinar } from './helpers/webinar'

let db: DB
let staffId: number
let staff: string
// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 10 })
  staffId = findPersonIdByEmail(db, DEMO_ACCOUNTS.staff)!
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
})

const newPerson = (email: string, name: string, extra: Partial<Parameters<typeof createPerson>[1]> = {}) =>
  createPerson(db, {
    email,
    name,
    passwordHash: null,
    preferredLanguage: 'en',
    timeZone: 'UTC',
    regionCode: 'AFRALO',
    ...extra,
  })

const register = (eventId: number, personId: number) =>
  registerForEvent(db, { eventId, personId, channelLanguage: 'fr', dialOutNumber: null, baseUrl: 'http://app.test' })

describe('possible duplicates', () => {
  it('pairs the same name in the same region, and addresses that differ by dots or a +tag', () => {
    const a = newPerson('moussa.diop@x.org', 'Moussa Diop')
    const b = newPerson('m.diop@y.org', 'moussa  DIOP')
    const c = newPerson('ada.lovelace+summit@gmail.com', 'Ada Lovelace', { regionCode: 'EURALO' })
    const d = newPerson('adalovelace@gmail.com', 'A. Lovelace', { regionCode: 'NARALO' })
    newPerson('moussa.diop@z.org', 'Moussa Diop', { regionCode: 'EURALO' }) // another region: not a pair
    expect(canonicalEmail('Ada.Lovelace+summit@Gmail.com')).toBe('adalovelace@gmail.com')
    const { pairs } = possibleDuplicates(db)
    const found = pairs.map((p) => [p.a.id, p.b.id, p.reasons])
    expect(found).toContainEqual([a, b, ['sameNameRegion']])
    expect(found).toContainEqual([c, d, ['similarEmail']])
    expect(found.filter(([x, y]) => [x, y].includes(a) && ![x, y].includes(b))).toEqual([])
  })
})

describe('not the same person', () => {
  it('takes a pair off the likely duplicates for good, and says so on both timelines', async () => {
    const a = newPerson('maria.lopez@x.org', 'María López', { regionCode: 'LACRALO' })
    const b = newPerson('m.lopez@y.org', 'Maria Lopez', { regionCode: 'LACRALO' })
    const listed = () => possibleDuplicates(db, { limit: 10_000 }).pairs.some((p) => p.a.id === a && p.b.id === b)
    expect(listed()).toBe(true)
    const res = await run(
      duplicatesPage.action,
      formRequest('/staff/people/duplicates', { a: String(b), b: String(a) }, { cookie: staff }),
    )
    expect(statusOf(res)).toBe(303)
    expect(listed()).toBe(false)
    const entry = personTimeline(db, { personId: a, language: 'en' }).entries.find(
      (e) => e.detail === 'person.notDuplicate',
    )
    expect(entry).toMatchObject({ about: 'Maria Lopez <m.lopez@y.org>', who: 'Silvia Staff' })
    // Merging them later anyway still works (the dismissal goes with the removed record).
    expect(mergePeople(db, { keepId: a, removeId: b, choices: {} }, { actorId: staffId })).toMatchObject({ ok: true })
  })
})

describe('merging two records', () => {
  it('moves everything, keeps the better registration, and takes the chosen values', async () => {
    const keep = newPerson('lea.keep@x.org', 'Léa K.')
    const remove = newPerson('lea.remove@x.org', 'Léa Kouassi', { regionCode: 'EURALO' })
    db.update(s.people).set({ phone: '+33 1 23 45 67 89' }).where(eq(s.people.id, remove)).run()
    const both = createWebinar(db, { capacity: 1, slug: 'merge-both' })
    const onlyRemoved = createWebinar(db, { capacity: 5, slug: 'merge-only' })
    // The kept record is waitlisted (capacity 1 taken by someone else); the removed one is confirmed.
    const removedReg = register(both, remove)
    const keptReg = register(both, keep)
    expect(removedReg).toMatchObject({ status: 'confirmed' })
    expect(keptReg).toMatchObject({ status: 'waitlisted' })
    register(onlyRemoved, remove)
    db.insert(s.personRoles).values({ personId: remove, role: 'analyst' }).run()
    db.insert(s.personNotes).values({ personId: remove, authorId: staffId, body: 'Met at the summit' }).run()
    db.insert(s.authSessions)
      .values({ id: 'removed-session', personId: remove, data: {}, expiresAt: new Date(Date.now() + 3600_000) })
      .run()
    recordAudit(db, { actorId: staffId, action: 'person.updated', entityType: 'person', entityId: remove })
    const recordsBefore = db
      .select({ n: sql<number>`count(*)` })
      .from(s.participationRecords)
      .where(sql`${s.participationRecords.personId} in (${keep}, ${remove})`)
      .get()!.n

    const res = (await run(
      mergePage.action,
      formRequest(
        '/staff/people/merge',
        {
          keep: String(keep),
          remove: String(remove),
          name: 'remove',
          email: 'remove',
          regionCode: 'keep',
          phone: 'remove',
          confirm: 'yes',
        },
        { cookie: staff },
      ),
    )) as Response
    expect(res.headers.get('Location')).toBe(`/staff/people/${keep}`)

    expect(db.select().from(s.people).where(eq(s.people.id, remove)).get()).toBeUndefined()
    expect(db.select().from(s.people).where(eq(s.people.id, keep)).get()).toMatchObject({
      name: 'Léa Kouassi',
      email: 'lea.remove@x.org',
      regionCode: 'AFRALO',
      phone: '+33 1 23 45 67 89',
    })
    const regs = db.select().from(s.registrations).where(eq(s.registrations.personId, keep)).all()
    expect(regs.map((r) => [r.eventId, r.status]).sort()).toEqual(
      [
        [both, 'confirmed'],
        [onlyRemoved, 'confirmed'],
      ].sort(),
    )
    // The participation records follow the registration that stayed; none points at a deleted one.
    const dangling = db.all(
      sql`select r.id from participation_records r left join registrations g on g.id = r.source_id
          where r.source_type = 'registration' and g.id is null`,
    )
    expect(dangling).toEqual([])
    const recordsAfter = db
      .select({ n: sql<number>`count(*)` })
      .from(s.participationRecords)
      .where(eq(s.participationRecords.personId, keep))
      .get()!.n
    expect(recordsAfter).toBe(recordsBefore - 1) // both had "registered" for the same webinar: one remains
    expect(db.select().from(s.personRoles).where(eq(s.personRoles.personId, keep)).all()).toEqual([
      { personId: keep, role: 'analyst', regionCode: null },
    ])
    expect(db.select().from(s.personNotes).where(eq(s.personNotes.personId, keep)).all()).toHaveLength(1)
    // The removed person's browser is signed out, not signed in as the kept person.
    expect(db.select().from(s.authSessions).where(eq(s.authSessions.id, 'removed-session')).get()).toBeUndefined()
    // Their history now shows on the kept record, with the merge itself.
    const history = db
      .select({ action: s.auditLog.action })
      .from(s.auditLog)
      .where(and(eq(s.auditLog.entityType, 'person'), eq(s.auditLog.entityId, String(keep))))
      .all()
      .map((h) => h.action)
    expect(history).toEqual(expect.arrayContaining(['person.updated', 'person.merged']))
    // The kept record's timeline names the record that was merged into it, and who did it.
    const merged = personTimeline(db, { personId: keep, language: 'en' }).entries.find(
      (e) => e.detail === 'person.merged',
    )
    expect(merged).toMatchObject({ about: 'Léa Kouassi <lea.remove@x.org>', who: 'Silvia Staff' })
  })

  it('asks once before a merge, which cannot be undone: without the tick nothing happens', async () => {
    const a = newPerson('thomas.ivanov@x.org', 'Thomas Ivanov', { regionCode: 'EURALO' })
    const b = newPerson('t.ivanov@x.org', 'Thomas Ivanov', { regionCode: 'APRALO' })
    const res = await run(
      mergePage.action,
      formRequest('/staff/people/merge', { keep: String(a), remove: String(b) }, { cookie: staff }),
    )
    expect(statusOf(res)).toBe(400)
    expect(dataOf(res)).toEqual({ error: 'errors.merge.confirm' })
    expect(db.select().from(s.people).where(eq(s.people.id, b)).get()).toBeDefined()
  })

  it('refuses to remove the staff member who merges, the same record twice, or a missing one', () => {
    const other = newPerson('other.staff@x.org', 'Other')
    expect(mergePeople(db, { keepId: other, removeId: staffId, choices: {} }, { actorId: staffId })).toEqual({
      ok: false,
      error: 'self',
    })
    expect(mergePeople(db, { keepId: other, removeId: other, choices: {} }, { actorId: staffId })).toEqual({
      ok: false,
      error: 'same',
    })
    expect(mergePeople(db, { keepId: other, removeId: 999999, choices: {} }, { actorId: staffId })).toEqual({
      ok: false,
      error: 'notFound',
    })
  })

  it('shows both records side by side, and finds the second by search', async () => {
    const a = newPerson('side.a@x.org', 'Side Person')
    const b = newPerson('side.b@x.org', 'Side Person B', { regionCode: 'APRALO' })
    const page = dataOf<Awaited<ReturnType<typeof mergePage.loader>>>(
      await run(mergePage.loader, getRequest(`/staff/people/merge?a=${a}&b=${b}`, { cookie: staff })),
    )
    expect(page.keep.name).toBe('Side Person')
    expect(page.remove?.regionCode).toBe('APRALO')
    // Each card tells its record apart: address, region, structure, created, last activity.
    expect(page.keep).toMatchObject({ email: 'side.a@x.org', lastActivityAt: null })
    expect(page.remove).toMatchObject({ email: 'side.b@x.org', createdAt: expect.any(Date) })
    const search = dataOf<Awaited<ReturnType<typeof mergePage.loader>>>(
      await run(mergePage.loader, getRequest(`/staff/people/merge?a=${a}&q=side`, { cookie: staff })),
    )
    expect(search.matches.map((m) => m.id)).toEqual([b])
    const participant = await cookieFor(DEMO_ACCOUNTS.participant)
    expect(
      statusOf(await run(mergePage.loader, getRequest(`/staff/people/merge?a=${a}`, { cookie: participant }))),
    ).toBe(403)
  })
})

afterAll(() => expectSearchIndexIntact(db))
