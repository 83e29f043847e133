/**
 * The directory's query string, read in the route with zod: `q`, `region`, `structure`,
 * `memberType`, `role`, `language`, `state`, `active` (months), `sort`, `page`. Anything
 * unknown is ignored (the page shows everyone), never an error.
 */
import { z } from 'zod'

import {
  ACCOUNT_STATES,
  DIRECTORY_SORTS,
  type DirectoryFilters,
  type DirectorySort,
  LANGUAGES,
  MEMBER_TYPES,
  REGION_CODES,
  ROLES,
} from '#db/domain'

const positive = z
  .string()
  .regex(/^[0-9]{1,6}$/)
  .transform(Number)
  .refine((n) => n > 0)
  .nullable()
  .catch(null)

const DirectoryQuery = z.object({
  q: z.string().max(100).nullable().catch(null),
  region: z.enum(REGION_CODES).nullable().catch(null),
  structure: positive,
  memberType: z.enum(MEMBER_TYPES).nullable().catch(null),
  role: z.enum(ROLES).nullable().catch(null),
  language: z.enum(LANGUAGES).nullable().catch(null),
  state: z.enum(ACCOUNT_STATES).nullable().catch(null),
  active: positive,
  sort: z.enum(DIRECTORY_SORTS).nullable().catch(null),
  page: positive,
})

export function readDirectoryQuery(params: URLSearchParams): {
  filters: DirectoryFilters
  sort: DirectorySort
  page: number
} {
  const q = DirectoryQuery.parse(Object.fromEntries(Object.keys(DirectoryQuery.shape).map((k) => [k, params.get(k)])))
  return {
    filters: {
      q: q.q?.trim() || null,
      regionCode: q.region,
      structureId: q.structure,
      memberType: q.memberType,
      role: q.role,
      language: q.language,
      state: q.state,
      activeMonths: q.active && q.active <= 120 ? q.active : null,
    },
    sort: q.sort ?? 'name',
    page: q.page ?? 1,
  }
}

/** The same filters as a query string (for links: pages, sort, exports). */
export function directoryQueryString(
  filters: DirectoryFilters,
  extra: Record<string, string | number | null | undefined> = {},
) {
  const p = new URLSearchParams()
  const set = (k: string, v: string | number | null | undefined) => {
    if (v !== null && v !== undefined && v !== '') p.set(k, String(v))
  }
  set('q', filters.q)
  set('region', filters.regionCode)
  set('structure', filters.structureId)
  set('memberType', filters.memberType)
  set('role', filters.role)
  set('language', filters.language)
  set('state', filters.state)
  set('active', filters.activeMonths)
  for (const [k, v] of Object.entries(extra)) set(k, v)
  const s = p.toString()
  return s ? `?${s}` : ''
}
