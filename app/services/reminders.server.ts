/**
 * Reminders for webinars and working-group meetings (24 hours and 1 hour before by default,
 * per event). The outbox key `reminder:<registration>:<offset>:<start>` makes each one
 * once-only; moving an event gives new keys, so reminders follow the new time.
 */
import { and, eq, gt, inArray, lte } from 'drizzle-orm'

import type { DB } from '#db/client'
import { events, registrations } from '#db/schema'

import { queueRegistrationMail } from './registrations.server'

const MAX_OFFSET_MS = 14 * 86400_000

export function queueDueReminders(db: DB, baseUrl: string, now = new Date()): number {
  const upcoming = db
    .select({ id: events.id, startsAt: events.startsAt, offsets: events.reminderOffsets })
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
  for (const event of upcoming) {
    const untilStart = event.startsAt.getTime() - now.getTime()
    // The reminder due now is the closest one whose moment has passed.
    const due = [...event.offsets].sort((a, b) => a - b).find((minutes) => minutes * 60_000 >= untilStart)
    if (due === undefined) continue
    const remindAt = new Date(event.startsAt.getTime() - due * 60_000)
    db.transaction((tx) => {
      const regs = tx
        .select({ id: registrations.id, createdAt: registrations.createdAt, promotedAt: registrations.promotedAt })
        .from(registrations)
        .where(and(eq(registrations.eventId, event.id), eq(registrations.status, 'confirmed')))
        .all()
      for (const reg of regs) {
        // Someone who got their seat after this reminder's moment just had a confirmation: skip it.
        if ((reg.promotedAt ?? reg.createdAt) >= remindAt) continue
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
      }
    })
  }
  return queued
}
