/**
 * A cancelled booth is no longer offered anywhere: not on a working group's meeting list
 * or meeting page, not to a member who joins afterwards, not in a summit's programme, not
 * in a newsletter's upcoming webinars (a reader registered on it is given another channel).
 */
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import { renderContent } from '#emails/newsletter'
import { decideBooth } from '~/services/channel-forecast.server'
import { listWebinarSchedule } from '~/services/events.server'
import { loadBlockData } from '~/services/newsletters/rendering.server'
import { saveSession, summitProgramme } from '~/services/summits/programme.server'
import { getPublicMeeting, listMeetings, scheduleMeeting } from '~/services/working-group-meetings.server'
import { addMembers, saveWorkingGroup } from '~/services/working-groups.server'

import { seededDb } from './helpers/db'
import { createWebinar } from './helpers/webinar'

const BASE = 'http://app.test'
const DAY = 86400_000
let db: DB
let staffId: number

const cancelBooth = (eventId: number, language: s.Language) =>
  expect(
    decideBooth(db, { eventId, language, decision: 'cancelled', note: '' }, { actorId: staffId }, { baseUrl: BASE }),
  ).toMatchObject({ ok: true })

beforeAll(async () => {
  db = await seededDb({ participants: 10 })
  staffId = db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.staff)).get()!.id
})

describe('a cancelled booth', () => {
  it('leaves a working-group meeting’s list, its page, and the seats of members who join later', () => {
    const saved = saveWorkingGroup(
      db,
      null,
      {
        kind: 'working_party',
        slug: 'booth-party',
        name: { en: 'Booth party' },
        topic: { en: 'Booths' },
        description: { en: '' },
        startsOn: null,
        endsOn: null,
        membersPublic: true,
        allRegionsRequired: false,
      },
      { actorId: staffId },
    )
    if (!saved.ok) throw new Error(saved.error)
    const startsAt = new Date(Math.floor((Date.now() + 7 * DAY) / 60_000) * 60_000)
    const scheduled = scheduleMeeting(
      db,
      {
        groupId: saved.id,
        meeting: {
          texts: { en: { title: 'Booth call', description: '', agenda: '' } },
          startsAt,
          endsAt: new Date(startsAt.getTime() + 3600_000),
          timeZone: 'UTC',
          platformName: 'Zoom',
          platformUrl: 'https://zoom.example/j/1',
          reminderOffsets: [],
          channels: (['en', 'fr', 'es'] as const).map((language, i) => ({
            language,
            conferenceId: `77${i}`,
            dialInNumbers: '',
            interpreters: '',
          })),
        },
      },
      { actorId: staffId, baseUrl: BASE },
    )
    if (!scheduled.ok) throw new Error(scheduled.error)
    cancelBooth(scheduled.eventId, 'es')

    expect(listMeetings(db, saved.id, 'es').find((m) => m.id === scheduled.meetingId)!.channels).toEqual(['en', 'fr'])
    const page = getPublicMeeting(db, {
      slug: 'booth-party',
      meetingId: scheduled.meetingId,
      language: 'es',
      viewer: { id: staffId, staff: true },
    })!
    expect(page.channels.map((c) => [c.language, c.conferenceId])).toEqual([
      ['en', '770'],
      ['fr', '771'],
    ])

    // A Spanish speaker who joins now is seated on English, not on the cancelled Spanish booth.
    const newcomer = db
      .insert(s.people)
      .values({ email: 'booth-newcomer@example.net', name: 'Booth newcomer', preferredLanguage: 'es' })
      .returning()
      .get()
    addMembers(
      db,
      saved.id,
      { text: newcomer.email, role: 'member', joinedAt: new Date(Date.now() - DAY) },
      { actorId: staffId, baseUrl: BASE },
    )
    const seat = db.select().from(s.registrations).where(eq(s.registrations.personId, newcomer.id)).get()!
    expect(seat.eventId).toBe(scheduled.eventId)
    expect(seat.channelLanguage).toBe('en')
  })

  it('leaves a summit session’s languages in the programme', () => {
    const summitId = db
      .insert(s.events)
      .values({
        kind: 'summit',
        slug: 'booth-summit',
        startsAt: new Date('2030-03-07T01:00:00Z'),
        endsAt: new Date('2030-03-11T09:00:00Z'),
      })
      .returning()
      .get().id
    db.insert(s.eventTranslations).values({ eventId: summitId, language: 'en', title: 'Booth summit' }).run()
    const saved = saveSession(
      db,
      {
        summitId,
        sessionId: null,
        session: {
          titles: { en: 'Opening plenary', fr: 'Plénière d’ouverture' },
          sessionType: 'plenary',
          startsAt: new Date('2030-03-07T02:00:00Z'),
          endsAt: new Date('2030-03-07T03:00:00Z'),
          room: 'Hall 1',
          channels: (['en', 'fr', 'es'] as const).map((language) => ({ language, conferenceId: '' })),
        },
      },
      { actorId: staffId },
    )
    if (!saved.ok) throw new Error(saved.error)
    cancelBooth(saved.id, 'fr')
    const [session] = summitProgramme(db, summitId, 'fr')
    expect(session).toMatchObject({ title: 'Plénière d’ouverture', textLanguage: 'fr', languages: ['en', 'es'] })
  })

  it('is not offered in a newsletter’s upcoming webinars: a reader registered on it gets English', () => {
    const startsAt = new Date('2031-01-05T13:00:00Z')
    const eventId = createWebinar(db, { slug: 'booth-newsletter', startsAt })
    cancelBooth(eventId, 'es')
    const blocks = loadBlockData(db, new Date('2031-01-01T00:00:00Z'))
    const upcoming = blocks.upcoming.find((w) => w.id === eventId)!
    expect(upcoming.channels.map((c) => c.language)).toEqual(['en', 'fr'])
    const mail = renderContent(
      { language: 'es', subject: 'Boletín', preheader: '', bodyMarkdown: '{{upcoming-webinars}}', complete: true },
      blocks,
      { language: 'es', timeZone: 'UTC', channelFor: (id) => (id === eventId ? 'es' : undefined) },
      BASE,
    )
    expect(mail.html).toContain('1638')
    expect(mail.html).not.toContain('1738')
  })

  it('takes its webinar out of the schedule filtered by that language', () => {
    const eventId = createWebinar(db, { slug: 'booth-schedule', startsAt: new Date('2031-02-05T13:00:00Z') })
    const listed = (channelLanguage: s.Language) =>
      listWebinarSchedule(db, 'en', { when: 'upcoming', channelLanguage, now: new Date('2031-02-01T00:00:00Z') })
        .items.map((w) => w.id)
        .includes(eventId)
    expect(listed('fr')).toBe(true)
    cancelBooth(eventId, 'fr')
    expect(listed('fr')).toBe(false)
    expect(listed('en')).toBe(true)
  })
})
