/**
 * The participation pages' query string (`from`, `to`, `region`, `structure`, `person`,
 * `kind`, `page`, `inactive`, `months`), parsed with zod in the route: services get
 * plain values. Anything unknown or malformed is ignored (the page shows its default),
 * never trusted and never an error.
 */
import { z } from 'zod'

import { RECORD_KINDS, REGION_CODES } from '#db/domain'
import { makePeriod } from '~/services/metrics.server'

import { isCalendarDate } from './validation'

const day = z.string().refine(isCalendarDate).nullable().catch(null)
const positive = z
  .string()
  .regex(/^[0-9]{1,9}$/)
  .transform(Number)
  .refine((n) => n > 0)
  .nullable()
  .catch(null)

const MetricsQuery = z.object({
  from: day,
  to: day,
  region: z.enum(REGION_CODES).nullable().catch(null),
  structure: positive,
  person: positive,
  kind: z.enum(RECORD_KINDS).nullable().catch(null),
  page: positive,
  inactive: z.string().nullable().catch(null),
  months: positive,
})

export function readMetricsQuery(params: URLSearchParams, now = new Date()) {
  const q = MetricsQuery.parse(Object.fromEntries(Object.keys(MetricsQuery.shape).map((k) => [k, params.get(k)])))
  return {
    period: makePeriod(q.from, q.to, now),
    filters: {
      regionCode: q.region,
      structureId: q.structure,
      personId: q.person,
      kind: q.kind,
      page: q.page ?? 1,
      onlyInactive: q.inactive === '1',
      inactiveMonths: q.months && q.months <= 60 ? q.months : 6,
    },
  }
}
