import { and, eq, isNull } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as staffGroup from '~/routes/staff.working-groups.$id'
import * as staffNew from '~/routes/staff.working-groups.new'
import * as publicList from '~/routes/working-groups._index'
import * as publicGroup from '~/routes/working-groups.$slug'
import { regionMetrics } from '~/services/metrics.server'
import { insertHeldMeeting } from '~/services/working-group-meetings.server'
import {
  addMembers,
  changeMemberRole,
  endMembership,
  getWorkingGroup,
  representation,
  saveWorkingGroup,
} from '~/services/working-groups.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let db: DB
let staff: string
const BASE_URL = 'http://app.test'
let staffId: number
const day = 86400_000

/** Five people, one per region, who are in no group yet. */
function newPeople(tag: string) {
  return s.REGION_CODES.map((regionCode, i) =>
    db
      .insert(s.people)
      .values({ email: `${tag}${i}@example.net`, name: `${tag} ${regionCode}`, regionCode })
      .returning()
      .get(),
  )
}

function newGroup(slug: string, extra: Partial<Parameters<typeof saveWorkingGroup>[2]> = {}) {
  const saved = saveWorkingGroup(
    db,
    null,
    {
      kind: 'working_party',
      slug,
      name: { en: `Party ${slug}` },
      topic: { en: 'A task' },
      description: { en: '' },
      startsOn: null,
      endsOn: null,
      membersPublic: false,
      allRegionsRequired: true,
      ...extra,
    },
    { actorId: staffId },
  )
  if (!saved.ok) throw new Error(saved.error)
  return saved.id
}

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 80 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  staffId = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.staff)).get()!.id
})

describe('working-group membership', () => {
  it('adds the people of a pasted list, reports the lines it cannot use, and counts those already in', () => {
    const ppl = newPeople('paste')
    const id = newGroup('paste-party')
    const text = `${ppl[0].name} <${ppl[0].email}>\n${ppl[1].email}\nno address here\nstranger@example.com`
    const first = addMembers(
      db,
      id,
      { text, role: 'member', joinedAt: new Date() },
      { actorId: staffId, baseUrl: BASE_URL },
    )!
    expect(first.stored).toBe(2)
    expect(first.failed.map((f) => [f.line, f.reason])).toEqual([
      [3, 'noEmail'],
      [4, 'unknown'],
    ])
    const again = addMembers(
      db,
      id,
      { text: ppl[0].email, role: 'chair', joinedAt: new Date() },
      { actorId: staffId, baseUrl: BASE_URL },
    )!
    expect(again).toEqual({ stored: 0, already: 1, failed: [] })
    // Joining is a participation record, as for the seeded groups.
    const records = db
      .select()
      .from(s.participationRecords)
      .where(and(eq(s.participationRecords.sourceType, 'working_group'), eq(s.participationRecords.sourceId, id)))
      .all()
    expect(records.map((r) => r.personId).sort()).toEqual([ppl[0].id, ppl[1].id].sort())
  })

  it('keeps the history: a role change ends one period and starts the next, leaving closes it', () => {
    const [p] = newPeople('history')
    const id = newGroup('history-party')
    const joined = new Date(Date.now() - 300 * day)
    addMembers(db, id, { text: p.email, role: 'member', joinedAt: joined }, { actorId: staffId, baseUrl: BASE_URL })
    const period = () =>
      db
        .select()
        .from(s.workingGroupMembers)
        .where(and(eq(s.workingGroupMembers.workingGroupId, id), isNull(s.workingGroupMembers.leftAt)))
        .get()!
    const promoted = new Date(Date.now() - 100 * day)
    expect(
      changeMemberRole(
        db,
        { groupId: id, membershipId: period().id, role: 'member' },
        { actorId: staffId, now: promoted },
      ),
    ).toEqual({
      ok: false,
      error: 'sameRole',
    })
    expect(
      changeMemberRole(
        db,
        { groupId: id, membershipId: period().id, role: 'vice_chair' },
        { actorId: staffId, now: promoted },
      ),
    ).toEqual({ ok: true })
    expect(
      endMembership(
        db,
        { groupId: id, membershipId: period().id, leftAt: new Date(promoted.getTime() - day) },
        { actorId: staffId, baseUrl: BASE_URL },
      ),
    ).toEqual({
      ok: false,
      error: 'beforeJoined',
    })
    const left = new Date(Date.now() - 10 * day)
    expect(
      endMembership(
        db,
        { groupId: id, membershipId: period().id, leftAt: left },
        { actorId: staffId, baseUrl: BASE_URL },
      ),
    ).toEqual({
      ok: true,
    })
    const rows = db
      .select()
      .from(s.workingGroupMembers)
      .where(eq(s.workingGroupMembers.workingGroupId, id))
      .orderBy(s.workingGroupMembers.joinedAt)
      .all()
    expect(rows.map((r) => [r.role, r.joinedAt.getTime(), r.leftAt?.getTime()])).toEqual([
      ['member', joined.getTime(), promoted.getTime()],
      ['vice_chair', promoted.getTime(), left.getTime()],
    ])
    const page = getWorkingGroup(db, id, 'en')!
    expect(page.members).toEqual([])
    expect(page.history.map((h) => h.role)).toEqual(['vice_chair', 'member'])
    // Someone who left can join again later; the earlier periods stay.
    expect(
      addMembers(
        db,
        id,
        { text: p.email, role: 'member', joinedAt: new Date() },
        { actorId: staffId, baseUrl: BASE_URL },
      )!.stored,
    ).toBe(1)
    expect(getWorkingGroup(db, id, 'en')!.members.map((m) => m.id)).toEqual([p.id])
  })

  it('names the regions a group that must have every RALO still lacks (observers and staff support do not count)', () => {
    const ppl = newPeople('regions')
    const id = newGroup('regions-party')
    addMembers(
      db,
      id,
      {
        text: ppl
          .slice(0, 3)
          .map((p) => p.email)
          .join('\n'),
        role: 'member',
        joinedAt: new Date(),
      },
      {
        actorId: staffId,
        baseUrl: BASE_URL,
      },
    )
    addMembers(
      db,
      id,
      { text: ppl[3].email, role: 'observer', joinedAt: new Date() },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    expect(representation(db, id).missing).toEqual(['LACRALO', 'NARALO'])
    addMembers(
      db,
      id,
      { text: ppl[4].email, role: 'chair', joinedAt: new Date() },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    expect(representation(db, id).missing).toEqual(['LACRALO'])
  })

  it('counts a meeting for the members of its date: who joined later or had left is not expected there', () => {
    const ppl = newPeople('metrics')
    const id = newGroup('metrics-party', { allRegionsRequired: false })
    // Long before the demo data's meetings, so only this group counts in the period.
    const meetingAt = new Date(Date.now() - 1000 * day)
    insertHeldMeeting(db, { groupId: id, heldAt: meetingAt, title: 'call' })
    const at = (d: number) => new Date(meetingAt.getTime() + d * day)
    // AFRALO: a member then. APRALO: joined after. EURALO: left before. LACRALO: left after.
    addMembers(
      db,
      id,
      { text: ppl[0].email, role: 'member', joinedAt: at(-30) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    addMembers(
      db,
      id,
      { text: ppl[1].email, role: 'member', joinedAt: at(10) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    addMembers(
      db,
      id,
      { text: ppl[2].email + '\n' + ppl[3].email, role: 'member', joinedAt: at(-30) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    const open = (personId: number) =>
      db
        .select()
        .from(s.workingGroupMembers)
        .where(and(eq(s.workingGroupMembers.personId, personId), isNull(s.workingGroupMembers.leftAt)))
        .get()!.id
    endMembership(
      db,
      { groupId: id, membershipId: open(ppl[2].id), leftAt: at(-5) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    endMembership(
      db,
      { groupId: id, membershipId: open(ppl[3].id), leftAt: at(5) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    expect(getWorkingGroup(db, id, 'en')!.meetings[0].members).toBe(2)
    // The metrics' "possible meetings" per region follow the same rule.
    const period = { from: at(-1), to: at(1), fromText: '', toText: '' }
    const byRegion = Object.fromEntries(
      regionMetrics(db, period as never).map((r) => [r.regionCode, r.meetingAttendanceRate]),
    )
    // Nobody attended: a rate of 0 where someone was expected, none where nobody was.
    expect(byRegion.AFRALO).toBe(0)
    expect(byRegion.LACRALO).toBe(0)
    expect(byRegion.APRALO ?? null).toBeNull()
    expect(byRegion.EURALO ?? null).toBeNull()
  })
})

describe('working-group pages', () => {
  it('staff create a group; bad input is refused with translated keys and nothing stored', async () => {
    const before = db.select().from(s.workingGroups).all().length
    const bad = await run(
      staffNew.action,
      formRequest(
        '/staff/working-groups/new',
        { kind: 'working_party', nameEn: '', topicEn: 'x', startsOn: '2026-05-01', endsOn: '2026-04-01' },
        { cookie: staff },
      ),
    )
    expect(statusOf(bad)).toBe(400)
    const errors = dataOf<{ errors: Record<string, string[]>; values: Record<string, unknown> }>(bad)
    expect(errors.errors.nameEn).toEqual(['errors.field.required'])
    expect(errors.errors.endsOn).toEqual(['errors.workingGroup.endsBeforeStart'])
    expect(errors.values.topicEn).toBe('x') // what was typed comes back
    expect(db.select().from(s.workingGroups).all().length).toBe(before)

    const ok = await run(
      staffNew.action,
      formRequest(
        '/staff/working-groups/new',
        {
          kind: 'working_party',
          nameEn: 'Capacity Building Working Party',
          nameEs: 'Grupo de Creación de Capacidades',
          topicEn: 'Webinars for newcomers',
          descriptionEn: 'First paragraph.\n\nSecond <b>paragraph</b>.',
          membersPublic: 'on',
          allRegionsRequired: 'on',
        },
        { cookie: staff },
      ),
    )
    expect(statusOf(ok)).toBe(303)
    const created = db
      .select()
      .from(s.workingGroups)
      .where(eq(s.workingGroups.slug, 'capacity-building-working-party'))
      .get()!
    expect((ok as Response).headers.get('Location')).toBe(`/staff/working-groups/${created.id}`)
    expect(created).toMatchObject({ kind: 'working_party', membersPublic: true, allRegionsRequired: true })

    // The same address again is refused (409), nothing stored.
    const clash = await run(
      staffNew.action,
      formRequest(
        '/staff/working-groups/new',
        { kind: 'standing', nameEn: 'Other', topicEn: 'y', slug: 'capacity-building-working-party' },
        { cookie: staff },
      ),
    )
    expect(statusOf(clash)).toBe(409)
    expect(dataOf<{ errors: Record<string, string[]> }>(clash).errors.slug).toEqual(['errors.workingGroup.slugTaken'])
  })

  it('staff add members on the group page, change a role, and a future joining date is refused', async () => {
    const ppl = newPeople('page')
    const id = newGroup('page-party')
    const path = `/staff/working-groups/${id}`
    const future = new Date(Date.now() + 3 * day).toISOString().slice(0, 10)
    const refused = await run(
      staffGroup.action,
      formRequest(
        path,
        { intent: 'add-members', people: ppl[0].email, role: 'member', joinedOn: future },
        { cookie: staff },
      ),
      { id: String(id) },
    )
    expect(statusOf(refused)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(refused).errors.joinedOn).toEqual([
      'errors.workingGroup.futureDate',
    ])
    const today = new Date().toISOString().slice(0, 10)
    const added = await run(
      staffGroup.action,
      formRequest(
        path,
        { intent: 'add-members', people: ppl.map((p) => p.email).join('\n'), role: 'member', joinedOn: today },
        { cookie: staff },
      ),
      { id: String(id) },
    )
    expect(dataOf<{ added: { stored: number } }>(added).added.stored).toBe(5)
    const page = dataOf<{ group: ReturnType<typeof getWorkingGroup> }>(
      await run(staffGroup.loader, getRequest(path, { cookie: staff }), { id: String(id) }),
    ).group!
    expect(page.representation.missing).toEqual([])
    const membershipId = page.members.find((m) => m.id === ppl[2].id)!.membershipId
    const changed = await run(
      staffGroup.action,
      formRequest(
        path,
        { intent: 'change-role', membershipId: String(membershipId), role: 'chair' },
        { cookie: staff },
      ),
      { id: String(id) },
    )
    expect(statusOf(changed)).toBe(303)
    // A membership of another group cannot be changed from this page.
    const other = newGroup('other-party')
    const elsewhere = await run(
      staffGroup.action,
      formRequest(
        `/staff/working-groups/${other}`,
        { intent: 'leave', membershipId: String(membershipId), leftOn: today },
        {
          cookie: staff,
        },
      ),
      { id: String(other) },
    )
    expect(statusOf(elsewhere)).toBe(404)
    // A summit's thematic group is filled from the summit's page, not here.
    const thematic = db.select().from(s.workingGroups).where(eq(s.workingGroups.kind, 'thematic')).get()!
    const before = db
      .select()
      .from(s.workingGroupMembers)
      .where(eq(s.workingGroupMembers.workingGroupId, thematic.id))
      .all()
    const refusedThematic = await run(
      staffGroup.action,
      formRequest(
        `/staff/working-groups/${thematic.id}`,
        { intent: 'add-members', people: ppl[0].email, role: 'member', joinedOn: today },
        { cookie: staff },
      ),
      { id: String(thematic.id) },
    )
    expect(statusOf(refusedThematic)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(refusedThematic).errors.form).toEqual([
      'errors.workingGroup.summitGroup',
    ])
    expect(
      db.select().from(s.workingGroupMembers).where(eq(s.workingGroupMembers.workingGroupId, thematic.id)).all(),
    ).toEqual(before)

    // Attendance is only for meetings already held: a planned call of the CPWG is refused.
    const cpwg = db.select().from(s.workingGroups).where(eq(s.workingGroups.slug, 'cpwg')).get()!
    const planned = db
      .select()
      .from(s.workingGroupMeetings)
      .where(eq(s.workingGroupMeetings.workingGroupId, cpwg.id))
      .all()
      .find((m) => m.heldAt > new Date())!
    const early = await run(
      staffGroup.action,
      formRequest(
        `/staff/working-groups/${cpwg.id}`,
        { intent: 'attendance', meetingId: String(planned.id), attendees: ppl[0].email },
        { cookie: staff },
      ),
      { id: String(cpwg.id) },
    )
    expect(statusOf(early)).toBe(400)
    expect(db.select().from(s.meetingAttendance).where(eq(s.meetingAttendance.meetingId, planned.id)).all()).toEqual([])
  })

  it('the public page shows members only when staff made them public, in the reader’s language with fallback marked', async () => {
    const list = dataOf<{ groups: { slug: string }[] }>(
      await run(publicList.loader, getRequest('/working-groups', { headers: { 'accept-language': 'fr' } })),
    )
    expect(list.groups.map((g) => g.slug)).toEqual(expect.arrayContaining(['cpwg', 'ofb-wg', 'als-mobilization']))
    type Page = {
      group: {
        name: { value: string; fallback: boolean }
        members: { name: string }[] | null
        upcoming: unknown[]
        past: unknown[]
        description: { paragraphs: string[]; fallback: boolean }
      }
    }
    const cpwg = dataOf<Page>(
      await run(publicGroup.loader, getRequest('/working-groups/cpwg', { headers: { 'accept-language': 'es' } }), {
        slug: 'cpwg',
      }),
    ).group
    expect(cpwg.name).toMatchObject({ value: 'Grupo de Trabajo sobre Políticas Consolidadas (CPWG)', fallback: false })
    expect(cpwg.members!.length).toBeGreaterThan(0)
    expect(cpwg.upcoming.length).toBe(2)
    expect(cpwg.past.length).toBeGreaterThan(0)
    expect(cpwg.description.paragraphs.length).toBe(2)
    const ofb = dataOf<Page>(await run(publicGroup.loader, getRequest('/working-groups/ofb-wg'), { slug: 'ofb-wg' }))
    expect(ofb.group.members).toBeNull()
    // A group with English texts only: shown in English, marked.
    newGroup('english-only', { description: { en: 'Only English.' } })
    const english = dataOf<Page>(
      await run(
        publicGroup.loader,
        getRequest('/working-groups/english-only', { headers: { 'accept-language': 'fr' } }),
        {
          slug: 'english-only',
        },
      ),
    ).group
    expect(english.name.fallback).toBe(true)
    expect(english.description.fallback).toBe(true)
    for (const slug of ['nope', '../etc', 'CPWG']) {
      expect(statusOf(await run(publicGroup.loader, getRequest(`/working-groups/${slug}`), { slug }))).toBe(404)
    }
  })
})
