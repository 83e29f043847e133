/**
 * Every route that exports an action, taken from the route folder itself (a new route is
 * covered without anyone listing it), answers a body that is not a form with 415 and a
 * form body that cannot be read with 400 — never a 500, and nothing is written.
 */
import { beforeAll, describe, expect, it } from 'vitest'

import { getDb } from '#db/client'
import { DEMO_ACCOUNTS } from '#db/seed'

import { seededDb } from './helpers/db'
import { cookieFor } from './helpers/http'

type Action = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<unknown>
const modules = import.meta.glob<{ action?: Action }>('../app/routes/*.tsx', { eager: true })

const routes = Object.entries(modules)
  .filter(([, m]) => typeof m.action === 'function')
  .map(([file, m]) => ({ file: file.replace('../app/routes/', ''), action: m.action! }))
  // The catch-all only answers 404 to everything; the mail webhook reads its own signed JSON.
  .filter((r) => r.file !== '$.tsx' && r.file !== 'hooks.mail-events.tsx')

const cookies: Record<string, string> = {}
const ids: Record<string, string> = {}

beforeAll(async () => {
  await seededDb({ participants: 20 })
  const sqlite = getDb().$client
  const one = (sql: string) => String((sqlite.prepare(sql).pluck().get() as number | string | undefined) ?? 1)
  ids.webinar = one("select id from events where kind = 'webinar' order by id limit 1")
  ids.webinarSlug = one("select slug from events where kind = 'webinar' order by id limit 1")
  ids.summit = one("select id from events where kind = 'summit' order by id limit 1")
  ids.summitSlug = one("select slug from events where kind = 'summit' order by id limit 1")
  ids.person = one("select id from people where email like '%@example.net' order by id limit 1")
  ids.structure = one('select id from structures order by id limit 1')
  ids.group = one('select id from working_groups order by id limit 1')
  ids.meeting = one("select id from events where kind = 'meeting' order by id limit 1")
  ids.statement = one('select id from policy_statements order by id limit 1')
  ids.recommendation = one('select id from recommendations order by id limit 1')
  ids.newsletter = one('select id from newsletters order by id limit 1')
  ids.survey = one('select id from surveys order by id limit 1')
  ids.surveySlug = one('select slug from surveys order by id limit 1')
  ids.outbox = one('select id from outbox order by id limit 1')
  ids.batch = one('select id from import_batches order by id limit 1')
  for (const [who, email] of Object.entries(DEMO_ACCOUNTS)) cookies[who] = await cookieFor(email)
})

/** Values for a route's parameters: real rows of the demo data, so guards and lookups pass. */
function paramsFor(file: string): Record<string, string> {
  const name = file.replace(/\.tsx$/, '')
  const p: Record<string, string> = {}
  if (name.includes('$id')) {
    const area = name.split('.')[1]?.replace(/_$/, '') ?? ''
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
      $id: ids.statement, // statements.$id.volunteer
    }
    p.id = byArea[area] ?? '1'
  }
  if (name.includes('$meetingId')) p.meetingId = ids.meeting
  if (name.includes('$slug')) {
    p.slug = name.startsWith('webinars')
      ? ids.webinarSlug
      : name.startsWith('summits')
        ? ids.summitSlug
        : ids.surveySlug
  }
  if (name.includes('$token')) p.token = 'x'.repeat(43)
  if (name.includes('$upload')) p.upload = 'x'.repeat(32)
  return p
}

const BODIES: { name: string; headers: Record<string, string>; body?: string; status: number }[] = [
  { name: 'no Content-Type', headers: {}, status: 415 },
  { name: 'JSON', headers: { 'Content-Type': 'application/json' }, body: '{"email":"a@b.c"}', status: 415 },
  { name: 'plain text', headers: { 'Content-Type': 'text/plain' }, body: 'email=a@b.c', status: 415 },
  {
    name: 'a truncated multipart body',
    headers: { 'Content-Type': 'multipart/form-data; boundary=----cut' },
    body: '------cut\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b',
    status: 400,
  },
]

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status
  const r = result as { type?: string; init?: { status?: number } | null } | null
  return r?.init?.status ?? 200
}

/** Runs an action as each kind of visitor in turn until one gets past the guards (not sent to sign in, not 403). */
async function post(route: (typeof routes)[number], body: (typeof BODIES)[number]) {
  const params = paramsFor(route.file)
  const path = '/' + route.file.replace(/\.tsx$/, '').replaceAll('.', '/')
  let last = 0
  for (const who of ['anonymous', 'staff', 'raloLeader', 'participant']) {
    const request = new Request(`http://app.test${path}`, {
      method: 'POST',
      headers: { ...body.headers, ...(who === 'anonymous' ? {} : { Cookie: cookies[who] }) },
      body: body.body,
    })
    let result: unknown
    try {
      result = await route.action({ request, params, context: {} })
    } catch (thrown) {
      const t = thrown as { type?: string }
      if (!(thrown instanceof Response) && t?.type !== 'DataWithResponseInit') throw thrown
      result = thrown
    }
    last = statusOf(result)
    const location = result instanceof Response ? (result.headers.get('Location') ?? '') : ''
    const turnedAway = last === 403 || (last >= 300 && last < 400 && location.startsWith('/login'))
    if (!turnedAway) return last
  }
  return last
}

describe('request bodies that are not forms', () => {
  it('the route folder has the actions the app is known to have', () => {
    expect(routes.length).toBeGreaterThan(55)
  })

  for (const body of BODIES) {
    it(`every action answers ${body.name} with ${body.status}`, async () => {
      const wrong: string[] = []
      for (const route of routes) {
        const status = await post(route, body).catch((error: Error) => `threw ${error.message}`)
        if (status !== body.status) wrong.push(`${route.file}: ${status}`)
      }
      expect(wrong).toEqual([])
    })
  }
})
