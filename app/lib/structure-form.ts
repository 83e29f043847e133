/** The form for a structure's details (staff create and edit; the public application reuses it). */
import { z } from 'zod'

import { countryCode } from './countries'
import { optionalLine, RegionSchema, requiredLine } from './validation'

/**
 * What someone typed as a web address, completed: "www.example.org" becomes
 * "https://www.example.org". Anything that names another scheme ("javascript:…") is kept
 * as typed, so the check below refuses it.
 */
export function completeWebsite(value: string): string {
  if (value === '' || /^https?:\/\//i.test(value) || /^[a-z][a-z0-9+-]*:(?!\d)/i.test(value)) return value
  return `https://${value.replace(/^\/+/, '')}`
}

/** A web address (shown as a link, so only http(s) is accepted); one typed without https:// is completed. */
export const OptionalWebsiteSchema = z
  .string()
  .trim()
  .max(300, { error: 'errors.field.tooLong' })
  .transform(completeWebsite)
  .refine((v) => v === '' || /^https?:\/\/[^\s<>"'/]+\.[^\s<>"']+$/i.test(v), { error: 'errors.field.website' })
  .optional()
  .default('')

/** A country as typed: its ISO code or its name in English, French or Spanish; the code is kept. */
export const CountrySchema = z
  .string({ error: 'errors.field.required' })
  .trim()
  .min(1, { error: 'errors.field.required' })
  .refine((v) => countryCode(v) !== null, { error: 'errors.field.country' })
  .transform((v) => countryCode(v)!)

export const StructureSchema = z.object({
  name: requiredLine(200),
  nameFr: optionalLine(200),
  nameEs: optionalLine(200),
  regionCode: RegionSchema,
  country: CountrySchema,
  site: OptionalWebsiteSchema,
  description: z.string().trim().max(4000, { error: 'errors.field.tooLong' }).optional().default(''),
  contactEmail: z
    .string()
    .trim()
    .max(254, { error: 'errors.field.tooLong' })
    .refine((v) => v === '' || /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(v), { error: 'errors.field.email' })
    .optional()
    .default(''),
})
export type StructureValues = z.infer<typeof StructureSchema>

/** A structure error from the service, as a field and a translation key. */
export const STRUCTURE_ERRORS = {
  nameTaken: ['name', 'errors.structure.nameTaken'],
  unknownContact: ['contactEmail', 'errors.structure.unknownContact'],
  notFound: ['form', 'errors.notFoundNothingChanged'],
} as const

/** The service's fields from the form's values. */
export function structureFields(v: StructureValues) {
  return {
    name: v.name,
    localNames: { fr: v.nameFr, es: v.nameEs },
    regionCode: v.regionCode,
    country: v.country,
    website: v.site || null,
    description: v.description || null,
    contactEmail: v.contactEmail || null,
  }
}

/** The badge style of each accreditation status on the staff pages. */
export const STATUS_BADGE: Record<string, string> = {
  accredited: 'badge',
  applied: 'badge muted',
  due_diligence: 'badge muted',
  ralo_advice: 'badge muted',
  alac_decision: 'badge muted',
  under_review: 'badge warn',
  rejected: 'badge bad',
  withdrawn: 'badge bad',
  decertified: 'badge bad',
}
