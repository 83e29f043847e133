/** The form for a working group's details (staff create and edit) and its membership forms. */
import { z } from 'zod'

import { WORKING_GROUP_ROLES } from '#db/domain'

import { OptionalSlugSchema, slugify } from './slug'
import { DateSchema, isCalendarDate, optionalLine, requiredLine } from './validation'

const LongText = z.string().trim().max(4000, { error: 'errors.field.tooLong' }).optional().default('')
const OptionalDate = z
  .string()
  .trim()
  .optional()
  .default('')
  .refine((v) => v === '' || isCalendarDate(v), { error: 'errors.field.date' })

export const WorkingGroupSchema = z
  .object({
    kind: z.enum(['standing', 'working_party'], { error: 'errors.field.invalid' }),
    slug: OptionalSlugSchema,
    nameEn: requiredLine(200),
    nameFr: optionalLine(200),
    nameEs: optionalLine(200),
    topicEn: requiredLine(300),
    topicFr: optionalLine(300),
    topicEs: optionalLine(300),
    descriptionEn: LongText,
    descriptionFr: LongText,
    descriptionEs: LongText,
    startsOn: OptionalDate,
    endsOn: OptionalDate,
    membersPublic: z.literal('on').optional(),
    allRegionsRequired: z.literal('on').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.startsOn && v.endsOn && v.endsOn < v.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'errors.workingGroup.endsBeforeStart' })
    if (!v.slug && !slugify(v.nameEn)) ctx.addIssue({ code: 'custom', path: ['slug'], message: 'errors.webinar.slug' })
  })
export type WorkingGroupValues = z.input<typeof WorkingGroupSchema>

/** The service's fields from the form's values (the address made from the English name when left empty). */
export function workingGroupFields(v: z.infer<typeof WorkingGroupSchema>) {
  return {
    kind: v.kind,
    slug: v.slug || slugify(v.nameEn),
    name: { en: v.nameEn, fr: v.nameFr, es: v.nameEs },
    topic: { en: v.topicEn, fr: v.topicFr, es: v.topicEs },
    description: { en: v.descriptionEn, fr: v.descriptionFr, es: v.descriptionEs },
    startsOn: v.startsOn || null,
    endsOn: v.endsOn || null,
    membersPublic: v.membersPublic === 'on',
    allRegionsRequired: v.allRegionsRequired === 'on',
  }
}

export const RoleSchema = z.enum(WORKING_GROUP_ROLES, { error: 'errors.field.invalid' })

/** A membership date typed by staff: a real date, today at the latest. */
export function pastDateSchema(today: string) {
  return DateSchema.refine((v) => v <= today, { error: 'errors.workingGroup.futureDate' })
}

/** What staff typed, to show again after a refused save (nothing typed is lost). */
export function submittedGroupValues(form: FormData): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {}
  for (const [k, v] of form.entries()) if (typeof v === 'string' && k !== 'intent') values[k] = v.slice(0, 5000)
  values.membersPublic = form.get('membersPublic') === 'on'
  values.allRegionsRequired = form.get('allRegionsRequired') === 'on'
  return values
}
