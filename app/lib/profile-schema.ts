import { z } from 'zod'

import {
  LanguageSchema,
  MemberTypeSchema,
  NameSchema,
  OptionalIdSchema,
  RegionSchema,
  TimeZoneSchema,
} from './validation'

/**
 * The profile part of the sign-up and profile forms. A person's structure is not part of it:
 * they ask to represent one (`AffiliationRequestSchema`), and staff set it (`PersonSchema`).
 */
export const ProfileSchema = z.object({
  name: NameSchema,
  preferredLanguage: LanguageSchema,
  timeZone: TimeZoneSchema,
  regionCode: z
    .union([z.literal(''), RegionSchema])
    .optional()
    .transform((v) => (v ? v : null)),
  memberType: MemberTypeSchema,
})

/** A request to represent a structure (the sign-up form's field, the profile's own form); empty means none. */
export const AffiliationRequestSchema = z.object({ structureId: OptionalIdSchema })
