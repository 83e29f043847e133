/**
 * Data protection: consents at sign-up and for newsletters, "Download my data", erasure
 * (by the person or by staff) that keeps every count the same, and retention of summit
 * travel details and phone numbers.
 */
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm'
import JSZip from 'jszip'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '#db/seed'
import * as myData from '~/routes/profile_.data'
import * as deleteAccount from '~/routes/profile_.delete'
import * as signup from '~/routes/signup'
import * as finish from '~/routes/signup_.$token'
import * as dataPage from '~/routes/staff.people.$id_.data'
import * as erasePage from '~/routes/staff.people.$id_.erase'
import { verifyLogin } from '~/services/auth.server'
import { makePeriod, participationOverview } from '~/services/metrics.server'
import { setSubscribed } from '~/services/newsletters/lists.server'
import { createPerson, findPersonIdByEmail } from '~/services/people.server'
import { searchDirectory } from '~/services/people/directory.server'
import { applyRetention, ERASED_NAME, erasePerson, retentionPlan } from '~/services/people/privacy.server'
import { getSurveyBySlug } from '~/services/surveys/builder.server'
import { respondentCount, responseRates } from '~/services/surveys/results.server'

import { seededDb } from './helpers/db'
import { cookieFor, cookieFrom, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'
import { expectSearchIndexIntact } from './helpers/search-index'

let db: DB
let staff: string
let staffId: number
// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 60 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  staffId = findPersonIdByEmail(db, DEMO_ACCOUNTS.staff)!
})

async function signUp(email: string, extra: Record<string, string>) {
  await run(signup.action, formRequest('/signup', { email }, { ip: `10.0.0.${email.length}` }))
  const mail = db.select().from(s.outbox).where(eq(s.outbox.toAddress, email)).orderBy(desc(s.outbox.id)).get()!
  const token = mail.text.match(/\/signup\/([\w-]+)/)![1]
  const fields = {
    name: 'Nadia Benali',
    password: 'a long enough password',
    preferredLanguage: 'fr',
    timeZone: 'Africa/Algiers',
    regionCode: 'AFRALO',
    structureId: '',
    memberType: 'guest',
    ...extra,
  }
  return run(finish.action, formRequest(`/signup/${token}`, fields), { token })
}

const consentsOf = (personId: number) =>
  db.select().from(s.consents).where(eq(s.consents.personId, personId)).orderBy(s.consents.id).all()

describe('consent', () => {
  it('cannot sign up without agreeing to the privacy notice; nothing is created', async () => {
    const res = await signUp('no.consent@example.net', {})
    expect(statusOf(res)).toBe(400)
    expect(dataOf(res)).toEqual({ errors: { privacy: ['errors.field.privacyRequired'] } })
    expect(findPersonIdByEmail(db, 'no.consent@example.net')).toBeUndefined()
  })

  it('records the privacy notice version, and the newsletters only when asked for', async () => {
    await signUp('with.news@example.net', { privacy: 'on', newsletter: 'on' })
    await signUp('without.news@example.net', { privacy: 'on' })
    const withNews = findPersonIdByEmail(db, 'with.news@example.net')!
    const without = findPersonIdByEmail(db, 'without.news@example.net')!
    expect(consentsOf(withNews).map((c) => [c.kind, c.version, c.language])).toEqual([
      ['privacy', s.PRIVACY_NOTICE_VERSION, 'fr'],
      ['newsletter', s.PRIVACY_NOTICE_VERSION, 'fr'],
    ])
    expect(consentsOf(without).map((c) => c.kind)).toEqual(['privacy'])
    const optOut = (id: number) =>
      db.select({ at: s.people.newsletterOptOutAt }).from(s.people).where(eq(s.people.id, id)).get()!.at
    expect(optOut(withNews)).toBeNull()
    expect(optOut(without)).not.toBeNull()

    // Unsubscribing withdraws the consent; subscribing again records a new one.
    const token = db.select({ t: s.people.unsubscribeToken }).from(s.people).where(eq(s.people.id, withNews)).get()!.t!
    setSubscribed(db, token, false)
    expect(consentsOf(withNews).find((c) => c.kind === 'newsletter')!.withdrawnAt).not.toBeNull()
    setSubscribed(db, token, true)
    expect(consentsOf(withNews).filter((c) => c.kind === 'newsletter' && c.withdrawnAt === null)).toHaveLength(1)
  })
})

describe('download my data', () => {
  it('gives a zip with JSON and a CSV per table, holding the person’s own rows and no anonymous answers', async () => {
    const cookie = await cookieFor(DEMO_ACCOUNTS.participant)
    const res = (await run(myData.loader, getRequest('/profile/data', { cookie }))) as Response
    expect(res.headers.get('Content-Type')).toBe('application/zip')
    expect(res.headers.get('Content-Disposition')).toMatch(/attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.zip"/)
    const zip = await JSZip.loadAsync(await res.arrayBuffer())
    expect(Object.keys(zip.files).sort()).toEqual(
      [
        'consents.csv',
        'data.json',
        'list_subscriptions.csv',
        'mails.csv',
        'membership_applications.csv',
        'newsletters.csv',
        'participation.csv',
        'profile.csv',
        'record_changes.csv',
        'registrations.csv',
        'staff_notes.csv',
        'structure_applications.csv',
        'structure_requests.csv',
        'summits.csv',
        'survey_answers.csv',
        'working_groups.csv',
      ].sort(),
    )
    const data = JSON.parse(await zip.file('data.json')!.async('string'))
    expect(data.profile).toEqual([expect.objectContaining({ email: DEMO_ACCOUNTS.participant })])
    const me = findPersonIdByEmail(db, DEMO_ACCOUNTS.participant)!
    const registrations = db.select().from(s.registrations).where(eq(s.registrations.personId, me)).all()
    expect(data.registrations).toHaveLength(registrations.length)
    // Every answer in the file comes from a survey that is not anonymous.
    const anonymousTitles = db
      .select({ title: s.surveys.title })
      .from(s.surveys)
      .where(eq(s.surveys.anonymous, true))
      .all()
      .map((x) => x.title.en)
    for (const a of data.survey_answers) expect(anonymousTitles).not.toContain(a.survey)
    const csv = await zip.file('registrations.csv')!.async('string')
    expect(csv.startsWith('\ufeffevent,')).toBe(true)
  })

  it('staff answer a subject-access request with the same file, in the person’s language, answers as words, and it is recorded', async () => {
    const row = db.$client
      .prepare(
        `select r.person_id as personId, q.options, a.value from survey_responses r
           join surveys sv on sv.id = r.survey_id join survey_answers a on a.response_id = r.id
           join survey_questions q on q.id = a.question_id
         where sv.anonymous = 0 and r.person_id is not null and q.kind = 'multiple' limit 1`,
      )
      .get() as { personId: number; options: string; value: string }
    const person = db.select().from(s.people).where(eq(s.people.id, row.personId)).get()!
    db.insert(s.membershipApplications)
      .values({ personId: person.id, regionCode: 'AFRALO', motivation: 'To help' })
      .run()
    const res = (await run(dataPage.action, formRequest(`/staff/people/${person.id}/data`, {}, { cookie: staff }), {
      id: String(person.id),
    })) as Response
    expect(res.headers.get('Content-Type')).toBe('application/zip')
    const data = JSON.parse(await (await JSZip.loadAsync(await res.arrayBuffer())).file('data.json')!.async('string'))
    const label = (JSON.parse(row.options) as s.QuestionOption[]).find((o) => o.value === row.value)!.label
    const answers = data.survey_answers.map((a: { answer: string }) => a.answer)
    expect(answers).toContain(label[person.preferredLanguage] || label.en)
    expect(answers).not.toContain(row.value)
    expect(data.membership_applications).toEqual([expect.objectContaining({ region: 'AFRALO', motivation: 'To help' })])
    expect(data.participation.every((p: { about: string | null }) => 'about' in p)).toBe(true)
    // The export is on the person's record: who did it, and it shows in the next export too.
    const audit = db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, 'person.dataExported'), eq(s.auditLog.entityId, String(person.id))))
      .all()
    expect(audit).toEqual([expect.objectContaining({ actorId: staffId })])
    // Only staff, and only by a POST (a GET goes back to the person's page).
    const participant = await cookieFor(DEMO_ACCOUNTS.participant)
    const refused = await run(
      dataPage.action,
      formRequest(`/staff/people/${person.id}/data`, {}, { cookie: participant }),
      { id: String(person.id) },
    )
    expect(statusOf(refused)).toBe(403)
    const got = (await run(dataPage.loader, getRequest(`/staff/people/${person.id}/data`, { cookie: staff }), {
      id: String(person.id),
    })) as Response
    expect(got.headers.get('Location')).toBe(`/staff/people/${person.id}`)
  })

  it('is only for the signed-in person', async () => {
    const res = (await run(myData.loader, getRequest('/profile/data'))) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toMatch(/^\/login/)
  })
})

describe('erasure', () => {
  it('removes what identifies the person and keeps every participation and survey count the same', async () => {
    // The participant with the most participation records, who also answered surveys.
    const busiest = db.get<{ personId: number }>(
      sql`select r.person_id as personId from participation_records r join people p on p.id = r.person_id
          where not exists (select 1 from person_roles x where x.person_id = p.id)
          group by 1 order by count(*) desc limit 1`,
    )!.personId
    const before = db.select().from(s.people).where(eq(s.people.id, busiest)).get()!
    const period = makePeriod('2000-01-01', '2035-12-31')
    const surveys = db.select().from(s.surveys).all()
    const counts = () => ({
      overview: participationOverview(db, period),
      surveys: surveys.map((sv) => ({
        rates: responseRates(db, getSurveyBySlug(db, sv.slug)!),
        respondents: respondentCount(db, sv.id, { regionCode: null, language: null, memberType: null, answer: null }),
      })),
    })
    const totalsBefore = counts()

    expect(erasePerson(db, { personId: busiest }, { actorId: staffId })).toEqual({ ok: true })

    expect(counts()).toEqual(totalsBefore)
    const after = db.select().from(s.people).where(eq(s.people.id, busiest)).get()!
    expect(after).toMatchObject({ name: ERASED_NAME, phone: null, passwordHash: null })
    expect(after.email).not.toContain(before.email.split('@')[0])
    expect(after.erasedAt).not.toBeNull()
    // Region, structure and member type stay: the aggregates need them.
    expect(after).toMatchObject({ regionCode: before.regionCode, structureId: before.structureId })
    expect(searchDirectory(db, { filters: { q: before.name } }).rows.map((r) => r.id)).not.toContain(busiest)
    expect(await verifyLogin(db, { email: before.email, password: DEMO_PASSWORD, ip: '7.7.7.7' })).toMatchObject({
      ok: false,
    })
    const mails = db.select().from(s.outbox).where(eq(s.outbox.personId, busiest)).all()
    for (const m of mails) expect([m.toAddress, m.subject, m.text]).not.toContain(before.email)
    expect(db.select().from(s.surveyResponses).where(eq(s.surveyResponses.personId, busiest)).all()).toHaveLength(0)
    expect(erasePerson(db, { personId: busiest }, { actorId: staffId })).toEqual({
      ok: false,
      error: 'alreadyErased',
    })
  })

  it('by staff: the confirmation is the person’s email typed again', async () => {
    const id = createPerson(db, {
      email: 'to.erase@example.net',
      name: 'To Erase',
      passwordHash: null,
      preferredLanguage: 'en',
      timeZone: 'UTC',
    })
    const wrong = await run(
      erasePage.action,
      formRequest(`/staff/people/${id}/erase`, { confirm: 'someone@else.net' }, { cookie: staff }),
      { id: String(id) },
    )
    expect(statusOf(wrong)).toBe(400)
    expect(dataOf(wrong)).toEqual({ errors: { confirm: ['errors.field.confirmEmail'] } })
    expect(db.select().from(s.people).where(eq(s.people.id, id)).get()!.erasedAt).toBeNull()
    const ok = (await run(
      erasePage.action,
      formRequest(`/staff/people/${id}/erase`, { confirm: 'TO.ERASE@example.net' }, { cookie: staff }),
      { id: String(id) },
    )) as Response
    expect(ok.headers.get('Location')).toBe(`/staff/people/${id}`)
    const audit = db
      .select()
      .from(s.auditLog)
      .where(and(eq(s.auditLog.action, 'person.erased'), eq(s.auditLog.entityId, String(id))))
      .get()!
    expect(audit.actorId).toBe(staffId)
    expect(
      statusOf(
        await run(erasePage.loader, getRequest(`/staff/people/${id}/erase`, { cookie: staff }), { id: String(id) }),
      ),
    ).toBe(404)
  })

  it('never erases the last staff member', () => {
    const others = db.select().from(s.personRoles).where(eq(s.personRoles.role, 'staff')).all()
    expect(others.map((r) => r.personId)).toEqual([staffId])
    expect(erasePerson(db, { personId: staffId }, { actorId: staffId })).toEqual({ ok: false, error: 'lastStaff' })
  })

  it('"Delete my account" asks for the box and the password, then erases and signs out', async () => {
    const res = await signUp('leaving@example.net', { privacy: 'on' })
    const cookie = cookieFrom(res as Response)
    const missing = await run(deleteAccount.action, formRequest('/profile/delete', { password: 'nope' }, { cookie }))
    expect(statusOf(missing)).toBe(400)
    expect(dataOf(missing)).toEqual({
      errors: { understand: ['errors.field.confirmDelete'], password: ['errors.field.passwordWrong'] },
    })
    expect(findPersonIdByEmail(db, 'leaving@example.net')).toBeDefined()
    const done = (await run(
      deleteAccount.action,
      formRequest('/profile/delete', { understand: 'on', password: 'a long enough password' }, { cookie }),
    )) as Response
    expect(done.status).toBe(303)
    expect(done.headers.get('Location')).toBe('/')
    expect(findPersonIdByEmail(db, 'leaving@example.net')).toBeUndefined()
    // The old cookie no longer signs anyone in.
    const after = (await run(myData.loader, getRequest('/profile/data', { cookie }))) as Response
    expect(after.status).toBe(302)
  })
})

describe('retention', () => {
  it('erases summit travel details and dial-out numbers N days after the event, and lists what comes next', () => {
    const summit = db.select().from(s.events).where(eq(s.events.kind, 'summit')).get()!
    const held = () =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(s.summitParticipations)
        .where(and(eq(s.summitParticipations.eventId, summit.id), isNotNull(s.summitParticipations.arrivalAt)))
        .get()!.n
    expect(held()).toBeGreaterThan(0)
    const plan = retentionPlan(db, { days: 180, language: 'fr' })
    const entry = plan.find((p) => p.id === summit.id && p.what === 'summitDetails')!
    // Staff read the event's title in their language.
    expect(entry.title).toBe('Deuxième sommet At-Large (ATLAS II)')
    // The demo's details were written today, after the (2014) summit: they are kept 180 days from now.
    expect(entry.eraseOn.getTime()).toBeGreaterThan(Date.now() + 179 * 86400_000)
    expect(applyRetention(db, { days: 180 })).toEqual({ summitParticipations: 0, dialOutNumbers: 0 })
    expect(held()).toBeGreaterThan(0)

    const later = new Date(Date.now() + 181 * 86400_000)
    const result = applyRetention(db, { days: 180, now: later })
    expect(result.summitParticipations).toBeGreaterThan(0)
    expect(held()).toBe(0)
    const rows = db.select().from(s.summitParticipations).where(eq(s.summitParticipations.eventId, summit.id)).all()
    for (const r of rows) {
      expect([r.passportName, r.emergencyContactPhone, r.hotel, r.departureAt]).toEqual([null, null, null, null])
    }
    // Status and funding stay for the metrics.
    expect(rows.some((r) => r.status === 'confirmed')).toBe(true)
    expect(
      retentionPlan(db, { days: 180, language: 'en' }).filter((p) => p.id === summit.id && p.what === 'summitDetails'),
    ).toEqual([])
  })
})

afterEach(() => expectSearchIndexIntact(db))
