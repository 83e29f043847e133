/**
 * Reminders for webinars and working-group meetings (24 hours and 1 hour before by default,
 * per event). The outbox key `reminder:<registration>:<offset>:<start>` makes each one
 * once-only; moving an event gives new keys, so reminders follow the new time.
 */
import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { events, registrations } from '#db/schema'

import { queueRegistrationMail } from './registrations.server'
import { eachItem } from './set-aside.server'

const MAX_OFFSET_MS = 14 * 86400_000

export function queueDueReminders(db: DB, baseUrl: string, now = new Date()): number {
  const upcoming = db
    // The offsets as stored text, read per event: one event's unreadable offsets set that event aside, not the step.
    .select({ id: events.id, startsAt: events.startsAt, offsets: sql<string>`${events.reminderOffsets}` })
    .from(events)
    .where(
      and(
        inArray(events.kind, ['webinar', 'meeting']),
        eq(events.status, 'scheduled'),
        gt(events.startsAt, now),
        lte(events.startsAt, new Date(now.getTime() + MAX_OFFSET_MS)),
      ),
    )
    .all()
  let queued = 0
  eachItem(
    'reminders',
    upcoming,
    (e) => `event ${e.id}`,
    (event) => {
      const offsets = JSON.parse(event.offsets) as unknown
      if (!Array.isArray(offsets) || offsets.some((m) => typeof m !== 'number'))
        throw new Error('its reminder offsets are not a list of minutes')
      const untilStart = event.startsAt.getTime() - now.getTime()
      // The reminder due now is the closest one whose moment has passed.
      const due = [...(offsets as number[])].sort((a, b) => a - b).find((minutes) => minutes * 60_000 >= untilStart)
      if (due === undefined) return
      const remindAt = new Date(event.startsAt.getTime() - due * 60_000)
      db.transaction((tx) => {
        const regs = tx
          .select({ id: registrations.id, createdAt: registrations.createdAt, promotedAt: registrations.promotedAt })
          .from(registrations)
          .where(and(eq(registrations.eventId, event.id), eq(registrations.status, 'confirmed')))
          .all()
        // One registrant's mail that cannot be made is set aside; the others get theirs.
        eachItem(
          'reminders',
          regs,
          (r) => `registration ${r.id}`,
          (reg) => {
            // Someone who got their seat after this reminder's moment just had a confirmation: skip it.
            if ((reg.promotedAt ?? reg.createdAt) >= remindAt) return
            if (
              queueRegistrationMail(
                tx,
                {
                  kind: 'reminder',
                  registrationId: reg.id,
                  uniqueKey: `reminder:${reg.id}:${due}:${event.startsAt.getTime()}`,
                },
                { baseUrl },
              )
            )
              queued++
          },
        )
      })
    },
  )
  return queued
}
