import { data } from '@remix-run/node'
import { z } from 'zod'

import { baseUrl } from '~/guards.server'
import type { PersonSummary } from '~/services/people.server'
import { decideMembership } from '~/services/structures/membership.server'

import { IdSchema } from './validation'

const DecisionSchema = z.object({
  applicationId: IdSchema,
  decision: z.enum(['approve', 'decline'], { error: 'errors.membership.decisionRequired' }),
  note: z.string().trim().max(2000, { error: 'errors.field.tooLong' }).optional().default(''),
})

const STATUS = { notFound: 404, forbidden: 403, notPending: 409, noteRequired: 400 } as const

/**
 * A RALO leader's or staff's decision on an individual membership application, from a
 * posted form: `{ ok: true }`, or the errors to show beside that application's form
 * (with a 4xx status).
 */
export function decideFromForm(db: Parameters<typeof decideMembership>[0], form: FormData, actor: PersonSummary) {
  const applicationId = Number(form.get('applicationId'))
  const parsed = DecisionSchema.safeParse(Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])))
  if (!parsed.success)
    return data(
      { applicationId, errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> },
      { status: 400 },
    )
  const result = decideMembership(db, parsed.data, { actor, baseUrl: baseUrl() })
  if (!result.ok) {
    const field = result.error === 'noteRequired' ? 'note' : 'form'
    return data(
      { applicationId, errors: { [field]: [`errors.membership.${result.error}`] } as Record<string, string[]> },
      { status: STATUS[result.error] },
    )
  }
  return { ok: true as const }
}

export type DecisionErrors = { applicationId: number; errors: Record<string, string[] | undefined> }
