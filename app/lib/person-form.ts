/** The staff form for a person's record (create and edit): the profile, the address, a phone number. */
import { ProfileSchema } from './profile-schema'
import { EmailSchema, OptionalPhoneSchema } from './validation'

export const PersonSchema = ProfileSchema.extend({ email: EmailSchema, phone: OptionalPhoneSchema })

/** A record error from the service, as a field and a translation key. */
export const RECORD_ERRORS = {
  emailTaken: ['email', 'errors.person.emailTaken'],
  unknownStructure: ['structureId', 'errors.field.unknownChoice'],
  notFound: ['form', 'errors.notFoundNothingChanged'],
  erased: ['form', 'errors.person.erased'],
} as const
