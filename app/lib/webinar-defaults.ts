/**
 * What a new webinar's form starts with. A module of its own, with no imports, because the
 * form's page uses it in the browser: importing it from webinar-form.ts would bring zod and
 * luxon (the schema's dependencies) into the page's JavaScript.
 */
export const NEW_WEBINAR_DEFAULTS: Record<string, string> = {
  timeZone: 'UTC',
  durationMinutes: '60',
  reminderHours: '24, 1',
  time: '13:00',
}
