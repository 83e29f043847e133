import type { MemberType } from '#db/domain'

/**
 * Member types a person cannot give themselves: staff confirm ALAC members, and a RALO
 * grants individual membership (decision 015). A person who holds one keeps it.
 */
const GRANTED: readonly MemberType[] = ['alac_member', 'individual_member']

export function isGrantedMemberType(type: string): boolean {
  return (GRANTED as readonly string[]).includes(type)
}

/** The error key when a person chooses a member type they were not granted, else null. */
export function selfChosenTypeError(chosen: MemberType, current: MemberType | null | undefined): string | null {
  if (!isGrantedMemberType(chosen) || chosen === current) return null
  return chosen === 'alac_member' ? 'errors.field.memberTypeVerified' : 'errors.field.memberTypeApply'
}
