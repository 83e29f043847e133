/** Field schemas shared by every form. Error messages are i18n keys (namespace `common`). */
import { z } from 'zod'
import { LANGUAGES, MEMBER_TYPES, REGION_CODES } from '#db/domain'
import { isTimeZone } from './format'

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
  .refine((v) => !/[\r\n<>]/.test(v), { error: 'errors.field.nameChars' })
export const LanguageSchema = z.enum(LANGUAGES, { error: 'errors.field.language' })
export const TimeZoneSchema = z.string({ error: 'errors.field.required' }).refine(isTimeZone, { error: 'errors.field.timeZone' })
export const RegionSchema = z.enum(REGION_CODES, { error: 'errors.field.region' })
export const MemberTypeSchema = z.enum(MEMBER_TYPES, { error: 'errors.field.memberType' })
export const OptionalIdSchema = z
  .string()
  .optional()
  .transform((v) => (v ? Number(v) : null))
  .refine((v) => v === null || (Number.isInteger(v) && v > 0), { error: 'errors.field.invalid' })

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
  .refine((v) => v === null || (/^\+?[0-9][0-9 ().-]*$/.test(v) && (v.match(/[0-9]/g)?.length ?? 0) >= 6 && (v.match(/[0-9]/g)?.length ?? 0) <= 20), {
    error: 'errors.field.phone',
  })
