/** The staff webinar form: one zod schema from form fields to a WebinarInput. */
import { z } from 'zod'

import { type Language, LANGUAGES } from '#db/domain'
import type { WebinarInput } from '~/services/webinars-admin.server'
import type { MeetingInput } from '~/services/working-group-meetings.server'

import { OptionalSlugSchema, slugify } from './slug'
import { type FieldErrors, optionalLine, requiredLine, TimeZoneSchema } from './validation'
import { zonedToUtc } from './zoned'

const text = (max: number) => z.string().trim().max(max, { error: 'errors.field.tooLong' }).optional().default('')
/** Digits only: `1e2`, `0x10` or `10 seats` are refused, not read as numbers. */
const optionalInt = (min: number, max: number, error: string) =>
  z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || /^[0-9]{1,9}$/.test(v), { error })
    .transform((v) => (v ? Number(v) : null))
    .refine((v) => v === null || (v >= min && v <= max), { error })

/** Conference IDs: digits, with spaces or hyphens between groups (Adobe Connect, Zoom…). */
export const ConferenceId = z
  .string()
  .trim()
  .optional()
  .default('')
  .refine((v) => v === '' || /^[0-9]+([ -][0-9]+)*$/.test(v), { error: 'errors.webinar.conferenceId' })
/** Dial-in numbers: entries separated by ";" or new lines, each starting with a phone number (a label may follow). */
const DialIn = z
  .string()
  .trim()
  .optional()
  .default('')
  .refine(
    (v) => v === '' || v.split(/[;\n]/).every((entry) => /^\+?[0-9][0-9 ().-]{5,}[0-9)]( .*)?$/.test(entry.trim())),
    {
      error: 'errors.webinar.dialIn',
    },
  )

const fields: Record<string, z.ZodType> = {
  slug: OptionalSlugSchema,
  seriesId: optionalInt(1, Number.MAX_SAFE_INTEGER, 'errors.field.invalid'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.webinar.date' }),
  time: z.string().regex(/^\d{2}:\d{2}$/, { error: 'errors.webinar.time' }),
  timeZone: TimeZoneSchema,
  durationMinutes: optionalInt(5, 24 * 60, 'errors.webinar.duration').refine((v) => v !== null, {
    error: 'errors.webinar.duration',
  }),
  platformName: optionalLine(80),
  platformUrl: z
    .string()
    .trim()
    .optional()
    .default('')
    .refine((v) => v === '' || /^https:\/\/[^\s<>"]+$/.test(v), { error: 'errors.webinar.url' }),
  capacity: optionalInt(1, 100_000, 'errors.webinar.capacity'),
  opensDate: z.string().optional().default(''),
  opensTime: z.string().optional().default(''),
  closesDate: z.string().optional().default(''),
  closesTime: z.string().optional().default(''),
  reminderHours: z
    .string()
    .trim()
    .optional()
    .default('')
    .refine(
      (v) =>
        v === '' || v.split(',').every((h) => /^\s*\d+(\.\d+)?\s*$/.test(h) && Number(h) > 0 && Number(h) <= 24 * 14),
      {
        error: 'errors.webinar.reminders',
      },
    ),
  presenters: text(2000),
}
for (const l of LANGUAGES) {
  fields[`title_${l}`] = l === 'en' ? requiredLine(200) : optionalLine(200)
  fields[`description_${l}`] = text(5000)
  fields[`agenda_${l}`] = text(5000)
  fields[`conferenceId_${l}`] = ConferenceId
  fields[`dialIn_${l}`] = DialIn
  fields[`interpreters_${l}`] = optionalLine(300)
}

export const WebinarFormSchema = z.object(fields).transform((raw, ctx): WebinarInput => {
  const v = raw as Record<string, string & number & null>
  const startsAt = zonedToUtc(v.date, v.time, v.timeZone)
  if (!startsAt) ctx.addIssue({ code: 'custom', path: ['time'], message: 'errors.webinar.time' })
  const at = (date: string, time: string, path: string) => {
    if (!date && !time) return null
    const d = zonedToUtc(date, time || '00:00', v.timeZone)
    if (!d) ctx.addIssue({ code: 'custom', path: [path], message: 'errors.webinar.date' })
    return d
  }
  const opens = at(v.opensDate, v.opensTime, 'opensDate')
  const closes = at(v.closesDate, v.closesTime, 'closesDate')
  if (opens && closes && closes <= opens)
    ctx.addIssue({ code: 'custom', path: ['closesDate'], message: 'errors.webinar.closesBeforeOpens' })
  const texts = {} as WebinarInput['texts']
  for (const l of LANGUAGES) {
    if (v[`title_${l}`])
      texts[l] = { title: v[`title_${l}`], description: v[`description_${l}`], agenda: v[`agenda_${l}`] }
  }
  const channels = LANGUAGES.filter((l) => v[`conferenceId_${l}`]).map((language: Language) => ({
    language,
    conferenceId: v[`conferenceId_${language}`],
    dialInNumbers: v[`dialIn_${language}`],
    interpreters: v[`interpreters_${language}`],
  }))
  const presenters = String(v.presenters)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      // name [<address>] | role in English | role in French | role in Spanish (the last two optional)
      const [who, en = '', fr = '', es = ''] = line.split('|').map((part) => part.trim())
      // "Name <address>" links the presenter to that person of the directory.
      const linked = who.match(/^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/)
      const name = linked ? linked[1] : who
      return {
        name,
        ...(linked ? { email: linked[2].toLowerCase() } : {}),
        role: { en, ...(fr ? { fr } : {}), ...(es ? { es } : {}) },
      }
    })
  const start = startsAt ?? new Date(0)
  const slug = v.slug || slugify(v.title_en)
  if (!slug) ctx.addIssue({ code: 'custom', path: ['slug'], message: 'errors.webinar.slug' })
  return {
    slug,
    seriesId: v.seriesId,
    texts,
    presenters,
    startsAt: start,
    endsAt: new Date(start.getTime() + (v.durationMinutes ?? 60) * 60_000),
    timeZone: v.timeZone,
    platformName: v.platformName || null,
    platformUrl: v.platformUrl || null,
    capacity: v.capacity,
    registrationOpensAt: opens,
    registrationClosesAt: closes,
    reminderOffsets: v.reminderHours
      ? String(v.reminderHours)
          .split(',')
          .map((h) => Math.round(Number(h) * 60))
      : [],
    channels,
  }
})

/** Fields of the webinar form a group meeting does not have (its address is made for it). */
const NOT_FOR_MEETINGS = new Set([
  'slug',
  'seriesId',
  'capacity',
  'opensDate',
  'opensTime',
  'closesDate',
  'closesTime',
  'presenters',
  ...LANGUAGES.map((l) => `description_${l}`),
])

/** A working-group meeting's form: the webinar form's texts, time, reminders, call link and channels. */
export function parseMeetingForm(
  form: FormData,
): { ok: true; data: MeetingInput } | { ok: false; errors: FieldErrors } {
  const values: Record<string, FormDataEntryValue> = { slug: 'meeting' }
  for (const [k, v] of form.entries()) if (!NOT_FOR_MEETINGS.has(k)) values[k] = v
  const parsed = WebinarFormSchema.safeParse(values)
  if (!parsed.success) return { ok: false, errors: z.flattenError(parsed.error).fieldErrors as FieldErrors }
  const { texts, startsAt, endsAt, timeZone, platformName, platformUrl, reminderOffsets, channels } = parsed.data
  return { ok: true, data: { texts, startsAt, endsAt, timeZone, platformName, platformUrl, reminderOffsets, channels } }
}
