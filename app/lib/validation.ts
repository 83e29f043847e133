/** Field schemas shared by every form. Error messages are i18n keys (namespace `common`). */
import { z } from 'zod'

import { LANGUAGES, MEMBER_TYPES, REGION_CODES, type RegionCode } from '#db/domain'

import { isTimeZone } from './format'

/** Line breaks and other control characters: what single-line fields refuse. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what single-line fields refuse
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/

export const EmailSchema = z
  .string({ error: 'errors.field.required' })
  .trim()
  .min(1, { error: 'errors.field.required' })
  .max(254, { error: 'errors.field.email' })
  .pipe(z.email({ error: 'errors.field.email' }))
export const PasswordSchema = z
  .string({ error: 'errors.field.required' })
  .min(10, { error: 'errors.field.passwordShort' })
  .max(200, { error: 'errors.field.passwordLong' })
export const NameSchema = z
  .string({ error: 'errors.field.required' })
  .trim()
  .min(1, { error: 'errors.field.required' })
  .max(120, { error: 'errors.field.tooLong' })
  .refine((v) => !CONTROL.test(v) && !/[<>]/.test(v), { error: 'errors.field.nameChars' })
export const LanguageSchema = z.enum(LANGUAGES, { error: 'errors.field.language' })
export const TimeZoneSchema = z
  .string({ error: 'errors.field.required' })
  .refine(isTimeZone, { error: 'errors.field.timeZone' })
export const RegionSchema = z.enum(REGION_CODES, { error: 'errors.field.region' })
export const MemberTypeSchema = z.enum(MEMBER_TYPES, { error: 'errors.field.memberType' })
/** Digits only: `1e3`, `0x10`, `10 ` or `+5` are not whole numbers here. */
export const DIGITS = /^[0-9]{1,15}$/

/** Parses an id or count strictly (digits only, no exponent, sign, hex or spaces); null when it is not one. */
export function parseWholeNumber(value: unknown): number | null {
  return typeof value === 'string' && DIGITS.test(value) ? Number(value) : null
}

/** A positive whole number typed as digits. */
export const WholeNumberSchema = z
  .string({ error: 'errors.field.required' })
  .trim()
  .regex(DIGITS, { error: 'errors.field.wholeNumber' })
  .transform(Number)

/** A database id from a form (a select's value): digits only, at least 1. */
export const IdSchema = z
  .string({ error: 'errors.field.invalid' })
  .regex(/^[1-9][0-9]{0,14}$/, { error: 'errors.field.invalid' })
  .transform(Number)

export const OptionalIdSchema = z
  .string()
  .optional()
  .refine((v) => !v || /^[1-9][0-9]{0,14}$/.test(v), { error: 'errors.field.invalid' })
  .transform((v) => (v ? Number(v) : null))

/**
 * One line of text (titles, names, subjects, rooms): a line break or other control
 * character is refused with a translated message, so it can never reach a mail
 * header, a calendar file or a CSV row.
 */
export function requiredLine(max = 200) {
  return z
    .string({ error: 'errors.field.required' })
    .trim()
    .min(1, { error: 'errors.field.required' })
    .max(max, { error: 'errors.field.tooLong' })
    .refine((v) => !CONTROL.test(v), { error: 'errors.field.lineBreak' })
}

/** An optional single line ('' when left empty). */
export function optionalLine(max = 200) {
  return z
    .string()
    .trim()
    .max(max, { error: 'errors.field.tooLong' })
    .refine((v) => !CONTROL.test(v), { error: 'errors.field.lineBreak' })
    .optional()
    .default('')
}

/** A time of day as HH:MM from 00:00 to 23:59 (24:00 is not a time). */
export const TimeOfDaySchema = z
  .string({ error: 'errors.field.required' })
  .regex(/^(?:[01][0-9]|2[0-3]):[0-5][0-9]$/, { error: 'errors.field.time' })

/** A real calendar date as YYYY-MM-DD (2020-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}
export const DateSchema = z
  .string({ error: 'errors.field.required' })
  .refine(isCalendarDate, { error: 'errors.field.date' })

export type FieldErrors = Record<string, string[] | undefined>

/** Parses a form with a schema; returns the data, or the field errors (i18n keys). */
export function parseForm<S extends z.ZodType>(
  schema: S,
  form: FormData,
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const values: Record<string, FormDataEntryValue> = {}
  for (const [k, v] of form.entries()) values[k] = v
  const parsed = schema.safeParse(values)
  if (parsed.success) return { ok: true, data: parsed.data }
  return { ok: false, errors: z.flattenError(parsed.error).fieldErrors as FieldErrors }
}

/** Public forms carry a hidden `website` field that people never fill in. */
export function honeypotTripped(form: FormData): boolean {
  const v = form.get('website')
  return typeof v === 'string' && v.length > 0
}

/** An optional phone number for a dial-out: digits with the usual separators, 6 to 20 digits. */
export const OptionalPhoneSchema = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .refine(
    (v) =>
      v === null ||
      (/^\+?[0-9][0-9 ().-]*$/.test(v) &&
        (v.match(/[0-9]/g)?.length ?? 0) >= 6 &&
        (v.match(/[0-9]/g)?.length ?? 0) <= 20),
    {
      error: 'errors.field.phone',
    },
  )

/** The `region` of a query string when it is one of the five regions, else null (no filter). */
export function regionParam(url: string): RegionCode | null {
  const parsed = RegionSchema.safeParse(new URL(url).searchParams.get('region'))
  return parsed.success ? parsed.data : null
}
