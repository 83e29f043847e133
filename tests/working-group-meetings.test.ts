import { and, eq, inArray, isNull } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as newsletterNew from '~/routes/staff.newsletters.new'
import * as staffGroup from '~/routes/staff.working-groups.$id'
import * as staffMeeting from '~/routes/staff.working-groups.$id_.meetings.$meetingId'
import * as newMeeting from '~/routes/staff.working-groups.$id_.meetings.new'
import * as publicMeeting from '~/routes/working-groups.$slug_.meetings.$meetingId'
import * as invite from '~/routes/working-groups.$slug_.meetings.$meetingId.invite[.ics]'
import { runEventMailJobs } from '~/services/event-mail-jobs.server'
import { audienceCounts } from '~/services/newsletters/audiences.server'
import { personalFeed } from '~/services/registrations.server'
import { queueDueReminders } from '~/services/reminders.server'
import {
  addAction,
  cancelMeeting,
  getPublicMeeting,
  insertHeldMeeting,
  type MeetingInput,
  queueActionReminders,
  saveMinutes,
  scheduleMeeting,
  updateMeeting,
} from '~/services/working-group-meetings.server'
import { addMembers, endMembership, saveWorkingGroup } from '~/services/working-groups.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'
import { parseIcs } from './helpers/ics'

const BASE_URL = 'http://app.test'
const hour = 3600_000
/** A start `days` from now, on the minute (calendars keep whole seconds). */
const inDays = (days: number) => new Date(Math.floor((Date.now() + days * 24 * hour) / 60_000) * 60_000)
let db: DB
let staffId: number
let staff: string

/** Three members, one per language, in three zones. */
function newMembers(tag: string) {
  return (
    [
      ['en', 'America/New_York'],
      ['fr', 'Africa/Dakar'],
      ['es', 'America/Bogota'],
    ] as const
  ).map(([preferredLanguage, timeZone]) =>
    db
      .insert(s.people)
      .values({
        email: `${tag}-${preferredLanguage}@example.net`,
        name: `${tag} ${preferredLanguage}`,
        preferredLanguage,
        timeZone,
        calendarToken: `feed-${tag}-${preferredLanguage}`,
        regionCode: preferredLanguage === 'es' ? 'LACRALO' : preferredLanguage === 'fr' ? 'AFRALO' : 'NARALO',
      })
      .returning()
      .get(),
  )
}

function newParty(slug: string, membersPublic = false) {
  const saved = saveWorkingGroup(
    db,
    null,
    {
      kind: 'working_party',
      slug,
      name: { en: `Party ${slug}`, fr: `Groupe ${slug}`, es: `Grupo ${slug}` },
      topic: { en: 'A task' },
      description: { en: '' },
      startsOn: null,
      endsOn: null,
      membersPublic,
      allRegionsRequired: false,
    },
    { actorId: staffId },
  )
  if (!saved.ok) throw new Error(saved.error)
  return saved.id
}

function meetingAt(startsAt: Date, channels: s.Language[] = ['en', 'fr', 'es']): MeetingInput {
  return {
    texts: {
      en: { title: 'Party call <1>', description: '', agenda: '1. Welcome\n2. Drafts' },
      fr: { title: 'Réunion du groupe', description: '', agenda: '1. Accueil\n2. Projets' },
      es: { title: 'Reunión del grupo', description: '', agenda: '1. Bienvenida\n2. Borradores' },
    },
    startsAt,
    endsAt: new Date(startsAt.getTime() + 90 * 60_000),
    timeZone: 'Europe/Brussels',
    platformName: 'Zoom',
    platformUrl: 'https://zoom.example/j/123',
    reminderOffsets: [1440, 60],
    channels: channels.map((language, i) => ({
      language,
      conferenceId: `900 ${i}00 ${i}11`,
      dialInNumbers: '',
      interpreters: '',
    })),
  }
}

const mailsOf = (eventId: number, kind: string) =>
  db
    .select({ outbox: s.outbox, person: s.people })
    .from(s.outbox)
    .innerJoin(s.people, eq(s.people.id, s.outbox.personId))
    .innerJoin(s.registrations, and(eq(s.registrations.personId, s.people.id), eq(s.registrations.eventId, eventId)))
    .where(eq(s.outbox.kind, `registration-${kind}`))
    .all()

const inviteOf = (row: { attachments: s.OutboxAttachment[] | null }) => parseIcs(String(row.attachments![0].content))

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 60 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  staffId = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.staff)).get()!.id
})

describe('a working-group meeting is a calendar event', () => {
  it('gives every member a seat on their own channel and mails each the notice in their language with the invite', async () => {
    const groupId = newParty('notice-party')
    const members = newMembers('notice')
    addMembers(
      db,
      groupId,
      { text: members.map((m) => m.email).join('\n'), role: 'member', joinedAt: new Date(Date.now() - 86400_000) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    const startsAt = inDays(7)
    const result = scheduleMeeting(
      db,
      { groupId, meeting: meetingAt(startsAt) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.notified).toBe(3)
    const seats = db.select().from(s.registrations).where(eq(s.registrations.eventId, result.eventId)).all()
    expect(seats.map((r) => [r.personId, r.channelLanguage, r.status]).sort()).toEqual(
      members.map((m) => [m.id, m.preferredLanguage, 'confirmed']).sort(),
    )

    await runEventMailJobs(db, { baseUrl: BASE_URL })
    const notices = mailsOf(result.eventId, 'notice')
    expect(notices).toHaveLength(3)
    const spanish = notices.find((n) => n.person.preferredLanguage === 'es')!
    expect(spanish.outbox.subject).toBe('Convocatoria: Reunión del grupo')
    expect(spanish.outbox.text).toContain('Canal Español: ID de conferencia 900 200 211')
    expect(spanish.outbox.text).toContain('Bienvenida')
    // In the member's own zone: 7 days ahead, Bogota is UTC−5.
    expect(spanish.outbox.text).toMatch(/GMT-5|COT|-05/)
    expect(spanish.outbox.html).toContain(`${BASE_URL}/working-groups/notice-party/meetings/${result.meetingId}`)
    const ics = inviteOf(spanish.outbox)
    expect(ics.method).toBe('REQUEST')
    expect(ics.sequence).toBe(0)
    expect(ics.summary).toBe('Reunión del grupo')
    expect(ics.start).toBe(startsAt.toISOString())
    expect(ics.description).toContain('900 200 211')
    const french = notices.find((n) => n.person.preferredLanguage === 'fr')!
    expect(french.outbox.subject).toBe('Convocation : Réunion du groupe')
    expect(inviteOf(french.outbox).description).toContain('900 100 111')

    // The member's personal feed has it, on their channel.
    const feed = personalFeed(db, members[2].calendarToken!, BASE_URL)!
    const inFeed = feed.events.find((e) => e.id === result.eventId)!
    expect(inFeed.title).toBe('Reunión del grupo')
    expect(inFeed.channel?.language).toBe('es')

    // Reminders follow as for webinars: 24 hours before, once.
    const dayBefore = new Date(startsAt.getTime() - 23 * hour)
    queueDueReminders(db, BASE_URL, dayBefore)
    expect(mailsOf(result.eventId, 'reminder')).toHaveLength(3)
    expect(queueDueReminders(db, BASE_URL, dayBefore)).toBe(0)
  })

  it('sends the moved time with a new SEQUENCE, then the CANCEL, to every member', async () => {
    const groupId = newParty('move-party')
    const members = newMembers('move')
    addMembers(
      db,
      groupId,
      { text: members.map((m) => m.email).join('\n'), role: 'member', joinedAt: new Date(Date.now() - 86400_000) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    const startsAt = inDays(10)
    const scheduled = scheduleMeeting(
      db,
      { groupId, meeting: meetingAt(startsAt) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    if (!scheduled.ok) throw new Error(scheduled.error)
    const later = new Date(startsAt.getTime() + 2 * hour)
    const moved = updateMeeting(
      db,
      { groupId, meetingId: scheduled.meetingId, meeting: meetingAt(later, ['en', 'fr']) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    expect(moved.ok).toBe(true)
    // The notices had not gone out yet: everyone gets one notice, with the new time.
    await runEventMailJobs(db, { baseUrl: BASE_URL })
    const notices = mailsOf(scheduled.eventId, 'notice')
    expect(notices).toHaveLength(3)
    expect(notices.map((n) => inviteOf(n.outbox).start)).toEqual([later, later, later].map((d) => d.toISOString()))
    // The Spanish channel went: the Spanish member listens in English.
    const spanishSeat = db
      .select()
      .from(s.registrations)
      .where(and(eq(s.registrations.eventId, scheduled.eventId), eq(s.registrations.personId, members[2].id)))
      .get()!
    expect(spanishSeat.channelLanguage).toBe('en')
    const meetingRow = db
      .select()
      .from(s.workingGroupMeetings)
      .where(eq(s.workingGroupMeetings.id, scheduled.meetingId))
      .get()!
    expect(meetingRow.heldAt.toISOString()).toBe(later.toISOString())

    const again = updateMeeting(
      db,
      { groupId, meetingId: scheduled.meetingId, meeting: meetingAt(new Date(later.getTime() + hour), ['en', 'fr']) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    expect(again.ok && again.notified).toBe(3)
    await runEventMailJobs(db, { baseUrl: BASE_URL })
    const updates = mailsOf(scheduled.eventId, 'updated')
    expect(updates).toHaveLength(3)
    expect(inviteOf(updates[0].outbox).sequence).toBe(2)

    expect(
      cancelMeeting(db, { groupId, meetingId: scheduled.meetingId }, { actorId: staffId, baseUrl: BASE_URL }).ok,
    ).toBe(true)
    await runEventMailJobs(db, { baseUrl: BASE_URL })
    const cancels = mailsOf(scheduled.eventId, 'eventCancelled')
    expect(cancels).toHaveLength(3)
    const ics = inviteOf(cancels[0].outbox)
    expect(ics.method).toBe('CANCEL')
    expect(ics.sequence).toBe(3)
    expect(
      updateMeeting(
        db,
        { groupId, meetingId: scheduled.meetingId, meeting: meetingAt(later) },
        { actorId: staffId, baseUrl: BASE_URL },
      ),
    ).toEqual({ ok: false, error: 'cancelled' })
  })

  it('adds a newcomer to the meetings still to come, and takes a leaver off them with a CANCEL', async () => {
    const groupId = newParty('join-party')
    const [first, newcomer] = newMembers('join')
    addMembers(
      db,
      groupId,
      { text: first.email, role: 'chair', joinedAt: new Date(Date.now() - 86400_000) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    const scheduled = scheduleMeeting(
      db,
      { groupId, meeting: meetingAt(new Date(Date.now() + 5 * 24 * hour)) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    if (!scheduled.ok) throw new Error(scheduled.error)
    addMembers(
      db,
      groupId,
      { text: newcomer.email, role: 'member', joinedAt: new Date() },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    const notice = db
      .select()
      .from(s.outbox)
      .where(and(eq(s.outbox.personId, newcomer.id), eq(s.outbox.kind, 'registration-notice')))
      .get()!
    expect(notice.language).toBe('fr')
    expect(inviteOf(notice).method).toBe('REQUEST')

    const period = db
      .select()
      .from(s.workingGroupMembers)
      .where(and(eq(s.workingGroupMembers.workingGroupId, groupId), eq(s.workingGroupMembers.personId, newcomer.id)))
      .get()!
    const left = endMembership(
      db,
      { groupId, membershipId: period.id, leftAt: new Date() },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    expect(left.ok).toBe(true)
    const seat = db
      .select()
      .from(s.registrations)
      .where(and(eq(s.registrations.eventId, scheduled.eventId), eq(s.registrations.personId, newcomer.id)))
      .get()!
    expect(seat.status).toBe('cancelled')
    const removed = db
      .select()
      .from(s.outbox)
      .where(and(eq(s.outbox.personId, newcomer.id), eq(s.outbox.kind, 'registration-removed')))
      .get()!
    expect(removed.subject).toBe('Retiré de votre agenda : Réunion du groupe')
    expect(inviteOf(removed).method).toBe('CANCEL')
  })
})

describe('records of a meeting', () => {
  it('keeps minutes only after the meeting, and shows them sanitised in the reader’s language', () => {
    const groupId = newParty('minutes-party', true)
    const [owner] = newMembers('minutes')
    addMembers(
      db,
      groupId,
      { text: owner.email, role: 'member', joinedAt: new Date(Date.now() - 30 * 86400_000) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    const held = insertHeldMeeting(db, { groupId, heldAt: new Date(Date.now() - 2 * 86400_000), title: 'Held call' })
    const saved = saveMinutes(
      db,
      {
        groupId,
        meetingId: held.meetingId,
        minutes: { en: '**Agreed** <script>alert(1)</script> [x](javascript:alert(2))', fr: '' },
      },
      { actorId: staffId },
    )
    expect(saved.ok).toBe(true)
    const page = getPublicMeeting(db, {
      slug: 'minutes-party',
      meetingId: held.meetingId,
      language: 'fr',
      viewer: null,
    })!
    expect(page.minutes?.html).toContain('<strong>Agreed</strong>')
    expect(page.minutes?.html).not.toMatch(/script|javascript/)
    expect(page.minutes?.language).toBe('en')
    expect(page.minutes?.fallback).toBe(true)

    const future = scheduleMeeting(
      db,
      { groupId, meeting: meetingAt(new Date(Date.now() + 3 * 24 * hour)) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    if (!future.ok) throw new Error(future.error)
    expect(
      saveMinutes(db, { groupId, meetingId: future.meetingId, minutes: { en: 'too early' } }, { actorId: staffId }),
    ).toEqual({ ok: false, error: 'notHeld' })
  })

  it('refuses an owner who is not a member, and reminds the owner once, in their language, on the due date', () => {
    const groupId = newParty('action-party')
    const [, owner] = newMembers('action')
    const outsider = newMembers('outsider')[0]
    addMembers(
      db,
      groupId,
      { text: owner.email, role: 'member', joinedAt: new Date(Date.now() - 30 * 86400_000) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    const held = insertHeldMeeting(db, { groupId, heldAt: new Date(Date.now() - 86400_000), title: 'Call' })
    const dueOn = '2031-03-10'
    expect(
      addAction(
        db,
        { groupId, meetingId: held.meetingId, text: 'Draft', ownerId: outsider.id, dueOn },
        { actorId: staffId },
      ),
    ).toEqual({ ok: false, error: 'notMember' })
    const added = addAction(
      db,
      { groupId, meetingId: held.meetingId, text: 'Draft the <b>reply</b>', ownerId: owner.id, dueOn },
      { actorId: staffId },
    )
    expect(added.ok).toBe(true)
    // Dakar is on UTC: the day before, nothing; on the day, one reminder; again, none.
    expect(queueActionReminders(db, BASE_URL, new Date('2031-03-09T12:00:00Z'))).toBe(0)
    expect(queueActionReminders(db, BASE_URL, new Date('2031-03-10T08:00:00Z'))).toBe(1)
    expect(queueActionReminders(db, BASE_URL, new Date('2031-03-10T09:00:00Z'))).toBe(0)
    const mail = db
      .select()
      .from(s.outbox)
      .where(and(eq(s.outbox.personId, owner.id), eq(s.outbox.kind, 'action-reminder')))
      .get()!
    expect(mail.subject).toBe('Action à échéance : Groupe action-party')
    expect(mail.html).toContain('Draft the &lt;b&gt;reply&lt;/b&gt;')
  })
})

describe('the meeting pages', () => {
  it('refuses a bad meeting form with translated errors and stores nothing', async () => {
    const groupId = newParty('form-party')
    const before = db.select().from(s.events).all().length
    const response = await run(
      newMeeting.action,
      formRequest(
        `/staff/working-groups/${groupId}/meetings/new`,
        {
          title_en: '',
          date: 'soon',
          time: 'noon',
          timeZone: 'Mars/Olympus',
          durationMinutes: '0',
          conferenceId_fr: 'abc',
        },
        { cookie: staff },
      ),
      { id: String(groupId) },
    )
    expect(statusOf(response)).toBe(400)
    const errors = dataOf<{ errors: Record<string, string[]> }>(response).errors
    expect(Object.keys(errors).sort(), JSON.stringify(errors)).toEqual([
      'conferenceId_fr',
      'date',
      'durationMinutes',
      'time',
      'timeZone',
      'title_en',
    ])
    const past = await run(
      newMeeting.action,
      formRequest(
        `/staff/working-groups/${groupId}/meetings/new`,
        { title_en: 'Late', date: '2020-01-01', time: '10:00', timeZone: 'UTC', durationMinutes: '60' },
        { cookie: staff },
      ),
      { id: String(groupId) },
    )
    expect(statusOf(past)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(past).errors.time).toEqual(['errors.meeting.past'])
    expect(db.select().from(s.events).all().length).toBe(before)

    const participant = await cookieFor(DEMO_ACCOUNTS.participant)
    const refused = await run(
      newMeeting.action,
      formRequest(`/staff/working-groups/${groupId}/meetings/new`, { title_en: 'x' }, { cookie: participant }),
      { id: String(groupId) },
    )
    expect(statusOf(refused)).toBe(403)
  })

  it('publishes from the staff form, and shows the call link and conference IDs to members only', async () => {
    const groupId = newParty('page-party')
    const members = newMembers('page')
    addMembers(
      db,
      groupId,
      { text: members.map((m) => m.email).join('\n'), role: 'member', joinedAt: new Date(Date.now() - 86400_000) },
      { actorId: staffId, baseUrl: BASE_URL },
    )
    const date = new Date(Date.now() + 9 * 86400_000).toISOString().slice(0, 10)
    const published = await run(
      newMeeting.action,
      formRequest(
        `/staff/working-groups/${groupId}/meetings/new`,
        {
          title_en: 'Page call',
          title_es: 'Reunión de la página',
          agenda_es: '1. Punto <b>uno</b>',
          date,
          time: '14:00',
          timeZone: 'UTC',
          durationMinutes: '60',
          platformUrl: 'https://zoom.example/j/777',
          conferenceId_en: '111 222',
          conferenceId_es: '333 444',
        },
        { cookie: staff },
      ),
      { id: String(groupId) },
    )
    expect(statusOf(published)).toBe(303)
    const location = (published as Response).headers.get('Location')!
    const meetingId = location.split('/').at(-1)!
    expect(location).toBe(`/staff/working-groups/${groupId}/meetings/${meetingId}`)
    const staffPage = dataOf<{ meeting: { seats: number; channels: string[] } }>(
      await run(staffMeeting.loader, getRequest(location, { cookie: staff }), { id: String(groupId), meetingId }),
    )
    expect(staffPage.meeting.seats).toBe(3)
    expect(staffPage.meeting.channels).toEqual(['en', 'es'])

    type Page = { meeting: NonNullable<ReturnType<typeof getPublicMeeting>> }
    const path = `/working-groups/page-party/meetings/${meetingId}`
    const anonymous = dataOf<Page>(
      await run(publicMeeting.loader, getRequest(path, { headers: { 'Accept-Language': 'es' } }), {
        slug: 'page-party',
        meetingId,
      }),
    )
    expect(anonymous.meeting.title.value).toBe('Reunión de la página')
    expect(anonymous.meeting.agenda?.value).toBe('1. Punto <b>uno</b>')
    expect(anonymous.meeting.call).toBeNull()
    expect(anonymous.meeting.channels.every((c) => c.conferenceId === null)).toBe(true)
    const anonymousIcs = await (
      (await run(invite.loader, getRequest(`${path}/invite.ics`), { slug: 'page-party', meetingId })) as Response
    ).text()
    expect(anonymousIcs).not.toContain('zoom.example')

    const member = await cookieFor(members[2].email)
    const mine = dataOf<Page>(
      await run(publicMeeting.loader, getRequest(path, { cookie: member }), { slug: 'page-party', meetingId }),
    )
    expect(mine.meeting.call?.url).toBe('https://zoom.example/j/777')
    expect(mine.meeting.ownChannel).toBe('es')
    expect(mine.meeting.channels.find((c) => c.language === 'es')?.conferenceId).toBe('333 444')
    const memberIcs = parseIcs(
      await (
        (await run(invite.loader, getRequest(`${path}/invite.ics`, { cookie: member }), {
          slug: 'page-party',
          meetingId,
        })) as Response
      ).text(),
    )
    expect(memberIcs.description).toContain('333 444')

    expect(statusOf(await run(publicMeeting.loader, getRequest(path), { slug: 'other-party', meetingId }))).toBe(404)
  })
})

describe('group mail', () => {
  it('reaches the current members of a group, or every chair, and “write to members” opens a newsletter for them', async () => {
    const groupId = newParty('mail-party')
    const [chair, member, leaver] = newMembers('mail')
    const ctx = { actorId: staffId, baseUrl: BASE_URL }
    const since = new Date(Date.now() - 10 * 86400_000)
    addMembers(db, groupId, { text: chair.email, role: 'chair', joinedAt: since }, ctx)
    addMembers(db, groupId, { text: `${member.email}\n${leaver.email}`, role: 'member', joinedAt: since }, ctx)
    const period = db
      .select()
      .from(s.workingGroupMembers)
      .where(and(eq(s.workingGroupMembers.workingGroupId, groupId), eq(s.workingGroupMembers.personId, leaver.id)))
      .get()!
    endMembership(db, { groupId, membershipId: period.id, leftAt: new Date(Date.now() - 86400_000) }, ctx)
    expect(audienceCounts(db, { workingGroupIds: [groupId] }).matching).toBe(2)
    // Chairs of every group: the demo groups' chairs and vice-chairs, and this one's chair.
    const chairs = db
      .selectDistinct({ id: s.workingGroupMembers.personId })
      .from(s.workingGroupMembers)
      .where(and(inArray(s.workingGroupMembers.role, ['chair', 'vice_chair']), isNull(s.workingGroupMembers.leftAt)))
      .all().length
    expect(audienceCounts(db, { groupChairs: true }).matching).toBe(chairs)
    expect(audienceCounts(db, { workingGroupIds: [groupId], languages: ['fr'] }).matching).toBe(1)

    const write = () =>
      run(
        staffGroup.action,
        formRequest(`/staff/working-groups/${groupId}`, { intent: 'write-to-members' }, { cookie: staff }),
        { id: String(groupId) },
      )
    const first = (await write()) as Response
    expect(first.status).toBe(303)
    const location = first.headers.get('Location')!
    expect(location).toMatch(/^\/staff\/newsletters\/new\?audience=\d+$/)
    expect(((await write()) as Response).headers.get('Location')).toBe(location)
    const audienceId = location.split('=')[1]
    const audience = db
      .select()
      .from(s.audiences)
      .where(eq(s.audiences.id, Number(audienceId)))
      .get()!
    expect(audience.name).toBe('Members of Party mail-party')
    const page = dataOf<{ audienceId: string }>(
      await run(newsletterNew.loader, getRequest(location, { cookie: staff })),
    )
    expect(page.audienceId).toBe(audienceId)
  })
})
