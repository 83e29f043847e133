/**
 * The audit's findings, each as the attack or the bad input that used to work:
 * links from the Host header, open redirects, session fixation, lock-outs, CR/LF in
 * single-line fields, 500s on bad input, anonymous answers joined to names, and
 * unlimited answers to open surveys.
 */
import { parse } from 'csv-parse/sync'
import { and, desc, eq } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import { commitSession, sessionStorage } from '~/auth-session.server'
import { safeRedirect } from '~/guards.server'
import * as participationExport from '~/routes/analysis.participation.export.$table'
import * as surveyExport from '~/routes/analysis.surveys.$id.export.$format'
import * as tracker from '~/routes/analysis.tracker'
import * as forgot from '~/routes/forgot-password'
import * as language from '~/routes/language'
import * as login from '~/routes/login'
import * as staffSurveys from '~/routes/staff.surveys._index'
import * as staffSurvey from '~/routes/staff.surveys.$id'
import * as manageWebinar from '~/routes/staff.webinars.$id'
import * as newWebinar from '~/routes/staff.webinars.new'
import * as openSurvey from '~/routes/surveys.$slug'
import * as invited from '~/routes/surveys.$slug_.i.$token'
import { verifyLogin } from '~/services/auth.server'
import { hashPassword } from '~/services/passwords.server'
import { createPerson } from '~/services/people.server'
import { registerForEvent } from '~/services/registrations.server'
import { getSurveyBySlug, surveyDefinition } from '~/services/surveys/builder.server'
import { recordAnonymousCompletions } from '~/services/surveys/completions.server'
import { invitationToken } from '~/services/surveys/tokens.server'

import { seededDb } from './helpers/db'
import { cookieFor, cookieFrom, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'
import { createPeople, createWebinar } from './helpers/webinar'

let db: DB
let staff: string
let analyst: string
// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 40 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
})

const lastMailTo = (to: string) =>
  db.select().from(s.outbox).where(eq(s.outbox.toAddress, to)).orderBy(desc(s.outbox.id)).get()!

describe('links are built from APP_URL, never from request headers', () => {
  const saved = { APP_URL: process.env.APP_URL, PORT: process.env.PORT }
  afterAll(() => {
    process.env.APP_URL = saved.APP_URL
    if (saved.PORT === undefined) delete process.env.PORT
    else process.env.PORT = saved.PORT
  })

  it('mails a reset link to APP_URL whatever Host or X-Forwarded-Host says', async () => {
    const request = new Request('http://evil.example/forgot-password', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Host: 'evil.example',
        'X-Forwarded-Host': 'evil.example',
        'x-client-ip': '7.7.7.1',
      },
      body: new URLSearchParams({ email: DEMO_ACCOUNTS.participant }).toString(),
    })
    expect(statusOf(await run(forgot.action, request))).toBe(200)
    const mail = lastMailTo(DEMO_ACCOUNTS.participant)
    expect(mail.text).toMatch(/http:\/\/app\.test\/reset-password\/[A-Za-z0-9_-]+/)
    expect(mail.text + mail.html).not.toContain('evil.example')
  })

  it('with APP_URL unset, links point to http://localhost:PORT, not to the request', async () => {
    delete process.env.APP_URL
    process.env.PORT = '4321'
    const request = new Request('http://evil.example/forgot-password', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Host: 'evil.example', 'x-client-ip': '7.7.7.2' },
      body: new URLSearchParams({ email: DEMO_ACCOUNTS.analyst }).toString(),
    })
    await run(forgot.action, request)
    const mail = lastMailTo(DEMO_ACCOUNTS.analyst)
    expect(mail.text).toMatch(/http:\/\/localhost:4321\/reset-password\//)
    expect(mail.text).not.toContain('evil.example')
    process.env.APP_URL = saved.APP_URL
  })
})

describe('redirects after sign-in and language changes stay on this site', () => {
  it('accepts only a single-slash path of printable ASCII that resolves here', () => {
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      '/\t/127.0.0.2:8081/pwned',
      '/%09/x'.replace('%09', '\t'),
      '/\n',
      '/a\nb',
      '/a\u3000b',
      'https://evil.example',
      'javascript:alert(1)',
      '/\u0000',
      ' /x',
      '',
    ]) {
      expect(safeRedirect(bad), JSON.stringify(bad)).toBe('/')
    }
    for (const good of ['/', '/webinars/a-b?x=1#y', '/summits/atlas-ii-london-2014/me', '/%2F%2Fnot-a-host'])
      expect(safeRedirect(good)).toBe(good)
  })

  it('signs in and goes home for a tab, newline or U+3000 in redirectTo (no 500, no other host)', async () => {
    for (const [i, redirectTo] of ['/\t/127.0.0.2:8081/pwned', '/\nSet-Cookie: x=y', '/x\u3000y'].entries()) {
      const res = (await run(
        login.action,
        formRequest(
          '/login',
          { email: DEMO_ACCOUNTS.participant, password: 'demo-password', redirectTo },
          { ip: `6.6.6.${i}` },
        ),
      )) as Response
      expect(res.status).toBe(303)
      expect(res.headers.get('Location')).toBe('/')
    }
  })

  it('changes the language and goes home for the same bad targets', async () => {
    for (const redirectTo of ['/\t/127.0.0.2:8081/pwned', '/\n', '/x\u3000y', '//evil.example']) {
      const res = (await run(language.action, formRequest('/language', { language: 'fr', redirectTo }))) as Response
      expect(res.status).toBe(302)
      expect(res.headers.get('Location')).toBe('/')
    }
  })
})

describe('sessions', () => {
  it('gets a new id on sign-in: a session id planted before sign-in is worth nothing after it', async () => {
    const planted = await sessionStorage().getSession()
    planted.set('survey:999', 1)
    const plantedCookie = (await commitSession(planted)).split(';')[0]
    const plantedId = (await sessionStorage().getSession(plantedCookie)).id
    expect(db.select().from(s.authSessions).where(eq(s.authSessions.id, plantedId)).get()).toBeDefined()
    const res = (await run(
      login.action,
      formRequest(
        '/login',
        { email: DEMO_ACCOUNTS.participant, password: 'demo-password' },
        { cookie: plantedCookie, ip: '6.6.7.1' },
      ),
    )) as Response
    expect(res.status).toBe(303)
    const fresh = cookieFrom(res)
    expect(fresh).toMatch(/__session=/)
    expect(fresh).not.toContain(plantedCookie.split('=')[1])
    // The old row is gone; the new one is signed in and kept the anonymous data.
    expect(db.select().from(s.authSessions).where(eq(s.authSessions.id, plantedId)).get()).toBeUndefined()
    const rows = db
      .select()
      .from(s.authSessions)
      .where(
        eq(
          s.authSessions.personId,
          db.select().from(s.people).where(eq(s.people.email, DEMO_ACCOUNTS.participant)).get()!.id,
        ),
      )
      .all()
    expect(rows.some((r) => r.data['survey:999'] === 1)).toBe(true)
  })
})

describe('sign-in limits', () => {
  it('let the owner in from a new address below the account cap; at the cap, password sign-in is paused for known and unknown addresses alike', async () => {
    const email = 'owner@example.net'
    createPerson(db, {
      email,
      name: 'Owner',
      passwordHash: await hashPassword('the right password'),
      preferredLanguage: 'en',
      timeZone: 'UTC',
    })
    const limits = { perIp: 30, perPair: 5, windowMs: 15 * 60_000, perAccount: 4, accountWindowMs: 60 * 60_000 }
    for (let i = 0; i < 3; i++)
      expect((await verifyLogin(db, { email, password: `guess ${i}`, ip: `8.8.${i}.1` }, { limits })).ok).toBe(false)
    // Three failures: the owner still gets in, and a correct password does not count.
    expect((await verifyLogin(db, { email, password: 'the right password', ip: '9.9.9.9' }, { limits })).ok).toBe(true)
    expect(await verifyLogin(db, { email, password: 'guess 3', ip: '8.8.3.1' }, { limits })).toEqual({
      ok: false,
      reason: 'invalid',
    })
    const paused = await verifyLogin(db, { email, password: 'the right password', ip: '9.9.9.8' }, { limits })
    expect(paused).toMatchObject({ ok: false, reason: 'password_paused' })
    const nobody = 'nobody.here@example.net'
    for (let i = 0; i < 4; i++)
      await verifyLogin(db, { email: nobody, password: `guess ${i}`, ip: `8.9.${i}.1` }, { limits })
    const unknown = await verifyLogin(db, { email: nobody, password: 'anything', ip: '9.9.9.8' }, { limits })
    expect(unknown).toMatchObject({ ok: false, reason: 'password_paused' })
  })
})

describe('line breaks in single-line fields', () => {
  const webinarForm = (over: Record<string, string> = {}) => ({
    title_en: 'A clean title',
    date: '2031-03-10',
    time: '14:00',
    timeZone: 'UTC',
    durationMinutes: '60',
    capacity: '100',
    ...over,
  })

  it('are refused with a translated message, and nothing is stored', async () => {
    const before = db.select().from(s.events).all().length
    const res = await run(
      newWebinar.action,
      formRequest('/staff/webinars/new', webinarForm({ title_en: 'Title\r\nBcc: everyone@example.org' }), {
        cookie: staff,
      }),
    )
    expect(statusOf(res)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(res).errors.title_en).toEqual(['errors.field.lineBreak'])
    expect(db.select().from(s.events).all()).toHaveLength(before)
  })

  it('from older data never break a registration mail: the subject is folded onto one line', () => {
    const eventId = createWebinar(db, { slug: 'legacy-line-break', startsAt: new Date('2031-01-01T10:00:00Z') })
    db.update(s.eventTranslations)
      .set({ title: 'Legacy\ntitle' })
      .where(and(eq(s.eventTranslations.eventId, eventId), eq(s.eventTranslations.language, 'en')))
      .run()
    const [personId] = createPeople(db, 1, { prefix: 'legacy' })
    const result = registerForEvent(db, {
      eventId,
      personId,
      channelLanguage: 'en',
      dialOutNumber: null,
      baseUrl: 'http://app.test',
    })
    expect(result.ok).toBe(true)
    const mail = db.select().from(s.outbox).where(eq(s.outbox.personId, personId)).get()!
    expect(mail.subject).not.toMatch(/[\r\n]/)
    expect(mail.subject).toContain('Legacy title')
  })
})

describe('bad input gets a translated 4xx and stores nothing', () => {
  const webinarForm = (over: Record<string, string> = {}) => ({
    title_en: 'Series test',
    date: '2031-03-10',
    time: '14:00',
    timeZone: 'UTC',
    durationMinutes: '60',
    ...over,
  })

  it('an unknown series, capacity 1e2 and the time 24:00 on the new-webinar form', async () => {
    const before = db.select().from(s.events).all().length
    const series = await run(
      newWebinar.action,
      formRequest('/staff/webinars/new', webinarForm({ seriesId: '99999' }), { cookie: staff }),
    )
    expect(statusOf(series)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(series).errors.seriesId).toEqual([
      'errors.webinar.unknown_series',
    ])
    const capacity = await run(
      newWebinar.action,
      formRequest('/staff/webinars/new', webinarForm({ capacity: '1e2' }), { cookie: staff }),
    )
    expect(dataOf<{ errors: Record<string, string[]> }>(capacity).errors.capacity).toEqual(['errors.webinar.capacity'])
    const midnight = await run(
      newWebinar.action,
      formRequest('/staff/webinars/new', webinarForm({ time: '24:00' }), { cookie: staff }),
    )
    expect(statusOf(midnight)).toBe(400)
    expect(db.select().from(s.events).all()).toHaveLength(before)
  })

  it('ids like 1e3, 0x10 or "10 " are not ids', async () => {
    const id = db.select().from(s.events).where(eq(s.events.kind, 'webinar')).get()!.id
    for (const raw of ['1e3', '0x10', `${id} `, `${id}.0`, '-1']) {
      expect(
        statusOf(
          await run(manageWebinar.loader, getRequest(`/staff/webinars/${encodeURIComponent(raw)}`, { cookie: staff }), {
            id: raw,
          }),
        ),
        raw,
      ).toBe(404)
    }
  })

  it('a date that does not exist on the tracker is a fallback, not a 500', async () => {
    expect(
      statusOf(await run(tracker.loader, getRequest('/analysis/tracker?since=2020-99-99', { cookie: analyst }))),
    ).toBe(200)
  })

  it('an unknown or foreign registration or material says that nothing changed (404), never "saved"', async () => {
    const [a, b] = db.select().from(s.events).where(eq(s.events.kind, 'webinar')).limit(2).all()
    const foreign = db.select().from(s.registrations).where(eq(s.registrations.eventId, b.id)).get()
    const post = (fields: Record<string, string>) =>
      run(manageWebinar.action, formRequest(`/staff/webinars/${a.id}`, fields, { cookie: staff }), { id: String(a.id) })
    for (const fields of <Record<string, string>[]>[
      { intent: 'attendance', registrationId: '999999', attended: 'yes' },
      { intent: 'attendance', registrationId: String(foreign?.id ?? 999998), attended: 'yes' },
      { intent: 'dial-out-done', registrationId: '1e3' },
      { intent: 'remove-material', materialId: '999999' },
    ]) {
      const res = await post(fields)
      expect(statusOf(res), JSON.stringify(fields)).toBe(404)
      expect(dataOf<{ errors: { form: string[] } }>(res).errors.form).toEqual(['errors.notFoundNothingChanged'])
    }
    if (foreign)
      expect(db.select().from(s.registrations).where(eq(s.registrations.id, foreign.id)).get()!.attended).toBe(
        foreign.attended,
      )
  })
})

describe('anonymous survey answers cannot be joined to names', () => {
  it('the join of the survey export and the participation records export identifies nobody', async () => {
    const slug = 'join-attack'
    const closes = new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10)
    const created = await run(
      staffSurveys.action,
      formRequest(
        '/staff/surveys',
        { title_en: 'Join attack', slug, mode: 'invitation', anonymous: 'on', timeZone: 'UTC', closesDate: closes },
        { cookie: staff },
      ),
    )
    expect(statusOf(created)).toBe(303)
    const survey = getSurveyBySlug(db, slug)!
    const sectionId = surveyDefinition(db, survey.id).sections[0].id
    await run(
      staffSurvey.action,
      formRequest(
        `/staff/surveys/${survey.id}`,
        {
          intent: 'question',
          sectionId: String(sectionId),
          kind: 'single',
          required: 'on',
          text_en: 'Useful?',
          options: 'Yes\nNo',
        },
        { cookie: staff },
      ),
      { id: String(survey.id) },
    )
    const ids = createPeople(db, 8, { prefix: 'anon' })
    const emails = ids.map((id) => db.select().from(s.people).where(eq(s.people.id, id)).get()!.email)
    await run(
      staffSurvey.action,
      formRequest(`/staff/surveys/${survey.id}`, { intent: 'invite', emails: emails.join('\n') }, { cookie: staff }),
      { id: String(survey.id) },
    )
    const question = surveyDefinition(db, survey.id).questions[0]
    const questionName = `q${question.id}`
    const [yes, no] = question.options!.map((o) => o.value)
    const invitations = db.select().from(s.surveyInvitations).where(eq(s.surveyInvitations.surveyId, survey.id)).all()
    for (const inv of invitations) {
      const token = invitationToken(inv.id)
      const res = await run(
        invited.action,
        formRequest(`/surveys/${slug}/i/${token}`, {
          section: '1',
          intent: 'submit',
          [questionName]: inv.personId % 2 ? yes : no,
        }),
        { slug, token },
      )
      expect(statusOf(res)).toBe(303)
      await new Promise((r) => setTimeout(r, 5))
    }
    // Until the worker writes them, no participation record exists; then all at once.
    const records = () =>
      db
        .select()
        .from(s.participationRecords)
        .where(and(eq(s.participationRecords.kind, 'survey_completed'), eq(s.participationRecords.sourceId, survey.id)))
        .all()
    expect(records()).toHaveLength(0)
    expect(recordAnonymousCompletions(db)).toBe(8)
    expect(new Set(records().map((r) => r.occurredAt.getTime())).size).toBe(1)
    // The attacker downloads both exports and joins them.
    const surveyCsv = (await run(
      surveyExport.loader,
      getRequest(`/analysis/surveys/${survey.id}/export/csv?lang=en`, { cookie: analyst }),
      { id: String(survey.id), format: 'csv' },
    )) as Response
    const answers = parse(await surveyCsv.text(), { columns: true, bom: true }) as Record<string, string>[]
    const today = new Date().toISOString().slice(0, 10)
    const recordsCsv = (await run(
      participationExport.loader,
      getRequest(`/analysis/participation/export/records?from=2014-01-01&to=${closes}&kind=survey_completed`, {
        cookie: analyst,
      }),
      { table: 'records' },
    )) as Response
    // The analyst reads French: ";" separates the columns, and "Sujet" is the one naming the survey.
    const recordRows = parse(await recordsCsv.text(), { columns: true, bom: true, delimiter: ';' }) as Record<
      string,
      string
    >[]
    const completions = recordRows.filter((r) => r.Sujet === 'Join attack')
    expect(completions).toHaveLength(8)
    expect(answers).toHaveLength(8)
    // Rows are numbered 1…8, not response ids, and carry the day only.
    expect(answers.map((r) => Number(r.Respondent)).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(answers.every((r) => r['Completed on'] === today)).toBe(true)
    const responseIds = db
      .select({ id: s.surveyResponses.id })
      .from(s.surveyResponses)
      .where(eq(s.surveyResponses.surveyId, survey.id))
      .all()
      .map((r) => String(r.id))
    expect(answers.some((r) => responseIds.includes(r.Respondent) && Number(r.Respondent) > 8)).toBe(false)
    // The join on time: every participation record carries the survey's closing day, no answer does,
    // so matching an answer's completion to a record's date identifies nobody (it matched 3 of 3 before).
    const recordDays = new Set(completions.map((r) => r['Date (UTC)'].slice(0, 10)))
    expect([...recordDays]).toEqual([closes])
    const identified = answers.filter((a) => recordDays.has(a['Completed on']))
    expect(identified).toHaveLength(0)
    // No background combination shared by fewer than 5 rows is shown.
    const combos = new Map<string, number>()
    for (const a of answers)
      combos.set(
        `${a.Region}|${a.Language}|${a['Member type']}`,
        (combos.get(`${a.Region}|${a.Language}|${a['Member type']}`) ?? 0) + 1,
      )
    for (const [combo, n] of combos) if (combo !== '—|—|—') expect(n, combo).toBeGreaterThanOrEqual(5)
    expect(answers.some((a) => a['Privacy note'].includes('fewer than 5'))).toBe(true)
  })
})

describe('open surveys anyone may answer', () => {
  it('need a one-time form token for each new response and limit answers per address', async () => {
    const slug = 'anyone-may-answer'
    await run(
      staffSurveys.action,
      formRequest(
        '/staff/surveys',
        { title_en: 'Open to all', slug, mode: 'open', anonymous: 'on', openAccess: 'anyone', timeZone: 'UTC' },
        { cookie: staff },
      ),
    )
    const survey = getSurveyBySlug(db, slug)!
    expect(survey.openAccess).toBe('anyone')
    const sectionId = surveyDefinition(db, survey.id).sections[0].id
    await run(
      staffSurvey.action,
      formRequest(
        `/staff/surveys/${survey.id}`,
        {
          intent: 'question',
          sectionId: String(sectionId),
          kind: 'single',
          required: 'on',
          text_en: 'Useful?',
          options: 'Yes\nNo',
        },
        { cookie: staff },
      ),
      { id: String(survey.id) },
    )
    const first = surveyDefinition(db, survey.id).questions[0]
    const q = `q${first.id}`
    const yes = first.options![0].value
    const completed = () =>
      db
        .select()
        .from(s.surveyResponses)
        .where(and(eq(s.surveyResponses.surveyId, survey.id), eq(s.surveyResponses.status, 'completed')))
        .all().length
    const tokenFromPage = async () =>
      dataOf<{ page: { formToken: string } }>(await run(openSurvey.loader, getRequest(`/surveys/${slug}`), { slug }))
        .page.formToken
    const submit = (fields: Record<string, string>, ip: string) =>
      run(
        openSurvey.action,
        formRequest(`/surveys/${slug}`, { section: '1', intent: 'submit', [q]: yes, ...fields }, { ip }),
        { slug },
      )
    // Cookie-less scripted posts without the form's token are refused.
    const blind = await submit({}, '5.5.5.5')
    expect(statusOf(blind)).toBe(400)
    expect(dataOf<{ submitError: string }>(blind).submitError).toBe('errors.survey.formExpired')
    // With a token: accepted once; the same token again is refused.
    const token = await tokenFromPage()
    expect(statusOf(await submit({ formToken: token }, '5.5.5.5'))).toBe(303)
    expect(statusOf(await submit({ formToken: token }, '5.5.5.5'))).toBe(400)
    expect(completed()).toBe(1)
    // At most 20 answers an hour from one address.
    for (let i = 0; i < 19; i++)
      expect(statusOf(await submit({ formToken: await tokenFromPage() }, '5.5.5.5'))).toBe(303)
    const over = await submit({ formToken: await tokenFromPage() }, '5.5.5.5')
    expect(statusOf(over)).toBe(429)
    expect(completed()).toBe(20)
    expect(statusOf(await submit({ formToken: await tokenFromPage() }, '5.5.5.6'))).toBe(303)
  })

  it('refuses "anyone" for a named survey, and an anonymous signed-in survey takes one answer per person', async () => {
    const named = await run(
      staffSurveys.action,
      formRequest(
        '/staff/surveys',
        { title_en: 'Named', slug: 'named-anyone', mode: 'open', openAccess: 'anyone', timeZone: 'UTC' },
        { cookie: staff },
      ),
    )
    expect(statusOf(named)).toBe(400)
    expect(dataOf<{ errors: Record<string, string[]> }>(named).errors.openAccess).toEqual([
      'errors.survey.anyoneNeedsAnonymous',
    ])
    const slug = 'one-each'
    await run(
      staffSurveys.action,
      formRequest(
        '/staff/surveys',
        { title_en: 'One each', slug, mode: 'open', anonymous: 'on', openAccess: 'signed_in', timeZone: 'UTC' },
        { cookie: staff },
      ),
    )
    const survey = getSurveyBySlug(db, slug)!
    const sectionId = surveyDefinition(db, survey.id).sections[0].id
    await run(
      staffSurvey.action,
      formRequest(
        `/staff/surveys/${survey.id}`,
        {
          intent: 'question',
          sectionId: String(sectionId),
          kind: 'single',
          required: 'on',
          text_en: 'Useful?',
          options: 'Yes\nNo',
        },
        { cookie: staff },
      ),
      { id: String(survey.id) },
    )
    const first = surveyDefinition(db, survey.id).questions[0]
    const q = `q${first.id}`
    // Not signed in: sign in first.
    const anonymous = (await run(openSurvey.loader, getRequest(`/surveys/${slug}`), { slug })) as Response
    expect(anonymous.status).toBe(302)
    const participant = await cookieFor(DEMO_ACCOUNTS.participant)
    const submit = () =>
      run(
        openSurvey.action,
        formRequest(
          `/surveys/${slug}`,
          { section: '1', intent: 'submit', [q]: first.options![0].value },
          { cookie: participant },
        ),
        { slug },
      )
    expect(statusOf(await submit())).toBe(303)
    expect(statusOf(await submit())).toBe(409)
    const responses = db.select().from(s.surveyResponses).where(eq(s.surveyResponses.surveyId, survey.id)).all()
    expect(responses).toHaveLength(1)
    // The response does not know who answered.
    expect(responses[0]).toMatchObject({ personId: null, invitationId: null, status: 'completed' })
  })
})
