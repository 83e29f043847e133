/**
 * A results page's query string (`region`, `language`, `memberType`, `answer=<question>:<value>`,
 * `cross`, `by`, `search`), read in the route; services get plain filters. Anything unknown
 * is ignored rather than failing.
 */
import { z } from 'zod'

import { LANGUAGES, MEMBER_TYPES, REGION_CODES } from '#db/domain'
import type { Question } from '~/services/surveys/builder.server'
import type { CrossBy, ResultFilters } from '~/services/surveys/results.server'

const SurveyQuery = z.object({
  region: z.enum(REGION_CODES).nullable().catch(null),
  language: z.enum(LANGUAGES).nullable().catch(null),
  memberType: z.enum(MEMBER_TYPES).nullable().catch(null),
  answer: z
    .string()
    .regex(/^\d{1,9}:[\w-]{1,60}$/)
    .nullable()
    .catch(null),
  cross: z
    .string()
    .regex(/^\d{1,9}$/)
    .nullable()
    .catch(null),
  by: z.string().max(20).nullable().catch(null),
  search: z.string().nullable().catch(null),
})

/** Filters and cross-tab from the query string; what names no choice question or option of this survey is ignored. */
export function readSurveyQuery(params: URLSearchParams, questions: Question[]) {
  const q = SurveyQuery.parse(Object.fromEntries(Object.keys(SurveyQuery.shape).map((k) => [k, params.get(k)])))
  const choice = questions.filter((x) => x.kind === 'single' || x.kind === 'multiple')
  const [aq, av] = (q.answer ?? '').split(':')
  const answerQ = choice.find((x) => String(x.id) === aq)
  const filters: ResultFilters = {
    regionCode: q.region,
    language: q.language,
    memberType: q.memberType,
    answer:
      answerQ && (answerQ.options ?? []).some((o) => o.value === av) ? { questionId: answerQ.id, value: av } : null,
  }
  const crossQ = choice.find((x) => String(x.id) === q.cross)
  const byRaw = q.by ?? 'region'
  const by: CrossBy | null =
    byRaw === 'region' || byRaw === 'language' || byRaw === 'memberType'
      ? byRaw
      : choice.some((x) => `q${x.id}` === byRaw)
        ? (byRaw as CrossBy)
        : null
  const cross =
    crossQ && by
      ? { questionId: crossQ.id, by }
      : choice[0]
        ? { questionId: choice[0].id, by: 'region' as CrossBy }
        : null
  return { filters, cross, search: (q.search ?? '').trim().slice(0, 100) }
}
