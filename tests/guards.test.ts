/**
 * Who may load and who may post, for every route module in app/routes/, read from the
 * route folder itself: a route file without a rule in GUARDS fails the test, so a new
 * route cannot ship without someone deciding who may use it.
 *
 * Each loader is called with GET and each action with a valid urlencoded form whose
 * `intent` no route knows, as each demo account and signed out, with real demo ids:
 * - signed out, on a route that needs a person: a redirect to /login that comes back;
 * - signed in without the role: 403;
 * - allowed: anything but that (200, a redirect elsewhere, 400 for the unknown intent,
 *   404 for a row the demo lacks all count as "got past the guard").
 */
import { beforeAll, describe, expect, it } from 'vitest'

import { getDb } from '#db/client'
import type { Role } from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as outboxHtml from '~/routes/staff.outbox.$id.html'
import { enqueueMail } from '~/services/outbox.server'

import { seededDb } from './helpers/db'
import { cookieFor, getRequest, run } from './helpers/http'
import { callAs, demoFixtures, ROUTES, type Who } from './helpers/routes'

/**
 * - 'public': anyone, signed in or not, gets the same kind of answer (never sent to sign in, never 403);
 * - 'token' / 'signature': public, but what it does rests on a secret in the address or a signed body;
 * - 'signed-in': any signed-in person;
 * - one role or a list of roles: signed in and holding one of them.
 */
type Rule = 'public' | 'token' | 'signature' | 'signed-in' | Role | Role[]
type Entry = Rule | { load?: Rule; post?: Rule }

const STAFF = 'staff'
const ANALYSTS: Role[] = ['analyst', 'staff']

/** Route file → who may load it and who may post to it (a bare rule holds for both). */
const GUARDS: Record<string, Entry> = {
  '$.tsx': 'public', // the catch-all: 404 for everyone
  '_index.tsx': 'public',
  'glossary.tsx': 'public',
  'privacy.tsx': 'public',
  'healthz.tsx': 'public',
  'livez.tsx': 'public',
  'language.tsx': 'public',
  'login.tsx': 'public', // a signed-in visitor is sent home
  'logout.tsx': 'public',
  'forgot-password.tsx': 'public',
  'signup.tsx': 'public', // a signed-in visitor is sent to their profile
  'signup_.$token.tsx': 'token',
  'login_.link.$token.tsx': 'token',
  'reset-password.$token.tsx': 'token',
  'calendar.$token.registrations[.ics].tsx': 'token',
  'newsletter.unsubscribe.$token.tsx': 'token',
  'structures.affiliation.$token.tsx': 'token',
  'structures.confirm.$token.tsx': 'token',
  'surveys.$slug_.i.$token.tsx': 'token',
  'hooks.mail-events.tsx': 'signature',
  'r.$newsletterId.$lang.tsx': 'public', // a tracked link in a newsletter
  'newsletters._index.tsx': 'public',
  'newsletters.$slug._index.tsx': 'public',
  'newsletters.$slug.$lang.tsx': 'public',
  'statements._index.tsx': 'public',
  'statements.$id.volunteer.tsx': 'signed-in',
  'structures._index.tsx': 'public',
  'structures.apply.tsx': 'signed-in',
  'structures.mine.tsx': 'signed-in',
  'summits.$slug._index.tsx': 'public',
  'summits.$slug.logistics.tsx': 'public',
  'summits.$slug.programme[.ics].tsx': 'public',
  'summits.$slug.recommendations.tsx': 'public',
  'summits.$slug.me.tsx': 'signed-in', // then 404 for someone not taking part
  'summits.$slug.visa-letter.tsx': 'signed-in',
  // An open-link survey for signed-in people (the demo's); one open to anyone is public.
  'surveys.$slug.tsx': 'signed-in',
  'surveys.$slug_.summary.tsx': 'public',
  'webinars._index.tsx': 'public',
  'webinars.$slug.tsx': { load: 'public', post: 'signed-in' },
  'webinars.$slug.captions.$language.tsx': 'public',
  'webinars.$slug.invite[.ics].tsx': 'public',
  'webinars.$slug_.slides.tsx': STAFF, // and the webinar's own presenters (no demo account is one)
  'working-groups._index.tsx': 'public',
  'working-groups.$slug.tsx': 'public',
  'working-groups.$slug_.meetings.$meetingId.tsx': 'public',
  'working-groups.$slug_.meetings.$meetingId.invite[.ics].tsx': 'public',
  'membership.tsx': 'signed-in',
  'participation.tsx': 'signed-in',
  'profile.tsx': 'signed-in',
  'profile_.data.tsx': 'signed-in',
  'profile_.delete.tsx': 'signed-in',
  'ralo.tsx': ['ralo_leader', 'staff'],

  'analysis.tsx': ANALYSTS,
  'analysis._index.tsx': ANALYSTS,
  'analysis.accreditation.tsx': ANALYSTS,
  'analysis.accreditation[.csv].tsx': ANALYSTS,
  'analysis.participation._index.tsx': ANALYSTS,
  'analysis.participation.export.$table.tsx': ANALYSTS,
  'analysis.participation.people.tsx': ANALYSTS,
  'analysis.participation.records.tsx': ANALYSTS,
  'analysis.participation.structures.tsx': ANALYSTS,
  'analysis.recommendations._index.tsx': ANALYSTS,
  'analysis.recommendations.$id.tsx': { load: ANALYSTS, post: STAFF },
  'analysis.recommendations.new.tsx': STAFF,
  'analysis.surveys._index.tsx': ANALYSTS,
  'analysis.surveys.$id._index.tsx': ANALYSTS,
  'analysis.surveys.$id.export.$format.tsx': ANALYSTS,
  'analysis.surveys.compare.tsx': ANALYSTS,
  'analysis.tracker.tsx': { load: ANALYSTS, post: STAFF },
  'analysis.tracker_.report.tsx': ANALYSTS,

  'staff.tsx': STAFF,
  'staff._index.tsx': STAFF,
  'staff.glossary.tsx': STAFF,
  'staff.interpreters.tsx': STAFF,
  'staff.membership.tsx': STAFF,
  'staff.newsletters._index.tsx': STAFF,
  'staff.newsletters.$id.tsx': STAFF,
  'staff.newsletters.$id.preview.tsx': STAFF,
  'staff.newsletters.audiences.tsx': STAFF,
  'staff.newsletters.lists.tsx': STAFF,
  'staff.newsletters.new.tsx': STAFF,
  'staff.newsletters.preview.tsx': { load: 'public', post: STAFF }, // GET answers 405 to everyone
  'staff.outbox._index.tsx': STAFF,
  'staff.outbox.$id.tsx': STAFF,
  'staff.outbox.$id.html.tsx': STAFF,
  'staff.people._index.tsx': STAFF,
  'staff.people.$id.tsx': STAFF,
  'staff.people.$id_.data.tsx': { load: 'public', post: STAFF }, // GET only redirects to the person's page
  'staff.people.$id_.erase.tsx': STAFF,
  'staff.people.duplicates.tsx': STAFF,
  'staff.people.export.$format.tsx': STAFF,
  'staff.people.import._index.tsx': STAFF,
  'staff.people.import.$upload.tsx': STAFF,
  'staff.people.import.batches.$id.tsx': STAFF,
  'staff.people.import.batches.$id.report[.]csv.tsx': STAFF,
  'staff.people.merge.tsx': STAFF,
  'staff.people.new.tsx': STAFF,
  'staff.people.retention.tsx': STAFF,
  'staff.planner.tsx': STAFF,
  'staff.series.tsx': STAFF,
  'staff.statements.tsx': STAFF,
  'staff.statements_.$id.tsx': STAFF,
  'staff.structures._index.tsx': STAFF,
  'staff.structures.$id.tsx': STAFF,
  'staff.structures.criteria.tsx': STAFF,
  'staff.structures.new.tsx': STAFF,
  'staff.structures.review.tsx': STAFF,
  'staff.summits._index.tsx': STAFF,
  'staff.summits.$id._index.tsx': STAFF,
  'staff.summits.$id.check-in.tsx': STAFF,
  'staff.summits.$id.export.$list.tsx': STAFF,
  'staff.summits.$id.groups.tsx': STAFF,
  'staff.summits.$id.logistics.tsx': STAFF,
  'staff.summits.$id.programme.tsx': STAFF,
  'staff.summits.$id.roster[.csv].tsx': STAFF,
  'staff.summits.$id.travel.tsx': STAFF,
  'staff.surveys._index.tsx': STAFF,
  'staff.surveys.$id.tsx': STAFF,
  'staff.webinars._index.tsx': STAFF,
  'staff.webinars.new.tsx': STAFF,
  'staff.webinars.$id.tsx': STAFF,
  'staff.webinars.$id.registrants[.csv].tsx': STAFF,
  'staff.webinars.$id_.booths.tsx': STAFF,
  'staff.webinars.$id_.forecast.tsx': STAFF,
  'staff.webinars.$id_.interpretation[.csv].tsx': STAFF,
  'staff.webinars.$id_.prep.tsx': STAFF,
  'staff.working-groups._index.tsx': STAFF,
  'staff.working-groups.new.tsx': STAFF,
  'staff.working-groups.$id.tsx': STAFF,
  'staff.working-groups.$id_.meetings.new.tsx': STAFF,
  'staff.working-groups.$id_.meetings.$meetingId.tsx': STAFF,
}

/** The demo accounts' roles (db/seed.ts): the participant holds none. */
const ROLES_OF: Record<Exclude<Who, 'anonymous'>, Role[]> = {
  participant: [],
  analyst: ['analyst'],
  raloLeader: ['ralo_leader'],
  staff: ['staff'],
}
const VISITORS: Who[] = ['anonymous', 'participant', 'analyst', 'raloLeader', 'staff']

type Expected = 'sign-in' | 'forbidden' | 'through'

function expected(rule: Rule, who: Who): Expected {
  if (rule === 'public' || rule === 'token' || rule === 'signature') return 'through'
  if (who === 'anonymous') return 'sign-in'
  if (rule === 'signed-in') return 'through'
  const wanted = Array.isArray(rule) ? rule : [rule]
  return wanted.some((r) => ROLES_OF[who].includes(r)) ? 'through' : 'forbidden'
}

function answered({ status, location }: { status: number; location: string }): Expected | 'unauthorised' {
  if (status === 401) return 'unauthorised'
  if (status === 403) return 'forbidden'
  if ((status === 302 || status === 303) && location.startsWith('/login?redirectTo=')) return 'sign-in'
  return 'through'
}

function ruleFor(file: string, kind: 'loader' | 'action'): Rule | undefined {
  const entry = GUARDS[file]
  if (entry === undefined || typeof entry === 'string' || Array.isArray(entry)) return entry
  return kind === 'loader' ? entry.load : entry.post
}

let fixtures: Awaited<ReturnType<typeof demoFixtures>>
beforeAll(async () => {
  await seededDb({ participants: 20 })
  // A message in the outbox, so its pages have one to show.
  enqueueMail(getDb(), {
    uniqueKey: 'guards',
    kind: 'test',
    to: 'x@example.net',
    language: 'en',
    message: { subject: 'S', html: '<p>H</p>', text: 'T' },
  })
  fixtures = await demoFixtures()
})

describe('the guard table', () => {
  it('has a rule for every route module, for each of its loader and action', () => {
    const missing = ROUTES.flatMap((route) =>
      (['loader', 'action'] as const)
        .filter((kind) => route[kind] && !ruleFor(route.file, kind))
        .map((kind) => `add ${route.file} (${kind}) to the guard table in tests/guards.test.ts`),
    )
    expect(missing).toEqual([])
  })

  it('names only route files that exist, with a rule only for what they export', () => {
    const files = new Map(ROUTES.map((r) => [r.file, r]))
    const stale = Object.keys(GUARDS).flatMap((file) => {
      const route = files.get(file)
      if (!route) return [`${file}: no such route file`]
      const entry = GUARDS[file]
      if (typeof entry !== 'object' || Array.isArray(entry)) return []
      return [
        ...(entry.load && !route.loader ? [`${file}: has no loader`] : []),
        ...(entry.post && !route.action ? [`${file}: has no action`] : []),
      ]
    })
    expect(stale).toEqual([])
  })
})

describe('every loader and action checks who is asking', () => {
  for (const route of ROUTES) {
    for (const kind of ['loader', 'action'] as const) {
      if (!route[kind]) continue
      it(`${route.file} ${kind === 'loader' ? 'GET' : 'POST'}`, async () => {
        const rule = ruleFor(route.file, kind)
        if (!rule) throw new Error(`add ${route.file} (${kind}) to the guard table in tests/guards.test.ts`)
        const wrong: string[] = []
        for (const who of VISITORS) {
          const answer = await callAs(who, route, kind, {
            ids: fixtures.ids,
            form: { intent: '__no-such-intent__' },
          })
          const want = expected(rule, who)
          const got = answered(answer)
          if (got !== want)
            wrong.push(
              `${who}: expected ${want}, got ${answer.status}${answer.location ? ` → ${answer.location}` : ''}`,
            )
        }
        expect(wrong, `rule ${JSON.stringify(rule)}`).toEqual([])
      })
    }
  }

  it('serves the mail preview with a sandboxing Content-Security-Policy', async () => {
    const res = (await run(
      outboxHtml.loader,
      getRequest(`/staff/outbox/${fixtures.ids.outbox}/html`, { cookie: await cookieFor(DEMO_ACCOUNTS.staff) }),
      { id: fixtures.ids.outbox },
    )) as Response
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Security-Policy')).toMatch(/^sandbox;/)
  })
})
