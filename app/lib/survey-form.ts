/** The staff survey forms: settings and questions, from form fields to service inputs. */
import { z } from 'zod'

import { type LocalisedText, OPEN_ACCESS, QUESTION_KINDS } from '#db/domain'
import type { QuestionInput, SurveySettings } from '~/services/surveys/builder.server'

import { OptionalSlugSchema, slugify } from './slug'
import { OptionalIdSchema, optionalLine, requiredLine, TimeZoneSchema } from './validation'
import { zonedToUtc } from './zoned'

const text = (max: number) => z.string().trim().max(max, { error: 'errors.field.tooLong' }).optional().default('')
const localised = (v: Record<string, string>, key: string): LocalisedText => ({
  en: v[`${key}_en`],
  ...(v[`${key}_fr`] ? { fr: v[`${key}_fr`] } : {}),
  ...(v[`${key}_es`] ? { es: v[`${key}_es`] } : {}),
})
const optionalDate = z
  .string()
  .trim()
  .optional()
  .default('')
  .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), { error: 'errors.webinar.date' })

export const SettingsSchema = z
  .object({
    slug: OptionalSlugSchema,
    eventId: OptionalIdSchema,
    title_en: requiredLine(200),
    title_fr: optionalLine(200),
    title_es: optionalLine(200),
    intro_en: text(2000),
    intro_fr: text(2000),
    intro_es: text(2000),
    mode: z.enum(['invitation', 'open'], { error: 'errors.field.invalid' }),
    anonymous: z.string().optional(),
    openAccess: z.enum(OPEN_ACCESS, { error: 'errors.field.invalid' }).optional().default('signed_in'),
    opensDate: optionalDate,
    closesDate: optionalDate,
    timeZone: TimeZoneSchema,
  })
  .transform((v, ctx): SurveySettings => {
    const opensAt = v.opensDate ? zonedToUtc(v.opensDate, '00:00', v.timeZone) : null
    const closesAt = v.closesDate ? zonedToUtc(v.closesDate, '23:59', v.timeZone) : null
    if (opensAt && closesAt && closesAt <= opensAt)
      ctx.addIssue({ code: 'custom', path: ['closesDate'], message: 'errors.survey.closesBeforeOpens' })
    // Only an anonymous survey can be answered without an account.
    if (v.mode === 'open' && v.openAccess === 'anyone' && v.anonymous !== 'on') {
      ctx.addIssue({ code: 'custom', path: ['openAccess'], message: 'errors.survey.anyoneNeedsAnonymous' })
    }
    const slug = v.slug || slugify(v.title_en)
    if (!slug) ctx.addIssue({ code: 'custom', path: ['slug'], message: 'errors.webinar.slug' })
    const intro = localised(v as unknown as Record<string, string>, 'intro')
    return {
      slug,
      eventId: v.eventId,
      title: localised(v as unknown as Record<string, string>, 'title'),
      intro: intro.en || intro.fr || intro.es ? intro : null,
      mode: v.mode,
      anonymous: v.anonymous === 'on',
      openAccess: v.openAccess,
      opensAt,
      closesAt,
    }
  })

/** "English | Français | Español" per line; English is required on each line. */
const Lines = z
  .string()
  .optional()
  .default('')
  .transform((v) =>
    v
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [en = '', fr = '', es = ''] = l.split('|').map((p) => p.trim())
        return { en, ...(fr ? { fr } : {}), ...(es ? { es } : {}) } as LocalisedText
      }),
  )
  .refine((lines) => lines.every((l) => l.en.length > 0 && l.en.length <= 200), { error: 'errors.survey.optionLines' })

const optionalInt = z
  .string()
  .trim()
  .optional()
  .default('')
  .refine((v) => v === '' || /^-?\d{1,9}$/.test(v), { error: 'errors.survey.notANumber' })
  .transform((v) => (v === '' ? null : Number(v)))

export const QuestionSchema = z
  .object({
    sectionId: z.coerce.number({ error: 'errors.field.invalid' }).int().positive({ error: 'errors.field.invalid' }),
    kind: z.enum(QUESTION_KINDS, { error: 'errors.field.invalid' }),
    required: z.string().optional(),
    text_en: z.string().trim().min(1, { error: 'errors.field.required' }).max(500, { error: 'errors.field.tooLong' }),
    text_fr: text(500),
    text_es: text(500),
    help_en: text(500),
    help_fr: text(500),
    help_es: text(500),
    options: Lines,
    statements: Lines,
    showIf: z.string().optional().default(''),
    minValue: optionalInt,
    maxValue: optionalInt,
  })
  .transform((v): QuestionInput => {
    const raw = v as unknown as Record<string, string>
    const help = localised(raw, 'help')
    const [showId, ...showValue] = v.showIf.split(':')
    return {
      sectionId: v.sectionId,
      kind: v.kind,
      required: v.required === 'on',
      text: localised(raw, 'text'),
      help: help.en ? help : null,
      optionLabels: usesOptions(v.kind) ? v.options : [],
      statementLabels: v.kind === 'likert' ? v.statements : [],
      showIfQuestionId: v.showIf ? Number(showId) || null : null,
      showIfValue: v.showIf ? showValue.join(':') || null : null,
      minValue: v.minValue,
      maxValue: v.maxValue,
    }
  })

/** The question's stored labels back as form lines. */
export function linesOf(options: { label: LocalisedText }[] | null | undefined): string {
  return (options ?? [])
    .map((o) => [o.label.en, o.label.fr ?? '', o.label.es ?? ''].join(' | ').replace(/( \| )+$/, ''))
    .join('\n')
}

/** The question kinds answered by choosing among options (a Likert scale's options are its points). */
export function usesOptions(kind: string): boolean {
  return kind === 'single' || kind === 'multiple' || kind === 'likert'
}
