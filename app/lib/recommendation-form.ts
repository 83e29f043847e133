/**
 * The recommendation form (new and edit share it): reference, text per language (English
 * required), owner, source ("summit_group:12", "survey:3", "review_item:1") and the
 * tracker milestones it links. Returns the service's input or translated field errors.
 */
import { z } from 'zod'

import { RECOMMENDATION_SOURCES } from '#db/domain'

import { type FieldErrors, requiredLine } from './validation'

const longText = (required: boolean) =>
  required
    ? z
        .string({ error: 'errors.field.required' })
        .trim()
        .min(1, { error: 'errors.field.required' })
        .max(3000, { error: 'errors.field.tooLong' })
    : z.string().trim().max(3000, { error: 'errors.field.tooLong' }).optional().default('')

const Schema = z.object({
  reference: requiredLine(30).refine((v) => v === '' || /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u.test(v), {
    error: 'errors.recommendation.reference',
  }),
  textEn: longText(true),
  textFr: longText(false),
  textEs: longText(false),
  owner: requiredLine(200),
  source: z
    .string({ error: 'errors.recommendation.source' })
    .regex(new RegExp(`^(${RECOMMENDATION_SOURCES.join('|')}):[1-9][0-9]{0,9}$`), {
      error: 'errors.recommendation.source',
    }),
  milestoneIds: z.array(z.string().regex(/^[1-9][0-9]{0,9}$/, { error: 'errors.field.invalid' })).max(200),
})

export type RecommendationFields = {
  reference: string
  text: { en: string; fr?: string; es?: string }
  owner: string
  source: { kind: (typeof RECOMMENDATION_SOURCES)[number]; id: number }
  milestoneIds: number[]
}

export function parseRecommendationForm(
  form: FormData,
): { ok: true; data: RecommendationFields } | { ok: false; errors: FieldErrors } {
  const parsed = Schema.safeParse({
    reference: form.get('reference') ?? '',
    textEn: form.get('textEn') ?? '',
    textFr: form.get('textFr') ?? '',
    textEs: form.get('textEs') ?? '',
    owner: form.get('owner') ?? '',
    source: form.get('source') ?? '',
    milestoneIds: form.getAll('milestoneIds').map(String),
  })
  if (!parsed.success) return { ok: false, errors: z.flattenError(parsed.error).fieldErrors as FieldErrors }
  const v = parsed.data
  const [kind, id] = v.source.split(':') as [(typeof RECOMMENDATION_SOURCES)[number], string]
  return {
    ok: true,
    data: {
      reference: v.reference,
      text: { en: v.textEn, ...(v.textFr ? { fr: v.textFr } : {}), ...(v.textEs ? { es: v.textEs } : {}) },
      owner: v.owner,
      source: { kind, id: Number(id) },
      milestoneIds: v.milestoneIds.map(Number),
    },
  }
}

/** What was typed, to show again when a save is refused (the page renders it even without JavaScript). */
export function submittedRecommendationValues(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '')
  const [kind, id] = text('source').split(':')
  return {
    reference: text('reference'),
    texts: { en: text('textEn'), fr: text('textFr'), es: text('textEs') },
    owner: text('owner'),
    source: {
      kind: ((RECOMMENDATION_SOURCES as readonly string[]).includes(kind)
        ? kind
        : 'summit_group') as (typeof RECOMMENDATION_SOURCES)[number],
      id: Number(id) || 0,
    },
    milestoneIds: form
      .getAll('milestoneIds')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0),
  }
}
