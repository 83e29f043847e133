/**
 * Webinar constants the staff pages use in the browser. A module of its own, with no
 * imports: taking them from webinar-form.ts would bring zod and luxon (the schema's
 * dependencies) into the page's JavaScript, and a `.server` module cannot reach it at all.
 */

/** What a new webinar's form starts with. */
export const NEW_WEBINAR_DEFAULTS: Record<string, string> = {
  timeZone: 'UTC',
  durationMinutes: '60',
  reminderHours: '24, 1',
  time: '13:00',
}

/** The registrants list's status filters (`?show=`). */
export const REGISTRANT_FILTERS = ['confirmed', 'waitlisted', 'cancelled', 'attended'] as const
export type RegistrantFilter = (typeof REGISTRANT_FILTERS)[number]
