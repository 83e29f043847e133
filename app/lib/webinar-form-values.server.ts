import { LANGUAGES } from '#db/domain'
import type { getWebinarForEdit } from '~/services/webinars-admin.server'

import { utcToZoned } from './zoned'

/** Pre-fills the webinar form from the stored webinar, with times in its own zone. */
export function webinarFormValues(w: NonNullable<ReturnType<typeof getWebinarForEdit>>): Record<string, string> {
  const { event } = w
  const start = utcToZoned(event.startsAt, event.timeZone)
  const opens = event.registrationOpensAt ? utcToZoned(event.registrationOpensAt, event.timeZone) : null
  const closes = event.registrationClosesAt ? utcToZoned(event.registrationClosesAt, event.timeZone) : null
  const values: Record<string, string> = {
    slug: event.slug,
    seriesId: event.seriesId ? String(event.seriesId) : '',
    date: start.date,
    time: start.time,
    timeZone: event.timeZone,
    durationMinutes: String(Math.round((event.endsAt.getTime() - event.startsAt.getTime()) / 60_000)),
    platformName: event.platformName ?? '',
    platformUrl: event.platformUrl ?? '',
    capacity: event.capacity ? String(event.capacity) : '',
    opensDate: opens?.date ?? '',
    opensTime: opens?.time ?? '',
    closesDate: closes?.date ?? '',
    closesTime: closes?.time ?? '',
    reminderHours: event.reminderOffsets.map((m) => String(m / 60)).join(', '),
    presenters: w.presenters
      .map((p) =>
        [p.email ? `${p.name} <${p.email}>` : p.name, p.role.en, p.role.fr ?? '', p.role.es ?? '']
          .join(' | ')
          .replace(/( \| )+$/, ''),
      )
      .join('\n'),
  }
  for (const l of LANGUAGES) {
    const text = w.texts.find((t) => t.language === l)
    values[`title_${l}`] = text?.title ?? ''
    values[`description_${l}`] = text?.description ?? ''
    values[`agenda_${l}`] = text?.agenda ?? ''
    const channel = w.channels.find((c) => c.language === l)
    values[`conferenceId_${l}`] = channel?.conferenceId ?? ''
    values[`dialIn_${l}`] = channel?.dialInNumbers ?? ''
    values[`interpreters_${l}`] = channel?.interpreters ?? ''
  }
  return values
}

/** What was typed, to show again next to the errors. */
export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [k, v] of form.entries()) if (typeof v === 'string') values[k] = v
  return values
}
