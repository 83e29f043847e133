import { z } from 'zod'

import {
  LanguageSchema,
  MemberTypeSchema,
  NameSchema,
  OptionalIdSchema,
  RegionSchema,
  TimeZoneSchema,
} from './validation'

/** The profile part of the sign-up and profile forms. */
export const ProfileSchema = z.object({
  name: NameSchema,
  preferredLanguage: LanguageSchema,
  timeZone: TimeZoneSchema,
  regionCode: z
    .union([z.literal(''), RegionSchema])
    .optional()
    .transform((v) => (v ? v : null)),
  structureId: OptionalIdSchema,
  memberType: MemberTypeSchema,
})
