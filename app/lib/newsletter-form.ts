/** The staff newsletter form: one zod schema from form fields to a NewsletterInput. */
import { z } from 'zod'

import { type Language, LANGUAGES } from '#db/domain'
import type { NewsletterInput } from '~/services/newsletters/newsletter.server'

import { OptionalSlugSchema, slugify } from './slug'
import { OptionalIdSchema, TimeZoneSchema } from './validation'
import { zonedToUtc } from './zoned'

/** Header fields (subject, preheader) must stay on one line: CR/LF could inject mail headers. */
const oneLine = (max: number) =>
  z
    .string()
    .optional()
    .default('')
    .transform((v) => v.trim())
    .refine((v) => !/[\r\n]/.test(v), { error: 'errors.newsletter.lineBreak' })
    .refine((v) => v.length <= max, { error: 'errors.field.tooLong' })

const fields: Record<string, z.ZodType> = {
  slug: OptionalSlugSchema,
  audienceId: OptionalIdSchema,
}
for (const l of LANGUAGES) {
  fields[`subject_${l}`] = oneLine(200)
  fields[`preheader_${l}`] = oneLine(300)
  fields[`body_${l}`] = z
    .string()
    .optional()
    .default('')
    .refine((v) => v.length <= 100_000, { error: 'errors.field.tooLong' })
  fields[`complete_${l}`] = z.string().optional()
}

export const NewsletterFormSchema = z.object(fields).transform((raw, ctx): NewsletterInput => {
  const v = raw as Record<string, string | number | null | undefined>
  const versions: NewsletterInput['versions'] = {}
  for (const l of LANGUAGES) {
    const subject = String(v[`subject_${l}`] ?? '')
    const preheader = String(v[`preheader_${l}`] ?? '')
    const bodyMarkdown = String(v[`body_${l}`] ?? '').replace(/\r\n/g, '\n')
    const complete = v[`complete_${l}`] === 'on'
    if (l === 'en' && !subject) ctx.addIssue({ code: 'custom', path: ['subject_en'], message: 'errors.field.required' })
    if (complete && !subject && l !== 'en')
      ctx.addIssue({ code: 'custom', path: [`subject_${l}`], message: 'errors.newsletter.completeNeedsText' })
    if (complete && !bodyMarkdown.trim())
      ctx.addIssue({ code: 'custom', path: [`body_${l}`], message: 'errors.newsletter.completeNeedsText' })
    if (subject || preheader || bodyMarkdown.trim())
      versions[l as Language] = { subject, preheader, bodyMarkdown, complete }
  }
  const slug = String(v.slug || slugify(String(v.subject_en ?? '')))
  if (!slug) ctx.addIssue({ code: 'custom', path: ['slug'], message: 'errors.webinar.slug' })
  return { slug, audienceId: (v.audienceId as number | null) ?? null, versions }
})

/** The lists ticked on the newsletter form (checkboxes `listIds`); anything not an id is dropped. */
export function listIdsOf(form: FormData): number[] {
  return [...new Set(form.getAll('listIds').map(Number))].filter((id) => Number.isInteger(id) && id > 0)
}

export const ScheduleSchema = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.webinar.date' }),
    time: z.string().regex(/^\d{2}:\d{2}$/, { error: 'errors.webinar.time' }),
    timeZone: TimeZoneSchema,
  })
  .transform((v, ctx) => {
    const at = zonedToUtc(v.date, v.time, v.timeZone)
    if (!at) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'errors.webinar.date' })
      return z.NEVER
    }
    return at
  })
