/** The staff form for a person's record (create and edit): the profile, the address, a phone number. */
import { ProfileSchema } from './profile-schema'
import { EmailSchema, OptionalIdSchema, OptionalPhoneSchema } from './validation'

/** Staff set a person's structure directly (a staff act: the link is confirmed). */
export const PersonSchema = ProfileSchema.extend({
  email: EmailSchema,
  phone: OptionalPhoneSchema,
  structureId: OptionalIdSchema,
})

/** A record error from the service, as a field and a translation key. */
export const RECORD_ERRORS = {
  emailTaken: ['email', 'errors.person.emailTaken'],
  unknownStructure: ['structureId', 'errors.field.unknownChoice'],
  notFound: ['form', 'errors.notFoundNothingChanged'],
  erased: ['form', 'errors.person.erased'],
} as const
