/**
 * Answering a survey: one page per section, answers checked against the question
 * (options, ranges, lengths) and saved as the respondent goes, one response per
 * invitation, and submission. In an anonymous survey the submitted response
 * keeps only the respondent's snapshot (region, language, member type): the link
 * to the invitation is cut on submit.
 */
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import type { Language, MemberType, RegionCode } from '#db/domain'
import {
  participationRecords,
  people,
  surveyAnswers,
  surveyInvitations,
  surveyQuestions,
  surveyResponses,
} from '#db/schema'
import { TEXT_LIMITS } from '~/lib/survey-text'

import { checkLimits, hitRateLimits, recordAttempts } from '../rate-limit.server'
import type { Question } from './builder.server'
import { dayOf } from './completions.server'
import { marksWanted } from './small-groups.server'
import { checkFormToken, invitationToken, tokenHash } from './tokens.server'

type Reader = Pick<DB, 'select'>

export type AnswerRow = { questionId: number; item: string; value: string; numericValue: number | null }

/** Conditional display: a question shows when it has no condition, or its condition's answer was given. */
export function isVisible(q: Pick<Question, 'showIfQuestionId' | 'showIfValue'>, answers: AnswerRow[]): boolean {
  if (!q.showIfQuestionId) return true
  return answers.some((a) => a.questionId === q.showIfQuestionId && a.value === q.showIfValue)
}

/** Form field names: `q<id>` (all values of a multiple choice), `q<id>.<statement>` for a Likert row. */
export const fieldName = (q: { id: number }, statement?: string) => (statement ? `q${q.id}.${statement}` : `q${q.id}`)

export type AnswerError = 'required' | 'notAnOption' | 'outOfRange' | 'notANumber' | 'tooLong'

/**
 * Reads one section's answers from the form. Every value is checked against its
 * question; what was typed comes back for the page to show again with the errors.
 */
export function parseSection(questions: Question[], get: (name: string) => string[], checkRequired: boolean) {
  const rows: AnswerRow[] = []
  const errors: Record<string, AnswerError> = {}
  const typed: Record<string, string[]> = {}
  for (const q of questions) {
    const name = fieldName(q)
    if (q.kind === 'likert') {
      const scale = (q.options ?? []).map((o) => o.value)
      let missing = false
      for (const st of q.statements ?? []) {
        const v = (get(fieldName(q, st.value))[0] ?? '').trim()
        typed[fieldName(q, st.value)] = v ? [v] : []
        if (!v) {
          missing = true
          continue
        }
        if (!scale.includes(v)) errors[name] = 'notAnOption'
        else rows.push({ questionId: q.id, item: st.value, value: v, numericValue: scale.indexOf(v) + 1 })
      }
      if (missing && checkRequired && q.required && !errors[name]) errors[name] = 'required'
      continue
    }
    const values = get(name)
      .map((v) => v.replace(/\r\n/g, '\n').trim())
      .filter(Boolean)
    typed[name] = values
    if (values.length === 0) {
      if (checkRequired && q.required) errors[name] = 'required'
      continue
    }
    switch (q.kind) {
      case 'single':
      case 'multiple': {
        const allowed = new Set((q.options ?? []).map((o) => o.value))
        const chosen = q.kind === 'single' ? values.slice(0, 1) : [...new Set(values)]
        if ((q.kind === 'single' && values.length > 1) || chosen.some((v) => !allowed.has(v)))
          errors[name] = 'notAnOption'
        else
          for (const v of chosen)
            rows.push({ questionId: q.id, item: q.kind === 'multiple' ? v : '', value: v, numericValue: null })
        break
      }
      case 'rating':
      case 'nps':
      case 'number': {
        const v = values[0]
        const [min, max] =
          q.kind === 'rating'
            ? [1, 5]
            : q.kind === 'nps'
              ? [0, 10]
              : [q.minValue ?? -1_000_000_000, q.maxValue ?? 1_000_000_000]
        if (!/^-?\d{1,10}$/.test(v)) errors[name] = 'notANumber'
        else if (Number(v) < min || Number(v) > max) errors[name] = 'outOfRange'
        else rows.push({ questionId: q.id, item: '', value: String(Number(v)), numericValue: Number(v) })
        break
      }
      case 'short_text':
      case 'long_text': {
        // Kept exactly as typed (shown as text everywhere); only the length is limited.
        const v = values[0]
        if (v.length > TEXT_LIMITS[q.kind]) errors[name] = 'tooLong'
        else rows.push({ questionId: q.id, item: '', value: v, numericValue: null })
        break
      }
    }
  }
  return { rows, errors, typed }
}

export function loadAnswers(db: Reader, responseId: number): AnswerRow[] {
  return db
    .select({
      questionId: surveyAnswers.questionId,
      item: surveyAnswers.item,
      value: surveyAnswers.value,
      numericValue: surveyAnswers.numericValue,
    })
    .from(surveyAnswers)
    .where(eq(surveyAnswers.responseId, responseId))
    .all()
}

export type Respondent =
  | { kind: 'invitation'; invitationId: number; personId: number }
  | { kind: 'open'; personId: number | null; responseId: number | null }

export function findResponse(db: Reader, surveyId: number, who: Respondent) {
  if (who.kind === 'invitation')
    return db
      .select()
      .from(surveyResponses)
      .where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.invitationId, who.invitationId)))
      .get()
  if (who.responseId)
    return db
      .select()
      .from(surveyResponses)
      .where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.id, who.responseId)))
      .get()
  return undefined
}

/** The response to write to, created on the first save with the respondent's snapshot. */
function responseFor(
  tx: Pick<DB, 'select' | 'insert'>,
  survey: { id: number; anonymous: boolean },
  who: Respondent,
  language: Language,
) {
  const found = findResponse(tx, survey.id, who)
  if (found) return found
  const personId = who.personId
  const p = personId
    ? tx
        .select({ regionCode: people.regionCode, memberType: people.memberType })
        .from(people)
        .where(eq(people.id, personId))
        .get()
    : undefined
  return tx
    .insert(surveyResponses)
    .values({
      surveyId: survey.id,
      invitationId: who.kind === 'invitation' ? who.invitationId : null,
      personId: survey.anonymous ? null : personId,
      ...(survey.anonymous ? { startedAt: dayOf(new Date()) } : {}),
      regionCode: (p?.regionCode ?? null) as RegionCode | null,
      memberType: (p?.memberType ?? null) as MemberType | null,
      language,
    })
    .returning()
    .get()
}

/** Saves one section's answers (replacing that section's earlier ones); returns the response id. */
export function saveSection(
  db: DB,
  {
    survey,
    respondent: who,
    language,
    sectionQuestionIds,
    rows,
  }: {
    survey: { id: number; anonymous: boolean }
    respondent: Respondent
    language: Language
    sectionQuestionIds: number[]
    rows: AnswerRow[]
  },
): { ok: true; responseId: number } | { ok: false; error: 'submitted' } {
  return db.transaction(
    (tx) => {
      const response = responseFor(tx, survey, who, language)
      if (response.status === 'completed') return { ok: false as const, error: 'submitted' as const }
      if (sectionQuestionIds.length)
        tx.delete(surveyAnswers)
          .where(and(eq(surveyAnswers.responseId, response.id), inArray(surveyAnswers.questionId, sectionQuestionIds)))
          .run()
      for (const r of rows) {
        tx.insert(surveyAnswers)
          .values({
            ...r,
            responseId: response.id,
            surveyId: survey.id,
            regionCode: response.regionCode,
            language: response.language,
            memberType: response.memberType,
          })
          .run()
      }
      return { ok: true as const, responseId: response.id }
    },
    { behavior: 'immediate' },
  )
}

/**
 * Submits: drops answers to questions that ended up hidden, checks every visible
 * required question has an answer, then marks the response and its answers
 * completed. In an anonymous survey the response forgets its invitation.
 */
export function submitResponse(
  db: DB,
  {
    survey,
    responseId,
    questions,
    personId,
  }: { survey: { id: number; anonymous: boolean }; responseId: number; questions: Question[]; personId: number | null },
  { now = new Date() }: { now?: Date } = {},
):
  | { ok: true }
  | { ok: false; error: 'submitted' | 'notFound' }
  | { ok: false; error: 'missing'; questionIds: number[] } {
  const result = db.transaction(
    (tx) => {
      const response = tx
        .select()
        .from(surveyResponses)
        .where(and(eq(surveyResponses.id, responseId), eq(surveyResponses.surveyId, survey.id)))
        .get()
      if (!response) return { ok: false as const, error: 'notFound' as const }
      if (response.status === 'completed') return { ok: false as const, error: 'submitted' as const }
      const answers = loadAnswers(tx, responseId)
      // Visibility in question order, so a condition on a hidden question hides its dependants too.
      const shown = new Set<number>()
      const kept: AnswerRow[] = []
      for (const q of questions) {
        if (q.showIfQuestionId && !(shown.has(q.showIfQuestionId) && isVisible(q, kept))) continue
        shown.add(q.id)
        kept.push(...answers.filter((a) => a.questionId === q.id))
      }
      const hidden = questions.filter((q) => !shown.has(q.id)).map((q) => q.id)
      if (hidden.length)
        tx.delete(surveyAnswers)
          .where(and(eq(surveyAnswers.responseId, responseId), inArray(surveyAnswers.questionId, hidden)))
          .run()
      const missing = questions
        .filter((q) => shown.has(q.id) && q.required && !kept.some((a) => a.questionId === q.id))
        .map((q) => q.id)
      if (missing.length) return { ok: false as const, error: 'missing' as const, questionIds: missing }
      const invitationId = response.invitationId
      tx.update(surveyResponses)
        // An anonymous response keeps only the day it was completed.
        .set({
          status: 'completed',
          completedAt: survey.anonymous ? dayOf(now) : now,
          ...(survey.anonymous ? { invitationId: null, personId: null } : {}),
        })
        .where(eq(surveyResponses.id, responseId))
        .run()
      tx.update(surveyAnswers).set({ completed: true }).where(eq(surveyAnswers.responseId, responseId)).run()
      addToCounts(tx, responseId)
      if (invitationId)
        tx.update(surveyInvitations).set({ completed: true }).where(eq(surveyInvitations.id, invitationId)).run()
      // That they answered counts as participation. For an anonymous survey the worker writes it
      // later, in shuffled batches with one date for all (survey-completions.server.ts).
      if (personId && !survey.anonymous) {
        const p = tx
          .select({ regionCode: people.regionCode, structureId: people.structureId })
          .from(people)
          .where(eq(people.id, personId))
          .get()
        if (p)
          tx.insert(participationRecords)
            .values({
              personId,
              kind: 'survey_completed',
              sourceType: 'survey',
              sourceId: survey.id,
              occurredAt: now,
              ...p,
            })
            .onConflictDoNothing()
            .run()
      }
      return { ok: true as const }
    },
    { behavior: 'immediate' },
  )
  // The worker decides again which figures to hide, before anyone opens the results.
  if (result.ok && survey.anonymous) marksWanted(survey.id)
  return result
}

/** A signed-in person's response to a named open survey, if they started one. */
export function namedResponseId(db: Reader, surveyId: number, personId: number): number | null {
  return (
    db
      .select({ id: surveyResponses.id })
      .from(surveyResponses)
      .where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.personId, personId)))
      .get()?.id ?? null
  )
}

/** Has this person already submitted (named or open surveys, where it is known)? */
export function submittedBy(db: Reader, surveyId: number, personId: number): boolean {
  return Boolean(
    db
      .select({ n: sql<number>`1` })
      .from(surveyResponses)
      .where(
        and(
          eq(surveyResponses.surveyId, surveyId),
          eq(surveyResponses.personId, personId),
          eq(surveyResponses.status, 'completed'),
        ),
      )
      .get(),
  )
}

/** Free text is not counted per value (every answer differs); only that it was answered. */
const COUNTED = sql.raw(
  `question_id in (select id from survey_questions where kind not in ('short_text', 'long_text'))`,
)

const DIMS = sql.raw(`coalesce(a.region_code, ''), coalesce(a.language, ''), coalesce(a.member_type, '')`)

/**
 * Adds to the pair counts (survey_pair_counts) the submitted answers `scope` picks out of
 * the answers `b`: each of a respondent's answers counted under each choice answer they
 * gave, and one "answered" row per question and choice answer.
 */
function addPairs(db: Pick<DB, 'run'>, scope: SQL) {
  const from = sql`from survey_answers b join survey_answers a on a.response_id = b.response_id and a.completed = 1
    where ${scope} and b.completed = 1
      and b.question_id in (select id from survey_questions where kind in ('single', 'multiple'))`
  const onConflict = sql`on conflict do update set n = n + excluded.n`
  db.run(sql`insert into survey_pair_counts (survey_id, by_question_id, by_value, question_id, item, value, region_code, language, member_type, n)
    select a.survey_id, b.question_id, b.value, a.question_id, a.item, a.value, ${DIMS}, count(*) ${from}
      and a.question_id in (select id from survey_questions where kind not in ('short_text', 'long_text'))
    group by b.question_id, b.value, a.question_id, a.item, a.value, ${DIMS} ${onConflict}`)
  db.run(sql`insert into survey_pair_counts (survey_id, by_question_id, by_value, question_id, item, value, region_code, language, member_type, n)
    select a.survey_id, b.question_id, b.value, a.question_id, '', '', ${DIMS}, count(distinct a.response_id) ${from}
    group by b.question_id, b.value, a.question_id, ${DIMS} ${onConflict}`)
}

/**
 * Adds a just-submitted response's answers to the survey's counts (and one
 * "answered" row per question it answered), and to its pair counts. Submitted
 * responses never change, so counts only ever grow here.
 */
export function addToCounts(db: Pick<DB, 'run'>, responseId: number) {
  db.run(sql`insert into survey_answer_counts (survey_id, question_id, item, value, region_code, language, member_type, n)
    select survey_id, question_id, item, value, coalesce(region_code, ''), coalesce(language, ''), coalesce(member_type, ''), count(*)
    from survey_answers where response_id = ${responseId} and completed = 1 and ${COUNTED} group by question_id, item, value
    on conflict do update set n = n + excluded.n`)
  db.run(sql`insert into survey_answer_counts (survey_id, question_id, item, value, region_code, language, member_type, n)
    select survey_id, question_id, '', '', coalesce(region_code, ''), coalesce(language, ''), coalesce(member_type, ''), 1
    from survey_answers where response_id = ${responseId} and completed = 1 group by question_id
    on conflict do update set n = n + excluded.n`)
  addPairs(db, sql`b.response_id = ${responseId}`)
}

/**
 * Recounts a survey from its answers (after a bulk load: the demo data, a benchmark). The
 * pair counts are added up here, reading the answers once in response order: one join of
 * the answers with themselves, grouped in SQL, took minutes at 100,000 responses.
 */
export function rebuildCounts(db: DB, surveyId: number) {
  db.run(sql`delete from survey_answer_counts where survey_id = ${surveyId}`)
  db.run(sql`insert into survey_answer_counts (survey_id, question_id, item, value, region_code, language, member_type, n)
    select survey_id, question_id, item, value, coalesce(region_code, ''), coalesce(language, ''), coalesce(member_type, ''), count(*)
    from survey_answers where survey_id = ${surveyId} and completed = 1 and ${COUNTED}
    group by question_id, item, value, coalesce(region_code, ''), coalesce(language, ''), coalesce(member_type, '')`)
  db.run(sql`insert into survey_answer_counts (survey_id, question_id, item, value, region_code, language, member_type, n)
    select survey_id, question_id, '', '', r, l, m, count(*) from (
      select survey_id, question_id, response_id, coalesce(region_code, '') as r, coalesce(language, '') as l, coalesce(member_type, '') as m
      from survey_answers where survey_id = ${surveyId} and completed = 1 group by question_id, response_id)
    group by question_id, r, l, m`)
  db.run(sql`delete from survey_pair_counts where survey_id = ${surveyId}`)
  const kinds = new Map(
    db
      .select({ id: surveyQuestions.id, kind: surveyQuestions.kind })
      .from(surveyQuestions)
      .where(eq(surveyQuestions.surveyId, surveyId))
      .all()
      .map((q) => [q.id, q.kind]),
  )
  const isChoice = (q: number) => kinds.get(q) === 'single' || kinds.get(q) === 'multiple'
  const isCounted = (q: number) => kinds.get(q) !== 'short_text' && kinds.get(q) !== 'long_text'
  // Every counted (question, item, value) and every question's "answered" marker gets a small
  // number; each choice answer and snapshot pair gets an array of counts indexed by it.
  const SEP = '\u001f'
  const keys: [question: number, item: string, value: string][] = []
  const keyIndex = new Map<string, number>()
  const keyOf = (q: number, item: string, value: string) => {
    const k = `${q}${SEP}${item}${SEP}${value}`
    let index = keyIndex.get(k)
    if (index === undefined) {
      index = keys.push([q, item, value]) - 1
      keyIndex.set(k, index)
    }
    return index
  }
  for (const q of kinds.keys()) keyOf(q, '', '')
  for (const [q, item, value] of db.$client
    .prepare(
      `select distinct question_id, item, value from survey_answers where survey_id = ? and completed = 1
       and question_id in (select id from survey_questions where kind not in ('short_text', 'long_text'))`,
    )
    .raw()
    .iterate(surveyId) as IterableIterator<[number, string, string]>)
    keyOf(q, item, value)
  const groups = new Map<string, { by: number; dims: string; counts: Uint32Array }>()
  type Row = [response: number, question: number, item: string, value: string, dims: string]
  const flush = (rows: Row[]) => {
    const dims = rows[0][4]
    const indexes: number[] = []
    for (const r of rows) if (isCounted(r[1])) indexes.push(keyIndex.get(`${r[1]}${SEP}${r[2]}${SEP}${r[3]}`)!)
    for (const q of new Set(rows.map((r) => r[1]))) indexes.push(keyIndex.get(`${q}${SEP}${SEP}`)!)
    for (const by of rows) {
      if (!isChoice(by[1])) continue
      const id = `${by[1]}${SEP}${by[3]}${SEP}${dims}`
      let group = groups.get(id)
      if (!group) groups.set(id, (group = { by: keyOf(by[1], '', by[3]), dims, counts: new Uint32Array(keys.length) }))
      for (const index of indexes) group.counts[index]++
    }
  }
  let current: Row[] = []
  const answers = db.$client
    .prepare(
      `select response_id, question_id, item, value,
              coalesce(region_code, '') || char(31) || coalesce(language, '') || char(31) || coalesce(member_type, '')
       from survey_answers where survey_id = ? and completed = 1 order by response_id`,
    )
    .raw()
  for (const row of answers.iterate(surveyId) as IterableIterator<Row>) {
    if (current.length && current[0][0] !== row[0]) {
      flush(current)
      current = []
    }
    current.push(row)
  }
  if (current.length) flush(current)
  const insert = db.$client.prepare(
    `insert into survey_pair_counts (survey_id, by_question_id, by_value, question_id, item, value, region_code, language, member_type, n)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  for (const { by, dims, counts } of groups.values()) {
    const [byQuestion, , byValue] = keys[by]
    const [region, language, memberType] = dims.split(SEP)
    counts.forEach((n, index) => {
      if (n)
        insert.run(
          surveyId,
          byQuestion,
          byValue,
          keys[index][0],
          keys[index][1],
          keys[index][2],
          region,
          language,
          memberType,
          n,
        )
    })
  }
}

/** A signed-in person's own invitation to an open survey (made when they first save), if any. */
export function ownInvitation(db: Reader, surveyId: number, personId: number) {
  return db
    .select({ id: surveyInvitations.id, completed: surveyInvitations.completed })
    .from(surveyInvitations)
    .where(and(eq(surveyInvitations.surveyId, surveyId), eq(surveyInvitations.personId, personId)))
    .get()
}

/**
 * The invitation that makes a signed-in person's answer to an anonymous open survey
 * "one per person" (never mailed). Like a mailed one, it is marked completed on submit
 * while the response forgets it.
 */
export function ensureOwnInvitation(db: DB, surveyId: number, personId: number): { id: number; completed: boolean } {
  return db.transaction(
    (tx) => {
      const found = ownInvitation(tx, surveyId, personId)
      if (found) return found
      const id = tx
        .insert(surveyInvitations)
        .values({ surveyId, personId, tokenHash: `pending:${surveyId}:${personId}` })
        .returning({ id: surveyInvitations.id })
        .get().id
      tx.update(surveyInvitations)
        .set({ tokenHash: tokenHash(invitationToken(id)) })
        .where(eq(surveyInvitations.id, id))
        .run()
      return { id, completed: false }
    },
    { behavior: 'immediate' },
  )
}

export type OpenGuard = 'rateLimited' | 'formExpired'

/**
 * For surveys anyone may answer: a new response needs an unspent form token and stays
 * within 40 new responses an hour per address; a submission within 20 an hour.
 */
export function guardAnyone(
  db: DB,
  step: 'start' | 'submit',
  input: { surveyId: number; ip: string; formToken?: string },
  now = new Date(),
): OpenGuard | null {
  const key = `${input.surveyId}|${input.ip}`
  if (step === 'start') {
    const nonce = checkFormToken(input.surveyId, input.formToken ?? '', now)
    if (!nonce) return 'formExpired'
    if (checkLimits(db, [{ scope: 'survey:form', key: nonce, max: 1, windowMs: 2 * 86400_000 }], now).allowed === false)
      return 'formExpired'
    const verdict = hitRateLimits(db, [{ scope: 'survey:start', key, max: 40, windowMs: 3600_000 }], now)
    if (!verdict.allowed) return 'rateLimited'
    recordAttempts(db, [{ scope: 'survey:form', key: nonce }], now)
    return null
  }
  return hitRateLimits(db, [{ scope: 'survey:submit', key, max: 20, windowMs: 3600_000 }], now).allowed
    ? null
    : 'rateLimited'
}
