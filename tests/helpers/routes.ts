/**
 * Every route of the app, read from the route folder itself, with values for its
 * parameters taken from the demo data: for tests that must cover each route without
 * anyone listing it (bodies that are not forms, query strings nobody types).
 */
import { getDb } from '#db/client'
import { DEMO_ACCOUNTS } from '#db/seed'

import { cookieFor } from './http'

type Handler = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>
type RouteModule = { action?: Handler; loader?: Handler }

const modules = import.meta.glob<RouteModule>('../../app/routes/*.tsx', { eager: true })

export type Route = { file: string; path: string; action?: Handler; loader?: Handler }

/** A flat route file's address, `$param` as `:param`: `staff.webinars.$id_.booths` → `/staff/webinars/:id/booths`. */
function pathOf(file: string): string {
  const segments = file
    .replace(/\.tsx$/, '')
    .replace(/\[\.\]?([a-z]*)\]|\[\.([a-z]+)\]/g, '.$1$2')
    .split('.')
    .filter((part) => part !== '_index' && part !== '')
  return (
    '/' +
    segments
      .map((part) => (part.startsWith('$') ? `:${part.slice(1).replace(/_$/, '')}` : part.replace(/_$/, '')))
      .join('/')
  )
}

export const ROUTES: Route[] = Object.entries(modules).map(([file, m]) => {
  const name = file.replace('../../app/routes/', '')
  return { file: name, path: pathOf(name), action: m.action, loader: m.loader }
})

export type Who = 'anonymous' | keyof typeof DEMO_ACCOUNTS

/** Demo rows for each kind of parameter, and a signed-in cookie per demo account (call after seeding). */
export async function demoFixtures() {
  const sqlite = getDb().$client
  const one = (sql: string) => String((sqlite.prepare(sql).pluck().get() as number | string | undefined) ?? 1)
  const ids = {
    webinar: one("select id from events where kind = 'webinar' order by id limit 1"),
    webinarSlug: one("select slug from events where kind = 'webinar' order by id limit 1"),
    summit: one("select id from events where kind = 'summit' order by id limit 1"),
    summitSlug: one("select slug from events where kind = 'summit' order by id limit 1"),
    person: one("select id from people where email like '%@example.net' order by id limit 1"),
    structure: one('select id from structures order by id limit 1'),
    // A standing group (not a summit's) that has a meeting, and that meeting: its pages answer.
    group: one(`select coalesce((select m.working_group_id from working_group_meetings m
      join working_groups g on g.id = m.working_group_id where g.event_id is null order by m.id limit 1),
      (select id from working_groups order by id limit 1))`),
    groupSlug: one(`select slug from working_groups where id = coalesce((select m.working_group_id
      from working_group_meetings m join working_groups g on g.id = m.working_group_id
      where g.event_id is null order by m.id limit 1), (select id from working_groups order by id limit 1))`),
    meeting: one(`select m.id from working_group_meetings m join working_groups g on g.id = m.working_group_id
      where g.event_id is null order by m.id limit 1`),
    statement: one('select id from policy_statements order by id limit 1'),
    recommendation: one('select id from recommendations order by id limit 1'),
    newsletter: one('select id from newsletters order by id limit 1'),
    newsletterSlug: one("select slug from newsletters where status = 'sent' order by id limit 1"),
    survey: one('select id from surveys order by id limit 1'),
    // An open-link survey is answered at /surveys/:slug; an invitation-only one refuses everyone there.
    surveySlug: one("select slug from surveys order by mode = 'open' desc, id limit 1"),
    outbox: one('select id from outbox order by id limit 1'),
    batch: one('select id from import_batches order by id limit 1'),
  }
  const cookies: Partial<Record<Who, string>> = {}
  for (const [who, email] of Object.entries(DEMO_ACCOUNTS)) cookies[who as Who] = await cookieFor(email)
  return { ids, cookies }
}

type Ids = Awaited<ReturnType<typeof demoFixtures>>['ids']

/** Values for a route's parameters: real rows of the demo data, so guards and lookups pass. */
export function paramsFor(route: Route, ids: Ids): Record<string, string> {
  const name = route.file.replace(/\.tsx$/, '')
  const first = name.split('.')[0].replace(/_$/, '')
  const area = name.startsWith('staff.') || name.startsWith('analysis.') ? name.split('.')[1].replace(/_$/, '') : first
  const p: Record<string, string> = {}
  if (name.includes('$id')) {
    const byArea: Record<string, string> = {
      webinars: ids.webinar,
      summits: ids.summit,
      people: name.includes('batches') ? ids.batch : ids.person,
      structures: ids.structure,
      'working-groups': ids.group,
      statements: ids.statement,
      recommendations: ids.recommendation,
      newsletters: ids.newsletter,
      surveys: ids.survey,
      outbox: ids.outbox,
    }
    p.id = byArea[area] ?? '1'
  }
  if (name.includes('$meetingId')) p.meetingId = ids.meeting
  if (name.includes('$slug')) {
    const bySlug: Record<string, string> = {
      webinars: ids.webinarSlug,
      summits: ids.summitSlug,
      surveys: ids.surveySlug,
      'working-groups': ids.groupSlug,
      newsletters: ids.newsletterSlug,
    }
    p.slug = bySlug[first] ?? 'x'
  }
  if (name.includes('$token')) p.token = 'x'.repeat(43)
  if (name.includes('$upload')) p.upload = 'x'.repeat(32)
  if (name.includes('$lang')) p.lang = 'fr'
  if (name.includes('$language')) p.language = 'fr'
  if (name.includes('$format')) p.format = 'csv'
  if (name.includes('$table')) p.table = 'regions'
  if (name.includes('$list')) p.list = 'roster'
  if (name.includes('$newsletterId')) p.newsletterId = ids.newsletter
  return p
}

export function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status
  const r = result as { type?: string; init?: { status?: number } | null } | null
  return r?.init?.status ?? 200
}

/**
 * Calls a loader or action as each kind of visitor in turn, until one gets past the
 * guards (is not sent to sign in and not refused with 403); returns that status. An
 * exception that is not a response (a 500 in the server) is thrown to the test.
 */
export async function callAsSomeone(
  handler: Handler,
  route: Route,
  {
    ids,
    cookies,
    url,
    init = {},
  }: { ids: Ids; cookies: Partial<Record<Who, string>>; url: string; init?: RequestInit },
): Promise<number> {
  const params = paramsFor(route, ids)
  let last = 0
  for (const who of ['anonymous', 'staff', 'raloLeader', 'participant'] as Who[]) {
    const headers = new Headers(init.headers)
    if (who !== 'anonymous') headers.set('Cookie', cookies[who]!)
    const request = new Request(`http://app.test${url}`, { ...init, headers })
    let result: unknown
    try {
      result = await handler({ request, params, context: {} })
    } catch (thrown) {
      if (!(thrown instanceof Response) && (thrown as { type?: string })?.type !== 'DataWithResponseInit') throw thrown
      result = thrown
    }
    last = statusOf(result)
    const location = result instanceof Response ? (result.headers.get('Location') ?? '') : ''
    const turnedAway = last === 403 || (last >= 300 && last < 400 && location.startsWith('/login'))
    if (!turnedAway) return last
  }
  return last
}

/** A route's address with its parameters filled in. */
export function urlFor(route: Route, ids: Ids): string {
  const params = paramsFor(route, ids)
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => params[name] ?? '1')
}

/**
 * Calls a loader (GET) or an action (POST of a urlencoded form) once as one kind of
 * visitor, with a session of its own (an action such as signing out may end it); returns
 * the status and where a redirect goes. An exception that is not a response is thrown.
 */
export async function callAs(
  who: Who,
  route: Route,
  kind: 'loader' | 'action',
  { ids, form = {} }: { ids: Ids; form?: Record<string, string> },
): Promise<{ status: number; location: string }> {
  const headers = new Headers()
  if (who !== 'anonymous') headers.set('Cookie', await cookieFor(DEMO_ACCOUNTS[who]))
  const init: RequestInit = { headers }
  if (kind === 'action') {
    headers.set('Content-Type', 'application/x-www-form-urlencoded')
    init.method = 'POST'
    init.body = new URLSearchParams(form).toString()
  }
  const request = new Request(`http://app.test${urlFor(route, ids)}`, init)
  let result: unknown
  try {
    result = await route[kind]!({ request, params: paramsFor(route, ids), context: {} })
  } catch (thrown) {
    if (!(thrown instanceof Response) && (thrown as { type?: string })?.type !== 'DataWithResponseInit') throw thrown
    result = thrown
  }
  const location = result instanceof Response ? (result.headers.get('Location') ?? '') : ''
  return { status: statusOf(result), location }
}
