import { parse } from 'csv-parse/sync'
import { and, eq, like, sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { beforeEach, describe, expect, it } from 'vitest'

import type { DB } from '#db/client'
import * as s from '#db/schema'
import { DEMO_ACCOUNTS } from '#db/seed'
import { countFormat } from '~/lib/survey-text'
import * as dashboardPage from '~/routes/analysis.surveys.$id._index'
import * as exportRoute from '~/routes/analysis.surveys.$id.export.$format'
import * as staffSurveys from '~/routes/staff.surveys._index'
import * as staffSurvey from '~/routes/staff.surveys.$id'
import * as openSurvey from '~/routes/surveys.$slug'
import * as invited from '~/routes/surveys.$slug_.i.$token'
import * as summary from '~/routes/surveys.$slug_.summary'
import { rebuildCounts } from '~/services/surveys/answers.server'
import {
  addQuestion,
  copySurvey,
  getSurveyBySlug,
  type QuestionInput,
  surveyDefinition,
  updateQuestion,
} from '~/services/surveys/builder.server'
import { findInvitation, surveysWaitingFor } from '~/services/surveys/invitations.server'
import { dashboard, NO_FILTERS } from '~/services/surveys/results.server'
import { invitationToken } from '~/services/surveys/tokens.server'

import { seededDb } from './helpers/db'
import { cookieFor, dataOf, formRequest, getRequest, run, statusOf } from './helpers/http'

let db: DB
let staff: string
let analyst: string
let participant: string

// Each test starts from untouched demo data (a copy of one seeding per file).
beforeEach(async () => {
  db = await seededDb({ participants: 120 })
  staff = await cookieFor(DEMO_ACCOUNTS.staff)
  analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
  participant = await cookieFor(DEMO_ACCOUNTS.participant)
})

const person = (email: string) => db.select().from(s.people).where(eq(s.people.email, email)).get()!
const staffPost = (id: number, fields: Record<string, string>, cookie = staff) =>
  run(staffSurvey.action, formRequest(`/staff/surveys/${id}`, fields, { cookie }), { id: String(id) })
const question = (over: Partial<Record<string, string>> & { sectionId: string }) => ({
  intent: 'question',
  kind: 'single',
  text_en: 'Q',
  options: 'Yes | Oui | Sí\nNo | Non | No',
  ...over,
})

/** A new survey through the staff pages: two sections, one question of each kind, a condition. */
async function buildSurvey(over: Record<string, string> = {}) {
  const slug = `test-${Math.random().toString(36).slice(2, 8)}`
  const res = await run(
    staffSurveys.action,
    formRequest(
      '/staff/surveys',
      {
        title_en: 'Test survey',
        title_fr: 'Questionnaire test',
        slug,
        mode: 'invitation',
        anonymous: 'on',
        timeZone: 'UTC',
        ...over,
      },
      { cookie: staff },
    ),
  )
  expect(statusOf(res)).toBe(303)
  const survey = getSurveyBySlug(db, slug)!
  const first = surveyDefinition(db, survey.id).sections[0].id
  expect(
    statusOf(await staffPost(survey.id, { intent: 'section', title_en: 'More', title_fr: 'Plus', title_es: 'Más' })),
  ).toBe(303)
  const second = surveyDefinition(db, survey.id).sections[1].id
  const add = async (fields: Record<string, string>) =>
    expect(statusOf(await staffPost(survey.id, question(fields as { sectionId: string })))).toBe(303)
  await add({
    sectionId: String(first),
    kind: 'single',
    required: 'on',
    text_en: 'First time?',
    text_fr: 'Première fois ?',
    options: 'Yes | Oui | Sí\nNo | Non | No',
  })
  await add({
    sectionId: String(first),
    kind: 'multiple',
    text_en: 'Sessions',
    options: 'Opening | Ouverture\nGroups | Groupes\nClosing | Clôture',
  })
  await add({
    sectionId: String(first),
    kind: 'likert',
    required: 'on',
    text_en: 'Agree?',
    options: '',
    statements: 'Useful | Utile\nWell run | Bien mené',
  })
  await add({ sectionId: String(first), kind: 'rating', required: 'on', text_en: 'Overall' })
  await add({ sectionId: String(first), kind: 'nps', text_en: 'Recommend' })
  await add({ sectionId: String(first), kind: 'number', text_en: 'Webinars attended', minValue: '0', maxValue: '6' })
  const { questions } = surveyDefinition(db, survey.id)
  const firstTime = questions[0]
  await add({
    sectionId: String(second),
    kind: 'single',
    text_en: 'Mentor?',
    options: 'Yes\nNo',
    showIf: `${firstTime.id}:${firstTime.options![0].value}`,
  })
  await add({ sectionId: String(second), kind: 'short_text', text_en: 'One word' })
  await add({ sectionId: String(second), kind: 'long_text', text_en: 'Comments' })
  return { survey: getSurveyBySlug(db, slug)!, ...surveyDefinition(db, survey.id) }
}

describe('building a survey', () => {
  it('takes every question kind with text per language, refuses bad definitions, and is for staff only', async () => {
    const { survey, questions, sections } = await buildSurvey()
    expect(questions.map((q) => q.kind)).toEqual([
      'single',
      'multiple',
      'likert',
      'rating',
      'nps',
      'number',
      'single',
      'short_text',
      'long_text',
    ])
    expect(questions[0].text).toEqual({ en: 'First time?', fr: 'Première fois ?' })
    expect(questions[2].options).toHaveLength(5) // the default agreement scale
    expect(questions[6].showIfQuestionId).toBe(questions[0].id)
    // A choice question needs options; a condition must look back at an earlier section.
    expect(
      dataOf<{ errors: { form: string[] } }>(
        await staffPost(survey.id, question({ sectionId: String(sections[0].id), options: 'Only one' })),
      ).errors.form,
    ).toEqual(['errors.survey.needsOptions'])
    expect(
      dataOf<{ errors: { form: string[] } }>(
        await staffPost(
          survey.id,
          question({
            sectionId: String(sections[0].id),
            showIf: `${questions[0].id}:${questions[0].options![0].value}`,
          }),
        ),
      ).errors.form,
    ).toEqual(['errors.survey.badCondition'])
    expect(statusOf(await staffPost(survey.id, question({ sectionId: String(sections[0].id), text_en: '' })))).toBe(400)
    expect(statusOf(await staffPost(survey.id, question({ sectionId: String(sections[0].id) }), analyst))).toBe(403)
    expect(
      statusOf(
        await run(staffSurvey.loader, getRequest(`/staff/surveys/${survey.id}`, { cookie: participant }), {
          id: String(survey.id),
        }),
      ),
    ).toBe(403)
    expect(surveyDefinition(db, survey.id).questions).toHaveLength(9)
  })

  it('fixes the questions once anyone has answered (wording can still be corrected), and a copy keeps the codes', async () => {
    const { survey, questions } = await buildSurvey()
    db.insert(s.surveyResponses).values({ surveyId: survey.id, language: 'en' }).run()
    const q = questions[0]
    const input: QuestionInput = {
      sectionId: q.sectionId!,
      kind: 'single',
      required: true,
      text: { en: 'First ICANN meeting?' },
      help: null,
      optionLabels: [{ en: 'Yes!' }, { en: 'No' }],
      statementLabels: [],
      showIfQuestionId: null,
      showIfValue: null,
      minValue: null,
      maxValue: null,
    }
    expect(updateQuestion(db, { surveyId: survey.id, questionId: q.id, question: input }, { actorId: 1 })).toEqual({
      ok: true,
    })
    const after = surveyDefinition(db, survey.id).questions[0]
    expect(after.text.en).toBe('First ICANN meeting?')
    // stored answers keep their meaning
    expect(after.options!.map((o) => o.value)).toEqual(q.options!.map((o) => o.value))
    expect(
      updateQuestion(
        db,
        {
          surveyId: survey.id,
          questionId: q.id,
          question: { ...input, optionLabels: [{ en: 'Yes' }, { en: 'No' }, { en: 'Maybe' }] },
        },
        { actorId: 1 },
      ),
    ).toEqual({ ok: false, error: 'structureLocked' })
    expect(addQuestion(db, { surveyId: survey.id, question: input }, { actorId: 1 })).toEqual({
      ok: false,
      error: 'locked',
    })
    expect(statusOf(await staffPost(survey.id, { intent: 'deleteQuestion', questionId: String(q.id) }))).toBe(409)
    const copy = copySurvey(db, survey.id, 1)!
    const copied = surveyDefinition(db, copy).questions
    expect(copied.map((c) => c.code)).toEqual(surveyDefinition(db, survey.id).questions.map((c) => c.code))
    expect(copied[6].showIfQuestionId).toBe(copied[0].id)
  })
})

describe('invitations and answers', () => {
  async function invitedSurvey(fields: Record<string, string> = {}) {
    const built = await buildSurvey(fields)
    const people = [person(DEMO_ACCOUNTS.participant), person(DEMO_ACCOUNTS.analyst)]
    const res = await staffPost(built.survey.id, {
      intent: 'invite',
      emails: `${people.map((p) => p.email).join('\n')}\nnobody@example.com`,
    })
    expect(statusOf(res)).toBe(400) // one unknown line is reported…
    expect(dataOf<{ invitedResult: { invited: number; failed: unknown[] } }>(res).invitedResult).toMatchObject({
      invited: 2,
      failed: [{ line: 3, reason: 'unknown' }],
    }) // …and the others are invited
    const invitations = db
      .select()
      .from(s.surveyInvitations)
      .where(eq(s.surveyInvitations.surveyId, built.survey.id))
      .all()
    const tokenOf = (personId: number) => invitationToken(invitations.find((i) => i.personId === personId)!.id)
    return { ...built, people, tokenOf }
  }
  const path = (slug: string, token: string) => `/surveys/${slug}/i/${token}`
  const answer = (slug: string, token: string, fields: Record<string, string | string[]>, cookie?: string) => {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x)
    const request = new Request(`http://app.test${path(slug, token)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
      body: body.toString(),
    })
    return run(invited.action, request, { slug, token })
  }

  it('mails each invited person their own link in their language, and reminds only those who have not submitted, once per round', async () => {
    const { survey, people, tokenOf } = await invitedSurvey()
    const mails = db
      .select()
      .from(s.outbox)
      .where(like(s.outbox.uniqueKey, 'survey-invite:%'))
      .all()
      .filter((m) => people.some((p) => p.email === m.toAddress) && m.text.includes(survey.slug))
    expect(mails.map((m) => m.language).sort()).toEqual(['es', 'fr'])
    const lucia = mails.find((m) => m.language === 'es')!
    expect(lucia.subject).toContain('su opinión')
    expect(lucia.text).toContain(path(survey.slug, tokenOf(people[0].id)))
    // Signed in, she also finds her personal link under "My participation".
    expect(surveysWaitingFor(db, people[0].id, 'es')).toContainEqual(
      expect.objectContaining({ title: 'Test survey', path: path(survey.slug, tokenOf(people[0].id)) }),
    )
    // Lucía answers everything; a reminder round then goes to André only, and again in the next round.
    db.update(s.surveyInvitations)
      .set({ completed: true })
      .where(and(eq(s.surveyInvitations.surveyId, survey.id), eq(s.surveyInvitations.personId, people[0].id)))
      .run()
    for (const round of [1, 2]) {
      expect(statusOf(await staffPost(survey.id, { intent: 'remind' }))).toBe(303)
      const reminders = db
        .select()
        .from(s.outbox)
        .where(like(s.outbox.uniqueKey, `survey-reminder:%:${round}`))
        .all()
        .filter((m) => m.text.includes(survey.slug))
      expect(reminders.map((m) => m.toAddress)).toEqual([people[1].email])
      expect(reminders[0].text).toContain(path(survey.slug, tokenOf(people[1].id))) // the same link as the invitation
    }
  })

  it('saves section by section, resumes, rejects bad answers without storing them, keeps HTML as text, and submits once; anonymous responses forget who', async () => {
    const { survey, questions, people, tokenOf } = await invitedSurvey()
    const token = tokenOf(people[0].id)
    const [first, multi, likert, rating, nps, num, mentor, word, comments] = questions
    const page1 = {
      section: '1',
      intent: 'next',
      [`q${first.id}`]: first.options![0].value,
      [`q${multi.id}`]: [multi.options![0].value, multi.options![2].value],
      [`q${likert.id}.${likert.statements![0].value}`]: 'a',
      [`q${likert.id}.${likert.statements![1].value}`]: 'sa',
      [`q${rating.id}`]: '4',
      [`q${nps.id}`]: '9',
      [`q${num.id}`]: '3',
    }
    for (const [bad, error] of [
      [{ [`q${first.id}`]: 'maybe' }, 'notAnOption'],
      [{ [`q${rating.id}`]: '6' }, 'outOfRange'],
      [{ [`q${num.id}`]: '7' }, 'outOfRange'],
      [{ [`q${nps.id}`]: 'ten' }, 'notANumber'],
      [{ [`q${likert.id}.${likert.statements![0].value}`]: 'x' }, 'notAnOption'],
      [{ [`q${rating.id}`]: '' }, 'required'],
    ] as const) {
      const res = await answer(survey.slug, token, { ...page1, ...bad })
      expect(statusOf(res)).toBe(400)
      expect(Object.values(dataOf<{ errors: Record<string, string> }>(res).errors)).toEqual([error])
    }
    expect(db.select().from(s.surveyResponses).where(eq(s.surveyResponses.surveyId, survey.id)).all()).toHaveLength(0)
    const next = (await answer(survey.slug, token, page1)) as Response
    expect(next.status).toBe(303)
    expect(next.headers.get('Location')).toBe(`${path(survey.slug, token)}?s=2`)
    // Resuming with the same link shows what was saved; the mentor question shows because of the first answer.
    const resumed = dataOf<{ page: { values: Record<string, string[]>; questions: { id: number }[] } }>(
      await run(invited.loader, getRequest(`${path(survey.slug, token)}?s=1`), { slug: survey.slug, token }),
    )
    expect(resumed.page.values[`q${multi.id}`]).toEqual([multi.options![0].value, multi.options![2].value])
    const page2 = dataOf<{ page: { questions: { id: number }[] } }>(
      await run(invited.loader, getRequest(`${path(survey.slug, token)}?s=2`), { slug: survey.slug, token }),
    )
    expect(page2.page.questions.map((q) => q.id)).toEqual([mentor.id, word.id, comments.id])
    expect(
      statusOf(await answer(survey.slug, token, { section: '2', intent: 'submit', [`q${word.id}`]: 'x'.repeat(201) })),
    ).toBe(400)
    const script = '<script>alert("x")</script> =SUM(A1:A2)'
    expect(
      statusOf(
        await answer(survey.slug, token, {
          section: '2',
          intent: 'submit',
          [`q${mentor.id}`]: mentor.options![0].value,
          [`q${word.id}`]: 'Inspiring',
          [`q${comments.id}`]: script,
        }),
      ),
    ).toBe(303)
    const response = db.select().from(s.surveyResponses).where(eq(s.surveyResponses.surveyId, survey.id)).get()!
    expect(response).toMatchObject({
      status: 'completed',
      invitationId: null,
      personId: null,
      regionCode: 'LACRALO',
      memberType: 'als_representative',
    })
    expect(
      db
        .select()
        .from(s.surveyAnswers)
        .where(and(eq(s.surveyAnswers.responseId, response.id), eq(s.surveyAnswers.questionId, comments.id)))
        .get()!.value,
    ).toBe(script)
    // Once submitted: the page says so, and a second submission changes nothing.
    expect(
      dataOf<{ blocked: string }>(
        await run(invited.loader, getRequest(path(survey.slug, token)), { slug: survey.slug, token }),
      ).blocked,
    ).toBe('submitted')
    expect(statusOf(await answer(survey.slug, token, { ...page1, [`q${rating.id}`]: '1' }))).toBe(409)
    expect(db.select().from(s.surveyResponses).where(eq(s.surveyResponses.surveyId, survey.id)).all()).toHaveLength(1)
    expect(
      db
        .select()
        .from(s.surveyAnswers)
        .where(and(eq(s.surveyAnswers.responseId, response.id), eq(s.surveyAnswers.questionId, rating.id)))
        .get()!.value,
    ).toBe('4')
    // The counts kept at submission equal a full recount.
    const counts = () =>
      db
        .select()
        .from(s.surveyAnswerCounts)
        .where(eq(s.surveyAnswerCounts.surveyId, survey.id))
        .all()
        .sort((a, b) => a.questionId - b.questionId || a.item.localeCompare(b.item) || a.value.localeCompare(b.value))
    const pairs = () =>
      db
        .select()
        .from(s.surveyPairCounts)
        .where(eq(s.surveyPairCounts.surveyId, survey.id))
        .all()
        .map((r) => JSON.stringify(r))
        .sort()
    const kept = counts()
    const keptPairs = pairs()
    expect(kept.length).toBeGreaterThan(8)
    expect(keptPairs.length).toBeGreaterThan(8)
    rebuildCounts(db, survey.id)
    expect(counts()).toEqual(kept)
    expect(pairs()).toEqual(keptPairs)
    // One respondent: a filter that narrows to them shows nothing in this anonymous survey, not even the count.
    expect(
      dashboard(db, { survey, language: 'en', filters: { ...NO_FILTERS, regionCode: 'LACRALO' }, cross: null }),
    ).toMatchObject({ respondents: null, hidden: true, summaries: [], cross: null })
    // Export: one column per question (Likert: per statement), labels, formula-like text neutralised.
    const csv = (await run(
      exportRoute.loader,
      getRequest(`/analysis/surveys/${survey.id}/export/csv?lang=fr`, { cookie: analyst }),
      { id: String(survey.id), format: 'csv' },
    )) as Response
    const bytes = new Uint8Array(await csv.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    // In French, ";" separates the columns, as French Excel expects.
    const rows = parse(new TextDecoder().decode(bytes).slice(1), {
      relax_column_count: false,
      delimiter: ';',
    }) as string[][]
    expect(rows[0]).toContain('Première fois ?')
    expect(rows[0].filter((h) => h.startsWith('Agree?'))).toHaveLength(2)
    expect(rows[1]).toContain('Oui')
    expect(rows[1]).toContain(script) // starts with "<", so kept as is
  })

  it('refuses links that are invalid, for another survey, or for a closed survey', async () => {
    const a = await invitedSurvey()
    const b = await buildSurvey()
    const token = a.tokenOf(a.people[1].id)
    const blocked = async (slug: string, t: string) => {
      const res = await run(invited.loader, getRequest(path(slug, t)), { slug, token: t })
      return [statusOf(res), dataOf<{ blocked: string }>(res).blocked]
    }
    expect(await blocked(b.survey.slug, token)).toEqual([400, 'otherSurvey'])
    expect(await blocked(a.survey.slug, 'x'.repeat(32))).toEqual([404, 'invalidLink'])
    expect(statusOf(await answer(b.survey.slug, token, { section: '1' }))).toBe(400)
    db.update(s.surveys)
      .set({ closesAt: new Date(Date.now() - 1000) })
      .where(eq(s.surveys.id, a.survey.id))
      .run()
    expect(await blocked(a.survey.slug, token)).toEqual([410, 'closed'])
    expect(statusOf(await answer(a.survey.slug, token, { section: '1' }))).toBe(410)
    expect(db.select().from(s.surveyResponses).where(eq(s.surveyResponses.surveyId, a.survey.id)).all()).toHaveLength(0)
  })

  it('an open named survey asks to sign in, then takes one response per person', async () => {
    const slug = 'capacity-building-webinars-feedback'
    const survey = getSurveyBySlug(db, slug)!
    const signIn = (await run(openSurvey.loader, getRequest(`/surveys/${slug}`), { slug })) as Response
    expect(signIn.status).toBe(302)
    const { questions } = surveyDefinition(db, survey.id)
    const fields = (section: number, intent: string) => {
      const body = new URLSearchParams({ section: String(section), intent })
      for (const q of surveyDefinition(db, survey.id).bySection[section - 1].questions) {
        if (q.kind === 'rating') body.append(`q${q.id}`, '5')
        if (q.kind === 'nps') body.append(`q${q.id}`, '10')
        if (q.kind === 'single') body.append(`q${q.id}`, q.options![0].value)
      }
      return body
    }
    const post = (body: URLSearchParams) =>
      run(
        openSurvey.action,
        new Request(`http://app.test/surveys/${slug}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: participant },
          body: body.toString(),
        }),
        { slug },
      )
    const lucia = person(DEMO_ACCOUNTS.participant)
    // "My participation" lists it while it waits for her answers.
    expect(surveysWaitingFor(db, lucia.id, 'es').map((w) => w.path)).toContain(`/surveys/${slug}`)
    expect(statusOf(await post(fields(1, 'next')))).toBe(303)
    expect(statusOf(await post(fields(2, 'submit')))).toBe(303)
    expect(surveysWaitingFor(db, lucia.id, 'es').map((w) => w.path)).not.toContain(`/surveys/${slug}`)
    expect(
      db
        .select()
        .from(s.surveyResponses)
        .where(and(eq(s.surveyResponses.surveyId, survey.id), eq(s.surveyResponses.personId, lucia.id)))
        .all(),
    ).toEqual([expect.objectContaining({ status: 'completed', language: 'es' })])
    expect(statusOf(await post(fields(1, 'next')))).toBe(409)
    expect(
      dataOf<{ blocked: string }>(
        await run(openSurvey.loader, getRequest(`/surveys/${slug}`, { cookie: participant }), { slug }),
      ).blocked,
    ).toBe('submitted')
    expect(questions.length).toBeGreaterThan(3)
    // The ATLAS II survey is by invitation: its own address sends people to their link.
    const atlas = (await run(openSurvey.loader, getRequest('/surveys/atlas-ii-post-summit-survey'), {
      slug: 'atlas-ii-post-summit-survey',
    })) as unknown
    expect(dataOf<{ blocked: string }>(atlas).blocked).toBe('inviteOnly')
  })
})

describe('the analyst’s dashboard', () => {
  const slug = 'atlas-ii-post-summit-survey'
  const load = (query: string, cookie = analyst) => {
    const survey = getSurveyBySlug(db, slug)!
    return run(dashboardPage.loader, getRequest(`/analysis/surveys/${survey.id}${query}`, { cookie }), {
      id: String(survey.id),
    })
  }
  type Board = ReturnType<typeof dashboard>

  it('shows rates and per-question figures that match the stored answers, for analysts and staff only', async () => {
    const survey = getSurveyBySlug(db, slug)!
    const d = dataOf<{ board: Board; rates: { overall: { invited: number; completed: number } } }>(await load(''))
    const completed = db
      .select()
      .from(s.surveyResponses)
      .where(and(eq(s.surveyResponses.surveyId, survey.id), eq(s.surveyResponses.status, 'completed')))
      .all()
    expect(d.board.respondents).toBe(completed.length)
    expect(d.rates.overall.completed).toBe(completed.length)
    expect(d.rates.overall.invited).toBe(
      db.select().from(s.surveyInvitations).where(eq(s.surveyInvitations.surveyId, survey.id)).all().length,
    )
    const overall = d.board.summaries.find((q) => q.code === 'overall')!
    expect(overall.kind).toBe('rating')
    const q = surveyDefinition(db, survey.id).questions.find((x) => x.code === 'overall')!
    const fours = db
      .select()
      .from(s.surveyAnswers)
      .innerJoin(s.surveyResponses, eq(s.surveyResponses.id, s.surveyAnswers.responseId))
      .where(
        and(
          eq(s.surveyAnswers.questionId, q.id),
          eq(s.surveyAnswers.value, '4'),
          eq(s.surveyResponses.status, 'completed'),
        ),
      )
      .all().length
    expect(overall.kind === 'rating' && overall.distribution.find((x) => x.value === 4)!.count).toBe(fours)
    expect(d.board.summaries.map((x) => x.kind)).toEqual(
      expect.arrayContaining(['rating', 'nps', 'likert', 'single', 'multiple', 'number', 'long_text', 'short_text']),
    )
    for (const cookie of [participant]) expect(statusOf(await load('', cookie))).toBe(403)
    // The demo invitations' links work (a reminder round would carry them).
    const seeded = db.select().from(s.surveyInvitations).where(eq(s.surveyInvitations.surveyId, survey.id)).get()!
    expect(findInvitation(db, invitationToken(seeded.id))?.id).toBe(seeded.id)
    expect(statusOf(await load('', staff))).toBe(200)
  })

  it('filters the whole dashboard, cross-tabs with row totals, and hides groups under 5 in an anonymous survey', async () => {
    const survey = getSurveyBySlug(db, slug)!
    const group = surveyDefinition(db, survey.id).questions.find((x) => x.code === 'group')!
    const all = dataOf<{ board: Board }>(await load(`?cross=${group.id}&by=region`)).board
    const afralo = dataOf<{ board: Board }>(await load(`?region=AFRALO&cross=${group.id}&by=language`)).board
    expect(afralo.respondents).toBe(all.cross!.rows.find((r) => r.key === 'AFRALO')!.total)
    expect(afralo.respondents).toBeLessThan(all.respondents!)
    // single choice: a row with nothing hidden adds up; a row hides none or at least two of its figures
    for (const row of all.cross!.rows) {
      const hidden = [...row.counts, row.total].filter((n) => n === null).length
      if (hidden === 0) expect(row.counts.reduce((a, b) => a! + b!, 0)).toBe(row.total)
      else expect(hidden).toBeGreaterThanOrEqual(2)
    }
    // Filter by an answer: only those who chose it.
    const first = surveyDefinition(db, survey.id).questions.find((x) => x.code === 'first')!
    const yes = dataOf<{ board: Board }>(await load(`?answer=${first.id}:yes`)).board
    const firstSummary = yes.summaries.find((x) => x.code === 'first')!
    expect(firstSummary.kind === 'single' && firstSummary.options.find((o) => o.value === 'no')!.count).toBe(0)
    const naralo = dashboard(db, {
      survey,
      language: 'en',
      filters: { ...NO_FILTERS, regionCode: 'NARALO' },
      cross: { questionId: group.id, by: 'memberType' },
    })
    expect(naralo.hidden).toBe(false)
    // How the page shows those cells: a hidden count (null, never the number) as the same word everywhere.
    const cells = countFormat('es', 'oculto')
    expect([0, null, 1234].map(cells.show)).toEqual(['0', 'oculto', '1234'])
  })

  it('counts a filter by a choice answer and a cross-tab by another choice question as the answers say', () => {
    const survey = getSurveyBySlug(db, slug)!
    const questions = surveyDefinition(db, survey.id).questions
    const choice = questions.filter((q) => q.kind === 'single' || q.kind === 'multiple')
    const [a, b] = choice
    // Straight from the answers: respondents who chose `value` for `by`, and what they answered to `q`.
    const fromAnswers = (by: number, value: string, q: number, region: string | null = null) =>
      db.all<{ value: string; n: number }>(
        sql`select a.value, count(*) as n from survey_answers a join survey_answers f on f.response_id = a.response_id
            where f.question_id = ${by} and f.value = ${value} and f.completed = 1 and a.completed = 1
              and a.question_id = ${q} and (${region} is null or a.region_code = ${region}) group by a.value`,
      )
    for (const option of a.options!) {
      for (const region of [null, 'AFRALO'] as const) {
        const board = dashboard(db, {
          survey,
          language: 'en',
          filters: { ...NO_FILTERS, regionCode: region, answer: { questionId: a.id, value: option.value } },
          cross: null,
        })
        const expected = fromAnswers(a.id, option.value, a.id, region).reduce((sum, r) => sum + r.n, 0)
        // The count, or hidden where this anonymous survey hides it.
        if (board.respondents !== null) expect(board.respondents).toBe(expected)
        if (board.hidden) continue
        for (const q of choice.slice(1)) {
          const summary = board.summaries.find((x) => x.id === q.id)!
          const counts = fromAnswers(a.id, option.value, q.id, region)
          // Each count is the answers' count, or hidden (null) in this anonymous survey.
          const options = summary.kind === 'single' || summary.kind === 'multiple' ? summary.options : []
          expect(options).toHaveLength(q.options!.length)
          for (const o of options)
            if (o.count !== null) expect(o.count).toBe(counts.find((c) => c.value === o.value)?.n ?? 0)
        }
      }
    }
    // b by a: each row is what those who gave a's answer said to b.
    const cross = dashboard(db, {
      survey,
      language: 'en',
      filters: NO_FILTERS,
      cross: { questionId: b.id, by: `q${a.id}` },
    }).cross!
    for (const row of cross.rows) {
      const counts = fromAnswers(a.id, row.key, b.id)
      row.counts.forEach((n, i) => {
        if (n !== null) expect(n).toBe(counts.find((c) => c.value === b.options![i].value)?.n ?? 0)
      })
    }
    expect(cross.rows.some((r) => (r.total ?? 0) > 0)).toBe(true)
  })

  it('searches free text, exports XLSX that a spreadsheet library reads back, and publishes a summary only when staff choose to', async () => {
    const survey = getSurveyBySlug(db, slug)!
    const d = dataOf<{ texts: { id: number; total: number; rows: { value: string }[] }[] }>(
      await load('?search=mentor'),
    )
    expect(d.texts.some((t) => t.total > 0 && t.rows.every((r) => r.value.toLowerCase().includes('mentor')))).toBe(true)
    const res = (await run(
      exportRoute.loader,
      getRequest(`/analysis/surveys/${survey.id}/export/xlsx?lang=es`, { cookie: analyst }),
      { id: String(survey.id), format: 'xlsx' },
    )) as Response
    expect(res.headers.get('Content-Type')).toContain('spreadsheetml')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await res.arrayBuffer()) as never)
    const sheet = book.worksheets[0]
    const completed = db
      .select()
      .from(s.surveyResponses)
      .where(and(eq(s.surveyResponses.surveyId, survey.id), eq(s.surveyResponses.status, 'completed')))
      .all().length
    expect(sheet.rowCount).toBe(completed + 1)
    // The dashboard's filters apply: a region whose results page hides a figure gives no rows (counting
    // the file's rows would give that figure away).
    const lacralo = dataOf<{ board: Board }>(await load('?region=LACRALO')).board
    expect(lacralo.summaries.some((q) => 'options' in q && q.options.some((o) => o.count === null))).toBe(true)
    const filtered = (await run(
      exportRoute.loader,
      getRequest(`/analysis/surveys/${survey.id}/export/xlsx?lang=es&region=LACRALO`, { cookie: analyst }),
      { id: String(survey.id), format: 'xlsx' },
    )) as Response
    const filteredBook = new ExcelJS.Workbook()
    await filteredBook.xlsx.load((await filtered.arrayBuffer()) as never)
    expect(filteredBook.worksheets[0].rowCount).toBe(1)
    expect(String(sheet.getRow(1).values)).toContain('¿En qué grupo temático estuvo?')
    expect(
      statusOf(
        await run(
          exportRoute.loader,
          getRequest(`/analysis/surveys/${survey.id}/export/csv`, { cookie: participant }),
          { id: String(survey.id), format: 'csv' },
        ),
      ),
    ).toBe(403)
    // The summary is not public until published.
    expect(statusOf(await run(summary.loader, getRequest(`/surveys/${slug}/summary`), { slug }))).toBe(404)
    expect(statusOf(await staffPost(survey.id, { intent: 'publish', published: '1' }, analyst))).toBe(403)
    expect(statusOf(await staffPost(survey.id, { intent: 'publish', published: '1' }))).toBe(303)
    const published = dataOf<{ summaries: { kind: string }[] }>(
      await run(summary.loader, getRequest(`/surveys/${slug}/summary`, { cookie: participant }), { slug }),
    )
    expect(published.summaries.length).toBeGreaterThan(5)
    expect(published.summaries.some((q) => q.kind === 'long_text')).toBe(false) // no free text in public
    await staffPost(survey.id, { intent: 'publish', published: '0' })
  })
})
