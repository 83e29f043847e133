/**
 * Every route that exports an action, taken from the route folder itself (a new route is
 * covered without anyone listing it), answers a body that is not a form with 415 and a
 * form body that cannot be read with 400 — never a 500.
 */
import { beforeAll, describe, expect, it } from 'vitest'

import { seededDb } from './helpers/db'
import { callAsSomeone, demoFixtures, ROUTES, urlFor } from './helpers/routes'

// The catch-all only answers 404 to everything; the mail webhook reads its own signed JSON.
const routes = ROUTES.filter((r) => r.action && r.file !== '$.tsx' && r.file !== 'hooks.mail-events.tsx')

let fixtures: Awaited<ReturnType<typeof demoFixtures>>
beforeAll(async () => {
  await seededDb({ participants: 20 })
  fixtures = await demoFixtures()
})

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

describe('request bodies that are not forms', () => {
  it('the route folder has the actions the app is known to have', () => {
    expect(routes.length).toBeGreaterThan(55)
  })

  for (const body of BODIES) {
    it(`every action answers ${body.name} with ${body.status}`, async () => {
      const wrong: string[] = []
      for (const route of routes) {
        const status = await callAsSomeone(route.action!, route, {
          ...fixtures,
          url: urlFor(route, fixtures.ids),
          init: { method: 'POST', headers: body.headers, body: body.body },
        }).catch((error: Error) => `threw ${error.message}`)
        if (status !== body.status) wrong.push(`${route.file}: ${status}`)
      }
      expect(wrong).toEqual([])
    })
  }
})
