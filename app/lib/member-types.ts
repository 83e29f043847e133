import type { MemberType } from '#db/domain'

/**
 * Member types a person cannot give themselves: staff confirm ALAC members, a RALO grants
 * individual membership (decision 015), and a structure's contact or staff confirm its
 * representatives. A person who holds one keeps it.
 */
const GRANTED: readonly MemberType[] = ['alac_member', 'individual_member', 'als_representative']

export function isGrantedMemberType(type: string): boolean {
  return (GRANTED as readonly string[]).includes(type)
}

const ERRORS: Record<string, string> = {
  alac_member: 'errors.field.memberTypeVerified',
  individual_member: 'errors.field.memberTypeApply',
  als_representative: 'errors.field.memberTypeStructure',
}

/** The error key when a person chooses a member type they were not granted, else null. */
export function selfChosenTypeError(chosen: MemberType, current: MemberType | null | undefined): string | null {
  if (!isGrantedMemberType(chosen) || chosen === current) return null
  return ERRORS[chosen]
}
