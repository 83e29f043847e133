/**
 * Working-group meetings are calendar events (kind 'meeting'), so they use the webinar
 * machinery: texts and agenda per language, the call link, interpretation channels, SEQUENCE,
 * update and CANCEL mails, reminders and the personal feed. A member holds a registration for
 * each meeting their membership covers (on the channel of their own language when the meeting
 * has one); joining or leaving the group adds or withdraws them from the meetings still to
 * come. Publishing mails every member a notice, rendered by the worker in batches.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, notInArray, or, sql } from 'drizzle-orm'
import { DateTime } from 'luxon'

import type { DB } from '#db/client'
import {
  actionItems,
  events,
  eventTranslations,
  type Language,
  materials,
  people,
  registrations,
  workingGroupMeetings,
  workingGroupMembers,
  workingGroups,
} from '#db/schema'
import { renderActionReminder } from '#emails/working-group'
import { formatDate } from '~/lib/format'
import { pickRow } from '~/lib/localised'
import { markdownToSafeHtml } from '~/lib/markdown.server'

import { recordAudit } from './audit.server'
import type { MailCtx } from './context'
import { queueEventMailJob } from './event-mail-jobs.server'
import { eventSummaries, eventSummary } from './events/summaries.server'
import { enqueueMail } from './outbox.server'
import { queueRegistrationMail } from './registrations.server'
import { eachItem } from './set-aside.server'
import { applyEventCancel, applyEventUpdate, insertEvent, type WebinarInput } from './webinars-admin.server'

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0]
type Reader = Pick<DB, 'select' | 'selectDistinct'>

/** A meeting's form: a webinar's without slug, series, capacity, registration window or presenters. */
export type MeetingInput = Omit<
  WebinarInput,
  'slug' | 'seriesId' | 'capacity' | 'registrationOpensAt' | 'registrationClosesAt' | 'presenters'
>

export type MeetingError = 'notFound' | 'summitGroup' | 'cancelled' | 'past'
export type MeetingResult =
  { ok: true; meetingId: number; eventId: number; notified: number } | { ok: false; error: MeetingError }

function asEvent(input: MeetingInput, slug: string): WebinarInput {
  return {
    ...input,
    slug,
    seriesId: null,
    capacity: null,
    registrationOpensAt: null,
    registrationClosesAt: null,
    presenters: [],
  }
}

/** The channel a member listens on: their own language's when the meeting has it, else English's, else the first. */
export function channelFor(channels: Language[], preferred: Language): Language {
  if (channels.length === 0 || channels.includes(preferred)) return preferred
  return channels.includes('en') ? 'en' : channels[0]!
}

/** Membership periods covering an instant: the group's members at that moment. */
function membersAt(tx: Reader, groupId: number, at: Date): number[] {
  return tx
    .selectDistinct({ personId: workingGroupMembers.personId })
    .from(workingGroupMembers)
    .where(
      and(
        eq(workingGroupMembers.workingGroupId, groupId),
        lte(workingGroupMembers.joinedAt, at),
        or(isNull(workingGroupMembers.leftAt), gt(workingGroupMembers.leftAt, at)),
      ),
    )
    .all()
    .map((r) => r.personId)
}

/** The languages a seat can be on: the meeting's channels whose booth was not cancelled. */
function channelLanguages(tx: Reader, eventId: number): Language[] {
  return (eventSummary(tx, eventId, { language: 'en' })?.channels ?? []).map((c) => c.language)
}

/**
 * A meeting recorded after it was held (for its attendance) or loaded as history: the event
 * with an English title, no seats and no mail. Returns the meeting's and the event's ids.
 */
export function insertHeldMeeting(
  tx: Pick<DB, 'insert'>,
  {
    groupId,
    heldAt,
    title,
    durationMinutes = 60,
    timeZone = 'UTC',
  }: { groupId: number; heldAt: Date; title: string; durationMinutes?: number; timeZone?: string },
): { meetingId: number; eventId: number } {
  const eventId = tx
    .insert(events)
    .values({
      kind: 'meeting',
      slug: `wg-${groupId}-${heldAt.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      startsAt: heldAt,
      endsAt: new Date(heldAt.getTime() + durationMinutes * 60_000),
      timeZone,
      reminderOffsets: [],
    })
    .returning({ id: events.id })
    .get().id
  tx.insert(eventTranslations).values({ eventId, language: 'en', title }).run()
  const meetingId = tx
    .insert(workingGroupMeetings)
    .values({ workingGroupId: groupId, eventId, heldAt })
    .returning({ id: workingGroupMeetings.id })
    .get().id
  return { meetingId, eventId }
}

/** Gives each person a confirmed seat (on their channel), reviving a withdrawn one; returns the registration ids. */
function seatMembers(tx: Tx, eventId: number, personIds: number[], now: Date): number[] {
  if (personIds.length === 0) return []
  const channels = channelLanguages(tx, eventId)
  const languages = tx
    .select({ id: people.id, language: people.preferredLanguage })
    .from(people)
    .where(inArray(people.id, personIds))
    .all()
  return languages.map(
    (p) =>
      tx
        .insert(registrations)
        .values({
          eventId,
          personId: p.id,
          status: 'confirmed',
          channelLanguage: channelFor(channels, p.language),
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [registrations.eventId, registrations.personId],
          set: {
            status: 'confirmed',
            channelLanguage: channelFor(channels, p.language),
            cancelledAt: null,
            updatedAt: now,
          },
        })
        .returning({ id: registrations.id })
        .get().id,
  )
}

/** The group a meeting may be for: a standing group or working party (a summit's groups meet in its programme). */
function meetingGroup(tx: Reader, groupId: number) {
  return tx
    .select({ id: workingGroups.id, eventId: workingGroups.eventId })
    .from(workingGroups)
    .where(eq(workingGroups.id, groupId))
    .get()
}

/**
 * Publishes a meeting inside the caller's transaction: the event, a seat for every member at
 * its start and, when `notify`, a notice to each (in their language and zone, with the invite)
 * queued for the worker. The demo data publishes without notices.
 */
export function publishMeeting(
  tx: Tx,
  { groupId, meeting, notify = true }: { groupId: number; meeting: MeetingInput; notify?: boolean },
  { actorId, now = new Date() }: { actorId: number; now?: Date },
): MeetingResult {
  const group = meetingGroup(tx, groupId)
  if (!group) return { ok: false, error: 'notFound' }
  if (group.eventId !== null) return { ok: false, error: 'summitGroup' }
  if (meeting.endsAt <= now) return { ok: false, error: 'past' }
  const slug = `wg-${groupId}-${meeting.startsAt.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
  const created = insertEvent(tx, 'meeting', asEvent(meeting, slug), actorId)
  if (!created.ok) return { ok: false, error: 'notFound' }
  const meetingId = tx
    .insert(workingGroupMeetings)
    .values({ workingGroupId: groupId, eventId: created.eventId, heldAt: meeting.startsAt })
    .returning({ id: workingGroupMeetings.id })
    .get().id
  const seats = seatMembers(tx, created.eventId, membersAt(tx, groupId, meeting.startsAt), now).length
  const notified = notify ? queueEventMailJob(tx, { eventId: created.eventId, kind: 'notice', sequence: 0 }, now) : 0
  recordAudit(tx, {
    actorId,
    action: 'working_group.meeting_scheduled',
    entityType: 'working_group',
    entityId: groupId,
    details: { meetingId, eventId: created.eventId, startsAt: meeting.startsAt.toISOString(), seats, notified },
  })
  return { ok: true, meetingId, eventId: created.eventId, notified }
}

/** Publishes a meeting and mails every member its notice (see `publishMeeting`). */
export function scheduleMeeting(
  db: DB,
  { groupId, meeting }: { groupId: number; meeting: MeetingInput },
  ctx: MailCtx,
): MeetingResult {
  return db.transaction((tx) => publishMeeting(tx, { groupId, meeting }, ctx), { behavior: 'immediate' })
}

function findMeeting(tx: Reader, groupId: number, meetingId: number) {
  return tx
    .select({
      id: workingGroupMeetings.id,
      eventId: workingGroupMeetings.eventId,
      heldAt: workingGroupMeetings.heldAt,
      slug: events.slug,
      status: events.status,
    })
    .from(workingGroupMeetings)
    .innerJoin(events, eq(events.id, workingGroupMeetings.eventId))
    .where(and(eq(workingGroupMeetings.id, meetingId), eq(workingGroupMeetings.workingGroupId, groupId)))
    .get()
}

/**
 * Brings one upcoming meeting's seats in line with the group's membership at its start:
 * newcomers get a seat and a notice, people who left get the CANCEL. Past and cancelled
 * meetings keep the seats they had.
 */
function syncMeeting(
  tx: Tx,
  meeting: { eventId: number; groupId: number; heldAt: Date },
  { baseUrl, now }: { baseUrl: string; now: Date },
): { added: number; removed: number } {
  const wanted = new Set(membersAt(tx, meeting.groupId, meeting.heldAt))
  const seated = tx
    .select({ id: registrations.id, personId: registrations.personId })
    .from(registrations)
    .where(and(eq(registrations.eventId, meeting.eventId), eq(registrations.status, 'confirmed')))
    .all()
  const have = new Set(seated.map((r) => r.personId))
  const gone = seated.filter((r) => !wanted.has(r.personId))
  if (gone.length) {
    tx.update(registrations)
      .set({ status: 'cancelled', cancelledAt: now, updatedAt: now })
      .where(
        inArray(
          registrations.id,
          gone.map((r) => r.id),
        ),
      )
      .run()
    for (const r of gone)
      queueRegistrationMail(
        tx,
        { kind: 'removed', registrationId: r.id, uniqueKey: `registration:${r.id}:removed:${now.getTime()}` },
        { baseUrl },
      )
  }
  const added = seatMembers(
    tx,
    meeting.eventId,
    [...wanted].filter((p) => !have.has(p)),
    now,
  )
  for (const id of added)
    queueRegistrationMail(
      tx,
      { kind: 'notice', registrationId: id, uniqueKey: `registration:${id}:notice:${now.getTime()}` },
      { baseUrl },
    )
  return { added: added.length, removed: gone.length }
}

/** After a membership change: every upcoming meeting of the group follows it. */
export function syncUpcomingMeetings(tx: Tx, groupId: number, ctx: { baseUrl: string; now?: Date }) {
  const now = ctx.now ?? new Date()
  const upcoming = tx
    .select({ eventId: workingGroupMeetings.eventId, heldAt: workingGroupMeetings.heldAt })
    .from(workingGroupMeetings)
    .innerJoin(events, eq(events.id, workingGroupMeetings.eventId))
    .where(
      and(
        eq(workingGroupMeetings.workingGroupId, groupId),
        gt(workingGroupMeetings.heldAt, now),
        eq(events.status, 'scheduled'),
      ),
    )
    .all()
  for (const m of upcoming) syncMeeting(tx, { ...m, groupId }, { baseUrl: ctx.baseUrl, now })
}

/** Moves or edits an upcoming meeting: the update (new SEQUENCE) reaches every member; seats follow the new date. */
export function updateMeeting(
  db: DB,
  { groupId, meetingId, meeting }: { groupId: number; meetingId: number; meeting: MeetingInput },
  ctx: MailCtx,
): MeetingResult {
  const now = ctx.now ?? new Date()
  return db.transaction(
    (tx): MeetingResult => {
      const found = findMeeting(tx, groupId, meetingId)
      if (!found) return { ok: false, error: 'notFound' }
      if (found.status === 'cancelled') return { ok: false, error: 'cancelled' }
      if (meeting.endsAt <= now) return { ok: false, error: 'past' }
      const updated = applyEventUpdate(
        tx,
        'meeting',
        { eventId: found.eventId, webinar: asEvent(meeting, found.slug) },
        { ...ctx, now },
      )
      if (!updated.ok) return { ok: false, error: updated.error === 'cancelled' ? 'cancelled' : 'notFound' }
      tx.update(workingGroupMeetings)
        .set({ heldAt: meeting.startsAt })
        .where(eq(workingGroupMeetings.id, meetingId))
        .run()
      // Someone whose channel disappeared keeps their seat, on the channel they would get now.
      const channels = channelLanguages(tx, found.eventId)
      const stranded = tx
        .select({ id: registrations.id, language: people.preferredLanguage })
        .from(registrations)
        .innerJoin(people, eq(people.id, registrations.personId))
        .where(
          and(
            eq(registrations.eventId, found.eventId),
            channels.length ? notInArray(registrations.channelLanguage, channels) : sql`0`,
          ),
        )
        .all()
      for (const r of stranded)
        tx.update(registrations)
          .set({ channelLanguage: channelFor(channels, r.language) })
          .where(eq(registrations.id, r.id))
          .run()
      syncMeeting(tx, { eventId: found.eventId, groupId, heldAt: meeting.startsAt }, { baseUrl: ctx.baseUrl, now })
      return { ok: true, meetingId, eventId: found.eventId, notified: updated.notified }
    },
    { behavior: 'immediate' },
  )
}

/** Cancels a meeting: every member's calendar gets the CANCEL. */
export function cancelMeeting(
  db: DB,
  { groupId, meetingId }: { groupId: number; meetingId: number },
  ctx: MailCtx,
): MeetingResult {
  return db.transaction(
    (tx): MeetingResult => {
      const found = findMeeting(tx, groupId, meetingId)
      if (!found) return { ok: false, error: 'notFound' }
      const cancelled = applyEventCancel(tx, 'meeting', { eventId: found.eventId }, ctx)
      if (!cancelled.ok) return { ok: false, error: cancelled.error === 'cancelled' ? 'cancelled' : 'notFound' }
      return { ok: true, meetingId, eventId: found.eventId, notified: cancelled.notified }
    },
    { behavior: 'immediate' },
  )
}

/** The event behind a group's meeting (the staff pages edit it with the webinar form). */
export function meetingEventId(db: Reader, groupId: number, meetingId: number): number | null {
  return findMeeting(db, groupId, meetingId)?.eventId ?? null
}

// ─── Listing ──────────────────────────────────────────────────────────────

export type MeetingListItem = {
  id: number
  eventId: number
  startsAt: Date
  endsAt: Date
  timeZone: string
  status: 'scheduled' | 'cancelled' | 'completed'
  title: string
  textLanguage: Language
  channels: Language[]
  seats: number
  hasMinutes: boolean
  recordings: number
}

/** A group's meetings, newest first, with titles in the reader's language. */
export function listMeetings(db: Reader, groupId: number, language: Language): MeetingListItem[] {
  const rows = db
    .select({
      id: workingGroupMeetings.id,
      eventId: workingGroupMeetings.eventId,
      minutes: workingGroupMeetings.minutes,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      timeZone: events.timeZone,
      status: events.status,
      slug: events.slug,
      seats: sql<number>`(select count(*) from ${registrations} where ${registrations.eventId} = ${events.id} and ${registrations.status} = 'confirmed')`,
      recordings: sql<number>`(select count(*) from ${materials} where ${materials.eventId} = ${events.id} and ${materials.kind} = 'recording')`,
    })
    .from(workingGroupMeetings)
    .innerJoin(events, eq(events.id, workingGroupMeetings.eventId))
    .where(eq(workingGroupMeetings.workingGroupId, groupId))
    .orderBy(desc(events.startsAt))
    .all()
  if (rows.length === 0) return []
  const summaries = eventSummaries(
    db,
    rows.map((r) => r.eventId),
    { language },
  )
  return rows.map((r) => {
    const summary = summaries.get(r.eventId)
    return {
      id: r.id,
      eventId: r.eventId,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      timeZone: r.timeZone,
      status: r.status,
      title: summary?.title ?? r.slug,
      textLanguage: summary?.titleLanguage ?? 'en',
      channels: (summary?.channels ?? []).map((c) => c.language),
      seats: r.seats,
      hasMinutes: Object.values(r.minutes ?? {}).some((m) => m?.trim()),
      recordings: r.recordings,
    }
  })
}

// ─── Records: minutes, recordings, action items ───────────────────────────

export type MinutesResult = { ok: true } | { ok: false; error: 'notFound' | 'notHeld' }

/** Minutes per language (Markdown); an empty language is removed. Only once the meeting has started. */
export function saveMinutes(
  db: DB,
  { groupId, meetingId, minutes }: { groupId: number; meetingId: number; minutes: Partial<Record<Language, string>> },
  { actorId, now = new Date() }: { actorId: number; now?: Date },
): MinutesResult {
  return db.transaction((tx): MinutesResult => {
    const found = findMeeting(tx, groupId, meetingId)
    if (!found) return { ok: false, error: 'notFound' }
    if (found.heldAt > now) return { ok: false, error: 'notHeld' }
    const kept = Object.fromEntries(Object.entries(minutes).filter(([, v]) => v?.trim())) as Partial<
      Record<Language, string>
    >
    tx.update(workingGroupMeetings)
      .set({ minutes: Object.keys(kept).length ? kept : null })
      .where(eq(workingGroupMeetings.id, meetingId))
      .run()
    recordAudit(tx, {
      actorId,
      action: 'working_group.minutes_saved',
      entityType: 'working_group',
      entityId: groupId,
      details: { meetingId, languages: Object.keys(kept) },
    })
    return { ok: true }
  })
}

export type ActionStatus = (typeof actionItems.$inferSelect)['status']
export type ActionResult = { ok: true; id: number } | { ok: false; error: 'notFound' | 'notMember' }

/** A new action item; its owner must be a member of the group now (or at the meeting it came from). */
export function addAction(
  db: DB,
  input: { groupId: number; meetingId: number | null; text: string; ownerId: number; dueOn: string | null },
  { actorId, now = new Date() }: { actorId: number; now?: Date },
): ActionResult {
  return db.transaction(
    (tx): ActionResult => {
      if (!meetingGroup(tx, input.groupId)) return { ok: false, error: 'notFound' }
      const meeting = input.meetingId ? findMeeting(tx, input.groupId, input.meetingId) : null
      if (input.meetingId && !meeting) return { ok: false, error: 'notFound' }
      const eligible = new Set([
        ...membersAt(tx, input.groupId, now),
        ...(meeting ? membersAt(tx, input.groupId, meeting.heldAt) : []),
      ])
      if (!eligible.has(input.ownerId)) return { ok: false, error: 'notMember' }
      const id = tx
        .insert(actionItems)
        .values({
          workingGroupId: input.groupId,
          meetingId: input.meetingId,
          text: input.text,
          ownerId: input.ownerId,
          dueOn: input.dueOn,
          createdAt: now,
        })
        .returning({ id: actionItems.id })
        .get().id
      recordAudit(tx, {
        actorId,
        action: 'working_group.action_added',
        entityType: 'working_group',
        entityId: input.groupId,
        details: { actionId: id, ownerId: input.ownerId, dueOn: input.dueOn },
      })
      return { ok: true, id }
    },
    { behavior: 'immediate' },
  )
}

/** Marks an action done, dropped or open again. */
export function setActionStatus(
  db: DB,
  { groupId, actionId, status }: { groupId: number; actionId: number; status: ActionStatus },
  { actorId, now = new Date() }: { actorId: number; now?: Date },
): boolean {
  return db.transaction((tx) => {
    const changed = tx
      .update(actionItems)
      .set({ status, closedAt: status === 'open' ? null : now })
      .where(and(eq(actionItems.id, actionId), eq(actionItems.workingGroupId, groupId)))
      .run().changes
    if (changed)
      recordAudit(tx, {
        actorId,
        action: 'working_group.action_status',
        entityType: 'working_group',
        entityId: groupId,
        details: { actionId, status },
      })
    return changed > 0
  })
}

export type ActionListItem = {
  id: number
  meetingId: number | null
  text: string
  ownerId: number | null
  ownerName: string | null
  dueOn: string | null
  status: ActionStatus
}

/** A group's action items (of one meeting when given): open ones first, by due date. */
export function listActions(db: Reader, groupId: number, meetingId?: number): ActionListItem[] {
  return db
    .select({
      id: actionItems.id,
      meetingId: actionItems.meetingId,
      text: actionItems.text,
      ownerId: actionItems.ownerId,
      ownerName: people.name,
      dueOn: actionItems.dueOn,
      status: actionItems.status,
    })
    .from(actionItems)
    .leftJoin(people, eq(people.id, actionItems.ownerId))
    .where(and(eq(actionItems.workingGroupId, groupId), meetingId ? eq(actionItems.meetingId, meetingId) : undefined))
    .orderBy(
      sql`${actionItems.status} <> 'open'`,
      sql`${actionItems.dueOn} is null`,
      asc(actionItems.dueOn),
      asc(actionItems.id),
    )
    .all()
}

/** A person's open action items across groups (their participation page lists them). */
export function openActionsFor(db: Reader, personId: number, language: Language) {
  return db
    .select({
      id: actionItems.id,
      text: actionItems.text,
      dueOn: actionItems.dueOn,
      groupName: workingGroups.name,
      groupSlug: workingGroups.slug,
    })
    .from(actionItems)
    .innerJoin(workingGroups, eq(workingGroups.id, actionItems.workingGroupId))
    .where(and(eq(actionItems.ownerId, personId), eq(actionItems.status, 'open')))
    .orderBy(sql`${actionItems.dueOn} is null`, asc(actionItems.dueOn))
    .all()
    .map((a) => ({ ...a, groupName: a.groupName[language] ?? a.groupName.en }))
}

/** How long after its due date an open action can still get its (single) reminder. */
const REMIND_LATE_DAYS = 3

/**
 * Reminds the owner of each open action on its due date (in the owner's zone), in their
 * language, once per action and due date: the outbox key `action:<id>:due:<date>` makes a
 * rerun harmless and a new due date gives a new reminder.
 */
export function queueActionReminders(db: DB, baseUrl: string, now = new Date()): number {
  const day = (offsetDays: number) => new Date(now.getTime() + offsetDays * 86400_000).toISOString().slice(0, 10)
  const due = db
    .select({
      id: actionItems.id,
      text: actionItems.text,
      dueOn: actionItems.dueOn,
      personId: people.id,
      name: people.name,
      email: people.email,
      language: people.preferredLanguage,
      timeZone: people.timeZone,
      groupName: workingGroups.name,
      groupSlug: workingGroups.slug,
    })
    .from(actionItems)
    .innerJoin(people, eq(people.id, actionItems.ownerId))
    .innerJoin(workingGroups, eq(workingGroups.id, actionItems.workingGroupId))
    .where(
      and(
        eq(actionItems.status, 'open'),
        // Every zone's today lies between yesterday and tomorrow in UTC.
        lte(actionItems.dueOn, day(1)),
        gte(actionItems.dueOn, day(-REMIND_LATE_DAYS - 1)),
      ),
    )
    .all()
  const root = baseUrl.replace(/\/$/, '')
  let queued = 0
  eachItem(
    'action-reminders',
    due,
    (item) => `action item ${item.id}`,
    (a) => {
      const today = DateTime.fromJSDate(now, { zone: a.timeZone }).toISODate() ?? day(0)
      if (!a.dueOn || a.dueOn > today) return
      const group = a.groupName[a.language] ?? a.groupName.en
      const mail = renderActionReminder(a.language, {
        name: a.name,
        group,
        text: a.text,
        due: formatDate(new Date(`${a.dueOn}T12:00:00Z`), a.language, 'UTC'),
        link: a.groupSlug ? `${root}/working-groups/${a.groupSlug}` : `${root}/participation`,
      })
      if (
        enqueueMail(
          db,
          {
            uniqueKey: `action:${a.id}:due:${a.dueOn}`,
            kind: 'action-reminder',
            personId: a.personId,
            to: a.email,
            language: a.language,
            message: mail,
          },
          now,
        )
      )
        queued++
    },
  )
  return queued
}

// ─── The meeting's public page ────────────────────────────────────────────

/**
 * One meeting of a group with a public page, in the reader's language (fallback marked):
 * times, agenda, channels, minutes (sanitised HTML), recordings and its action items. The
 * call link and conference IDs are for the group's members and staff only; action owners
 * are named only where the group's member list is public (or to members and staff).
 */
export function getPublicMeeting(
  db: Reader,
  {
    slug,
    meetingId,
    language,
    viewer,
  }: { slug: string; meetingId: number; language: Language; viewer: { id: number; staff: boolean } | null },
  now = new Date(),
) {
  const row = db
    .select({
      id: workingGroupMeetings.id,
      eventId: workingGroupMeetings.eventId,
      minutes: workingGroupMeetings.minutes,
      groupId: workingGroups.id,
      groupName: workingGroups.name,
      membersPublic: workingGroups.membersPublic,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      timeZone: events.timeZone,
      status: events.status,
      slug: events.slug,
      platformName: events.platformName,
      platformUrl: events.platformUrl,
    })
    .from(workingGroupMeetings)
    .innerJoin(workingGroups, eq(workingGroups.id, workingGroupMeetings.workingGroupId))
    .innerJoin(events, eq(events.id, workingGroupMeetings.eventId))
    .where(and(eq(workingGroupMeetings.id, meetingId), eq(workingGroups.slug, slug), isNull(workingGroups.eventId)))
    .get()
  if (!row) return null
  const texts = db.select().from(eventTranslations).where(eq(eventTranslations.eventId, row.eventId)).all()
  const text = pickRow(texts, language)
  const agenda = pickRow(texts, language, (t) => Boolean(t.agenda.trim()))
  const member = viewer ? membersAt(db, row.groupId, now).includes(viewer.id) : false
  const insider = member || Boolean(viewer?.staff)
  const seat = viewer
    ? db
        .select({ channelLanguage: registrations.channelLanguage, status: registrations.status })
        .from(registrations)
        .where(and(eq(registrations.eventId, row.eventId), eq(registrations.personId, viewer.id)))
        .get()
    : undefined
  const channels = (eventSummary(db, row.eventId, { language })?.channels ?? []).map(
    ({ language: l, conferenceId, dialInNumbers }) =>
      insider ? { language: l, conferenceId, dialInNumbers } : { language: l, conferenceId: null, dialInNumbers: null },
  )
  const minutesRows = Object.entries(row.minutes ?? {})
    .filter(([, v]) => v?.trim())
    .map(([l, v]) => ({ language: l as Language, value: v! }))
  const minutes = pickRow(minutesRows, language)
  const recordings = db
    .select({ language: materials.language, title: materials.title, url: materials.url })
    .from(materials)
    .where(and(eq(materials.eventId, row.eventId), eq(materials.kind, 'recording')))
    .orderBy(asc(materials.language), asc(materials.id))
    .all()
  const actions = listActions(db, row.groupId, row.id).map((a) => ({
    id: a.id,
    text: a.text,
    dueOn: a.dueOn,
    status: a.status,
    owner: insider || row.membersPublic ? a.ownerName : null,
  }))
  return {
    id: row.id,
    groupName: row.groupName[language] ?? row.groupName.en,
    title: { value: text?.value.title ?? row.slug, language: text?.language ?? ('en' as Language) },
    fallback: text?.fallback ?? false,
    agenda: agenda ? { value: agenda.value.agenda, language: agenda.language, fallback: agenda.fallback } : null,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    timeZone: row.timeZone,
    status: row.status,
    upcoming: row.endsAt > now,
    call: insider && row.platformUrl ? { name: row.platformName, url: row.platformUrl } : null,
    member,
    ownChannel: seat?.status === 'confirmed' ? seat.channelLanguage : null,
    channels,
    minutes: minutes
      ? { html: markdownToSafeHtml(minutes.value.value), language: minutes.language, fallback: minutes.fallback }
      : null,
    recordings,
    actions,
  }
}

/** The event behind a public meeting page's invite, with the viewer's channel when they hold a seat. */
export function meetingForInvite(db: Reader, slug: string, meetingId: number, personId: number | null) {
  const row = db
    .select({ eventId: workingGroupMeetings.eventId })
    .from(workingGroupMeetings)
    .innerJoin(workingGroups, eq(workingGroups.id, workingGroupMeetings.workingGroupId))
    .where(and(eq(workingGroupMeetings.id, meetingId), eq(workingGroups.slug, slug)))
    .get()
  if (!row) return null
  const seat = personId
    ? db
        .select({ channelLanguage: registrations.channelLanguage })
        .from(registrations)
        .where(
          and(
            eq(registrations.eventId, row.eventId),
            eq(registrations.personId, personId),
            eq(registrations.status, 'confirmed'),
          ),
        )
        .get()
    : undefined
  return { eventId: row.eventId, channelLanguage: seat?.channelLanguage ?? null }
}

/** A meeting's stored minutes, every language (for the staff form). */
export function meetingMinutes(db: Reader, meetingId: number): Partial<Record<Language, string>> {
  return (
    db
      .select({ minutes: workingGroupMeetings.minutes })
      .from(workingGroupMeetings)
      .where(eq(workingGroupMeetings.id, meetingId))
      .get()?.minutes ?? {}
  )
}

/** Who can own an action of this meeting: the members now and those at the meeting, by name. */
export function meetingOwners(db: Reader, groupId: number, meetingId: number, now = new Date()) {
  const meeting = findMeeting(db, groupId, meetingId)
  const ids = [...new Set([...membersAt(db, groupId, now), ...(meeting ? membersAt(db, groupId, meeting.heldAt) : [])])]
  if (ids.length === 0) return []
  return db
    .select({ id: people.id, name: people.name, regionCode: people.regionCode })
    .from(people)
    .where(inArray(people.id, ids))
    .orderBy(asc(people.name))
    .all()
}
