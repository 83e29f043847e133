/**
 * What analysts read: rates, per-question summaries, cross-tabs, free text,
 * comparisons and exports. Rates, summaries and snapshot filters read the counts kept
 * at submission (survey_answer_counts, decision 008); a filter on a choice answer and a
 * cross-tab by another choice question read the pair counts kept beside them
 * (survey_pair_counts, decision 018); free text, and a cross-tab by a question under an
 * answer filter, read the answers through their covering index. Anonymous exports are protected as decision 011 says.
 *
 * In an anonymous survey the figures leave here already redacted: a hidden count is `null` (so it
 * never reaches the browser), chosen by `small-groups.server.ts` for the whole survey at once.
 */
import crypto from 'node:crypto'

import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import { type Language, LANGUAGES, MEMBER_TYPES, type MemberType, REGION_CODES, type RegionCode } from '#db/domain'
import { people, surveyAnswerCounts, surveyAnswers, surveyPairCounts, surveyResponses } from '#db/schema'
import { loc } from '~/lib/localised'
import { isSmall, suppress1D, suppress2D } from '~/lib/suppression'
import { hasFilters, SMALL_GROUP } from '~/lib/survey-text'

import { containsText } from '../search.server'
import { getSurvey, type Question, type Survey, surveyDefinition } from './builder.server'
import { invitedByGroup, type SurveyMarks, surveyMarks, surveyMarksReady, takeWantedMarks } from './small-groups.server'

type Reader = Pick<DB, 'select' | 'all'>

export type ResultFilters = {
  regionCode: RegionCode | null
  language: Language | null
  memberType: MemberType | null
  /** Only respondents who gave this answer to this choice question. */
  answer: { questionId: number; value: string } | null
}

export const NO_FILTERS: ResultFilters = { regionCode: null, language: null, memberType: null, answer: null }

/** Conditions on survey_answers for the submitted answers a filter keeps. */
function answerConditions(surveyId: number, f: ResultFilters): SQL[] {
  const where: SQL[] = [eq(surveyAnswers.surveyId, surveyId), eq(surveyAnswers.completed, true)]
  if (f.regionCode) where.push(eq(surveyAnswers.regionCode, f.regionCode))
  if (f.language) where.push(eq(surveyAnswers.language, f.language))
  if (f.memberType) where.push(eq(surveyAnswers.memberType, f.memberType))
  if (f.answer) {
    where.push(
      sql`+${surveyAnswers.responseId} in (select f.response_id from survey_answers f where f.question_id = ${f.answer.questionId} and f.value = ${f.answer.value} and f.completed = 1)`,
    )
  }
  return where
}

function responseConditions(surveyId: number, f: ResultFilters): SQL[] {
  const where: SQL[] = [eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.status, 'completed')]
  if (f.regionCode) where.push(eq(surveyResponses.regionCode, f.regionCode))
  if (f.language) where.push(eq(surveyResponses.language, f.language))
  if (f.memberType) where.push(eq(surveyResponses.memberType, f.memberType))
  if (f.answer) {
    where.push(
      sql`${surveyResponses.id} in (select f.response_id from survey_answers f where f.question_id = ${f.answer.questionId} and f.value = ${f.answer.value} and f.completed = 1)`,
    )
  }
  return where
}

// ─── Rates ────────────────────────────────────────────────────────────────

/** A group's figures; `null` is a count hidden in an anonymous survey. */
type Group = { key: string; invited: number; started: number | null; completed: number | null }

/**
 * Invited, started and completed, overall and per region, language and member type. In an
 * anonymous survey the completed counts per group are the survey's respondents figures (hidden
 * as everywhere else), and a group's started count is hidden with its completed count and
 * covered within its part like any breakdown.
 */
export function responseRates(db: Reader, survey: Survey, marks?: SurveyMarks) {
  const invited = invitedByGroup(db, survey.id)
  const responses = db
    .select({
      region: surveyResponses.regionCode,
      language: surveyResponses.language,
      memberType: surveyResponses.memberType,
      started: sql<number>`count(*)`,
      completed: sql<number>`sum(${surveyResponses.status} = 'completed')`,
    })
    .from(surveyResponses)
    .where(eq(surveyResponses.surveyId, survey.id))
    .groupBy(surveyResponses.regionCode, surveyResponses.language, surveyResponses.memberType)
    .all()
  const overall = {
    key: 'all',
    invited: invited.reduce((a, r) => a + r.n, 0),
    started: responses.reduce((a, r) => a + r.started, 0),
    completed: responses.reduce((a, r) => a + r.completed, 0),
  }
  const m = survey.anonymous ? (marks ?? marksOf(db, survey)) : null
  const by = (dim: 'region' | 'language' | 'memberType', keys: readonly string[]): Group[] => {
    const groups = keys.map((key) => ({
      key,
      invited: invited.filter((r) => r[dim] === key).reduce((a, r) => a + r.n, 0),
      started: responses.filter((r) => r[dim] === key).reduce((a, r) => a + r.started, 0),
      completed: responses.filter((r) => r[dim] === key).reduce((a, r) => a + r.completed, 0),
    }))
    if (!m) return groups
    const slice = (key: string) => ({
      ...NO_FILTERS,
      [dim === 'region' ? 'regionCode' : dim]: key,
    })
    const completedHidden = groups.map((g) => m.respondents(slice(g.key)))
    const started = suppress1D({
      counts: groups.map((g) => g.started),
      total: overall.started,
      hidden: { counts: completedHidden },
    }).counts
    return groups.map((g, i) => ({
      ...g,
      started: started[i] ? null : g.started,
      completed: completedHidden[i] ? null : g.completed,
    }))
  }
  return {
    overall: overall as Group,
    region: by('region', REGION_CODES),
    language: by('language', LANGUAGES),
    memberType: by('memberType', MEMBER_TYPES),
  }
}

/**
 * Gets the marks of these surveys ready for their data as it is now, computed in slices that let other
 * requests run (a page awaits this first; what it then reads finds them ready).
 */
export async function marksReady(db: Reader, ...surveys: Survey[]): Promise<void> {
  for (const survey of surveys) await surveyMarksReady(db, survey, surveyDefinition(db, survey.id).questions)
}

/**
 * The worker's step: gets ready the marks of the anonymous surveys that received a response since
 * it last ran, so the first results page after a submission finds them ready. Returns how many.
 */
export async function prepareSurveyMarks(db: Reader): Promise<number> {
  const wanted = takeWantedMarks()
  for (const id of wanted) {
    const survey = getSurvey(db, id)
    if (survey) await marksReady(db, survey)
  }
  return wanted.length
}

/** The marks of an anonymous survey's figures, for the whole survey (kept until its next submission). */
function marksOf(db: Reader, survey: Survey): SurveyMarks {
  return surveyMarks(db, survey, surveyDefinition(db, survey.id).questions)
}

// ─── Per-question summaries ───────────────────────────────────────────────

/** Counts as shown: `null` is a count hidden in an anonymous survey (decision 008, `small-groups.server.ts`). */
export type OptionCount = { value: string; label: string; count: number | null }
export type QuestionSummary =
  | {
      kind: 'single' | 'multiple'
      id: number
      code: string
      text: string
      answered: number | null
      options: OptionCount[]
    }
  | {
      kind: 'likert'
      id: number
      code: string
      text: string
      answered: number | null
      scale: { value: string; label: string }[]
      rows: {
        value: string
        label: string
        answered: number | null
        counts: (number | null)[]
        mean: number | null
        meanHidden?: boolean
      }[]
    }
  | {
      kind: 'rating' | 'number'
      id: number
      code: string
      text: string
      answered: number | null
      mean: number | null
      median: number | null
      /** The mean and median would give hidden counts away, so they are hidden too. */
      statsHidden?: boolean
      distribution: { value: number; count: number | null }[]
    }
  | {
      kind: 'nps'
      id: number
      code: string
      text: string
      answered: number | null
      score: number | null
      scoreHidden?: boolean
      promoters: number | null
      passives: number | null
      detractors: number | null
      distribution: { value: number; count: number | null }[]
    }
  | { kind: 'short_text' | 'long_text'; id: number; code: string; text: string; answered: number | null }

function median(distribution: { value: number; count: number }[], total: number): number | null {
  if (total === 0) return null
  const sorted = [...distribution].sort((a, b) => a.value - b.value)
  const at = (k: number) => {
    let seen = 0
    for (const d of sorted) {
      seen += d.count
      if (seen > k) return d.value
    }
    return sorted.at(-1)!.value
  }
  return total % 2 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2
}

/** Snapshot filters on the counts table ('' stands for an unknown part). */
function countConditions(surveyId: number, f: ResultFilters): SQL[] {
  const where: SQL[] = [eq(surveyAnswerCounts.surveyId, surveyId)]
  if (f.regionCode) where.push(eq(surveyAnswerCounts.regionCode, f.regionCode))
  if (f.language) where.push(eq(surveyAnswerCounts.language, f.language))
  if (f.memberType) where.push(eq(surveyAnswerCounts.memberType, f.memberType))
  return where
}

/** Snapshot filters and the chosen answer, on the pair counts (survey_pair_counts). */
function pairConditions(surveyId: number, f: ResultFilters, by: { questionId: number; value?: string }): SQL[] {
  const where: SQL[] = [eq(surveyPairCounts.surveyId, surveyId), eq(surveyPairCounts.byQuestionId, by.questionId)]
  if (by.value !== undefined) where.push(eq(surveyPairCounts.byValue, by.value))
  if (f.regionCode) where.push(eq(surveyPairCounts.regionCode, f.regionCode))
  if (f.language) where.push(eq(surveyPairCounts.language, f.language))
  if (f.memberType) where.push(eq(surveyPairCounts.memberType, f.memberType))
  return where
}

const isMarker = (r: { item: string; value: string }) => r.item === '' && r.value === ''

/**
 * Answer counts per question, item and value, and how many answered each question: from
 * the counts table, or with an answer filter from the pair counts of that answer. Both are
 * kept at submission, so no answer is read here.
 */
function answerCounts(db: Reader, survey: Survey, questions: Question[], f: ResultFilters) {
  const ids = questions.map((q) => q.id)
  if (ids.length === 0) return { rows: [], answered: new Map<number, number>() }
  const all = f.answer
    ? db
        .select({
          questionId: surveyPairCounts.questionId,
          item: surveyPairCounts.item,
          value: surveyPairCounts.value,
          n: sql<number>`sum(${surveyPairCounts.n})`,
        })
        .from(surveyPairCounts)
        .where(and(...pairConditions(survey.id, f, f.answer), inArray(surveyPairCounts.questionId, ids)))
        .groupBy(surveyPairCounts.questionId, surveyPairCounts.item, surveyPairCounts.value)
        .all()
    : db
        .select({
          questionId: surveyAnswerCounts.questionId,
          item: surveyAnswerCounts.item,
          value: surveyAnswerCounts.value,
          n: sql<number>`sum(${surveyAnswerCounts.n})`,
        })
        .from(surveyAnswerCounts)
        .where(and(...countConditions(survey.id, f), inArray(surveyAnswerCounts.questionId, ids)))
        .groupBy(surveyAnswerCounts.questionId, surveyAnswerCounts.item, surveyAnswerCounts.value)
        .all()
  return {
    rows: all.filter((r) => !isMarker(r)).map((r) => ({ ...r, numericValue: null as number | null })),
    answered: new Map(all.filter(isMarker).map((r) => [r.questionId, r.n])),
  }
}

/** Every question's summary, in `language`. */
export function questionSummaries(
  db: Reader,
  {
    survey,
    questions,
    language,
    filters: f,
    marks,
  }: { survey: Survey; questions: Question[]; language: Language; filters: ResultFilters; marks?: SurveyMarks },
): QuestionSummary[] {
  const summaries = countedSummaries(db, { survey, questions, language, filters: f })
  if (!survey.anonymous) return summaries
  const m = marks ?? marksOf(db, survey)
  return summaries.map((q) => redact(q, { marks: m, filters: f }))
}

/** Does any of these summaries hide a figure (so the page should say why)? */
export function anyHidden(summaries: QuestionSummary[]): boolean {
  return summaries.some(
    (q) =>
      q.answered === null ||
      ('options' in q && q.options.some((o) => o.count === null)) ||
      ('rows' in q && q.rows.some((r) => r.answered === null || r.counts.some((n) => n === null))) ||
      ('distribution' in q && q.distribution.some((d) => d.count === null)),
  )
}

/**
 * A summary as an anonymous survey shows it in the slice `filters`: the figures the survey's
 * marks hide become null, and so do the statistics computed from them (means, medians, the NPS
 * score). A free-text question keeps the old rule (its answers are listed anyway).
 */
function redact(
  q: QuestionSummary,
  { marks, filters }: { marks: SurveyMarks; filters: ResultFilters },
): QuestionSummary {
  // Where nobody answered and the page says so (a shown 0), every count is 0 as everyone can tell: shown.
  const nobody = q.answered === 0 && !marks.figure(q.id, filters, 'answered')
  const hidden = (column: string) => !nobody && marks.figure(q.id, filters, column)
  const answered = hidden('answered') ? null : q.answered
  switch (q.kind) {
    case 'single':
    case 'multiple':
      return {
        ...q,
        answered,
        options: q.options.map((o) => ({ ...o, count: hidden(`o:${o.value}`) ? null : o.count })),
      }
    case 'likert':
      return {
        ...q,
        answered,
        rows: q.rows.map((r) => {
          const counts = r.counts.map((n, i) =>
            (r.answered !== 0 || hidden(`t:${r.value}`)) && hidden(`s:${r.value}:${q.scale[i].value}`) ? null : n,
          )
          const rowHidden = hidden(`t:${r.value}`) || counts.some((n) => n === null)
          return {
            ...r,
            answered: hidden(`t:${r.value}`) ? null : r.answered,
            counts,
            mean: rowHidden ? null : r.mean,
            meanHidden: rowHidden,
          }
        }),
      }
    case 'rating':
    case 'number':
    case 'nps': {
      const shown = new Set(q.distribution.map((d) => d.value))
      const distribution = [
        ...q.distribution.map((d) => ({ value: d.value, count: hidden(`v:${d.value}`) ? null : d.count })),
        // A value nobody in this slice gave is left out of a number question's list, which says "0":
        // where that zero is hidden, the value is listed as hidden.
        ...marks
          .columns(q.id)
          .filter((c) => c.startsWith('v:') && !shown.has(Number(c.slice(2))) && hidden(c))
          .map((c) => ({ value: Number(c.slice(2)), count: null })),
      ].sort((a, b) => a.value - b.value)
      const statsHidden = answered === null || distribution.some((d) => d.count === null)
      if (q.kind === 'nps') {
        const part = (column: string, n: number | null) => (hidden(column) ? null : n)
        const promoters = part('promoters', q.promoters)
        const detractors = part('detractors', q.detractors)
        const scoreHidden = answered === null || promoters === null || detractors === null
        return {
          ...q,
          answered,
          distribution,
          promoters,
          detractors,
          passives: part('passives', q.passives),
          score: scoreHidden ? null : q.score,
          scoreHidden,
        }
      }
      return {
        ...q,
        answered,
        distribution,
        mean: statsHidden ? null : q.mean,
        median: statsHidden ? null : q.median,
        statsHidden,
      }
    }
    default:
      return { ...q, answered: hasFilters(filters) && q.answered !== null && isSmall(q.answered) ? null : q.answered }
  }
}

/** Every question's summary from the counts, nothing hidden. */
function countedSummaries(
  db: Reader,
  {
    survey,
    questions,
    language,
    filters: f,
  }: { survey: Survey; questions: Question[]; language: Language; filters: ResultFilters },
): QuestionSummary[] {
  const { rows, answered } = answerCounts(db, survey, questions, f)
  const byQuestion = new Map<number, typeof rows>()
  for (const r of rows) {
    const list = byQuestion.get(r.questionId)
    if (list) list.push(r)
    else byQuestion.set(r.questionId, [r])
  }
  return questions.map((q): QuestionSummary => {
    const own = byQuestion.get(q.id) ?? []
    const base = { id: q.id, code: q.code, text: loc(q.text, language) }
    const sum = own.reduce((a, r) => a + r.n, 0)
    switch (q.kind) {
      case 'single':
      case 'multiple':
        return {
          ...base,
          kind: q.kind,
          answered: answered.get(q.id) ?? 0,
          options: (q.options ?? []).map((o) => ({
            value: o.value,
            label: loc(o.label, language),
            count: own.find((r) => r.value === o.value)?.n ?? 0,
          })),
        }
      case 'likert': {
        const scale = (q.options ?? []).map((o) => ({ value: o.value, label: loc(o.label, language) }))
        const statementRows = (q.statements ?? []).map((st) => {
          const counts = scale.map((s) => own.find((r) => r.item === st.value && r.value === s.value)?.n ?? 0)
          const answered = counts.reduce((a, b) => a + b, 0)
          return {
            value: st.value,
            label: loc(st.label, language),
            answered,
            counts,
            mean: answered ? counts.reduce((a, c, i) => a + c * (i + 1), 0) / answered : null,
          }
        })
        return { ...base, kind: 'likert', answered: answered.get(q.id) ?? 0, scale, rows: statementRows }
      }
      case 'rating':
      case 'number':
      case 'nps': {
        const distribution = own
          .map((r) => ({ value: r.numericValue ?? Number(r.value), count: r.n }))
          .sort((a, b) => a.value - b.value)
        if (q.kind === 'rating')
          for (let v = 1; v <= 5; v++)
            if (!distribution.some((d) => d.value === v)) distribution.push({ value: v, count: 0 })
        if (q.kind === 'nps')
          for (let v = 0; v <= 10; v++)
            if (!distribution.some((d) => d.value === v)) distribution.push({ value: v, count: 0 })
        distribution.sort((a, b) => a.value - b.value)
        if (q.kind === 'nps') {
          const promoters = distribution.filter((d) => d.value >= 9).reduce((a, d) => a + d.count, 0)
          const detractors = distribution.filter((d) => d.value <= 6).reduce((a, d) => a + d.count, 0)
          return {
            ...base,
            kind: 'nps',
            answered: sum,
            promoters,
            detractors,
            passives: sum - promoters - detractors,
            score: sum ? Math.round(((promoters - detractors) / sum) * 100) : null,
            distribution,
          }
        }
        return {
          ...base,
          kind: q.kind,
          answered: sum,
          mean: sum ? distribution.reduce((a, d) => a + d.value * d.count, 0) / sum : null,
          median: median(distribution, sum),
          distribution,
        }
      }
      default:
        return { ...base, kind: q.kind, answered: answered.get(q.id) ?? 0 }
    }
  })
}

export function respondentCount(db: Reader, surveyId: number, f: ResultFilters): number {
  if (f.answer) {
    // Who gave the answer: the "answered" marker of its own question, under that answer.
    return (
      db
        .select({ n: sql<number>`coalesce(sum(${surveyPairCounts.n}), 0)` })
        .from(surveyPairCounts)
        .where(
          and(
            ...pairConditions(surveyId, f, f.answer),
            eq(surveyPairCounts.questionId, f.answer.questionId),
            eq(surveyPairCounts.item, ''),
            eq(surveyPairCounts.value, ''),
          ),
        )
        .get()?.n ?? 0
    )
  }
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(surveyResponses)
      .where(and(...responseConditions(surveyId, f)))
      .get()?.n ?? 0
  )
}

// ─── Cross-tabs ───────────────────────────────────────────────────────────

export type CrossBy = 'region' | 'language' | 'memberType' | `q${number}`

/**
 * A choice question's answers by region, language, member type or another choice
 * question: counts, and row percentages of the respondents in each row who answered.
 */
export function crossTab(
  db: Reader,
  {
    survey,
    questions,
    questionId,
    by,
    language,
    filters: f,
    marks,
  }: {
    survey: Survey
    questions: Question[]
    questionId: number
    by: CrossBy
    language: Language
    filters: ResultFilters
    marks?: SurveyMarks
  },
) {
  const q = questions.find((x) => x.id === questionId && (x.kind === 'single' || x.kind === 'multiple'))
  if (!q) return null
  let rowKeys: { key: string; label: string }[]
  let cells: { row: string | null; value: string; n: number }[]
  let totals: { row: string | null; n: number }[]
  const other =
    by === 'region' || by === 'language' || by === 'memberType'
      ? null
      : questions.find((x) => `q${x.id}` === by && (x.kind === 'single' || x.kind === 'multiple') && x.id !== q.id)
  if (other === undefined) return null
  if (!other) {
    // By a snapshot part: from the counts, or (with an answer filter) the pair counts of that answer.
    rowKeys = (by === 'region' ? REGION_CODES : by === 'language' ? LANGUAGES : MEMBER_TYPES).map((k) => ({
      key: k,
      label: k,
    }))
    const table = f.answer ? surveyPairCounts : surveyAnswerCounts
    const column = by === 'region' ? table.regionCode : by === 'language' ? table.language : table.memberType
    const all = db
      .select({ row: column, item: table.item, value: table.value, n: sql<number>`sum(${table.n})` })
      .from(table)
      .where(
        and(
          ...(f.answer ? pairConditions(survey.id, f, f.answer) : countConditions(survey.id, f)),
          eq(table.questionId, q.id),
        ),
      )
      .groupBy(column, table.item, table.value)
      .all()
    cells = all.filter((r) => !isMarker(r))
    totals = all.filter(isMarker)
  } else if (!f.answer) {
    // By another choice question: the pair counts under each of its answers.
    rowKeys = (other.options ?? []).map((o) => ({ key: o.value, label: loc(o.label, language) }))
    const all = db
      .select({
        row: surveyPairCounts.byValue,
        item: surveyPairCounts.item,
        value: surveyPairCounts.value,
        n: sql<number>`sum(${surveyPairCounts.n})`,
      })
      .from(surveyPairCounts)
      .where(and(...pairConditions(survey.id, f, { questionId: other.id }), eq(surveyPairCounts.questionId, q.id)))
      .groupBy(surveyPairCounts.byValue, surveyPairCounts.item, surveyPairCounts.value)
      .all()
    cells = all.filter((r) => !isMarker(r))
    totals = all.filter(isMarker)
  } else {
    // By another question and filtered by an answer as well: three answers at once, read from the answers.
    rowKeys = (other.options ?? []).map((o) => ({ key: o.value, label: loc(o.label, language) }))
    const where = and(...answerConditions(survey.id, f), eq(surveyAnswers.questionId, q.id))
    const join = sql`join survey_answers b on b.response_id = ${surveyAnswers.responseId} and b.question_id = ${other.id}`
    cells = db.all<{ row: string; value: string; n: number }>(
      sql`select b.value as row, ${surveyAnswers.value} as value, count(*) as n from ${surveyAnswers} ${join} where ${where} group by b.value, ${surveyAnswers.value}`,
    )
    totals = db.all<{ row: string; n: number }>(
      sql`select b.value as row, count(distinct ${surveyAnswers.responseId}) as n from ${surveyAnswers} ${join} where ${where} group by b.value`,
    )
  }
  const options = (q.options ?? []).map((o) => ({ value: o.value, label: loc(o.label, language) }))
  const rows = rowKeys.map((r) => ({
    key: r.key,
    label: r.label,
    total: (totals.find((t) => t.row === r.key)?.n ?? 0) as number | null,
    counts: options.map((o) => cells.find((c) => c.row === r.key && c.value === o.value)?.n ?? 0) as (number | null)[],
  }))
  // The last row: everyone in view, i.e. the question's own figures on the dashboard above.
  const margin = countedSummaries(db, { survey, questions: [q], language, filters: f })[0]
  const everyone = {
    total: margin.answered as number | null,
    counts: margin.kind === 'single' || margin.kind === 'multiple' ? margin.options.map((o) => o.count) : [],
  }
  const table = { question: { id: q.id, text: loc(q.text, language), kind: q.kind }, by, options, rows, everyone }
  if (!survey.anonymous) return table
  const m = marks ?? marksOf(db, survey)
  const hide = (slice: ResultFilters, column: string, n: number | null) => (m.figure(q.id, slice, column) ? null : n)
  const shownEveryone = {
    total: hide(f, 'answered', everyone.total),
    counts: options.map((o, i) => hide(f, `o:${o.value}`, everyone.counts[i])),
  }
  if (!other) {
    // Each row is a slice of the survey's table: its marks hold across every page.
    const part = by === 'region' ? 'regionCode' : (by as 'language' | 'memberType')
    return {
      ...table,
      everyone: shownEveryone,
      rows: rows.map((r) => {
        // Outside the filter (another region than the one filtered): nobody, as everyone knows.
        if (f[part] && f[part] !== r.key) return r
        const slice = { ...f, [part]: r.key }
        const total = hide(slice, 'answered', r.total)
        // Under a shown total of 0 every count is 0, as everyone can tell.
        const counts = total === 0 ? r.counts : r.counts.map((n, i) => hide(slice, `o:${options[i].value}`, n))
        return { ...r, total, counts }
      }),
    }
  }
  // By another question: its rows are the pages filtered by each of its answers (their marks come
  // along), or under an answer filter three answers at once. Its columns add up to the last row, the
  // question's own figures above (their marks kept): this table covers its own lines.
  const rowSlices = f.answer ? null : rows.map((r) => ({ ...f, answer: { questionId: other.id, value: r.key } }))
  const marks2 = suppress2D({
    table: {
      cells: rows.map((r) => r.counts as number[]),
      rowTotals: rows.map((r) => r.total as number),
      columnTotals: everyone.counts as number[],
      grandTotal: everyone.total as number,
    },
    marginsNarrowed: hasFilters(f),
    hidden: {
      cells: rowSlices?.map((slice) => options.map((o) => m.figure(q.id, slice, `o:${o.value}`))),
      rowTotals: rowSlices?.map((slice) => m.figure(q.id, slice, 'answered')),
      columnTotals: shownEveryone.counts.map((n) => n === null),
      grandTotal: shownEveryone.total === null,
    },
    frozen: { columnTotals: options.map(() => true), grandTotal: true },
  })
  return {
    ...table,
    everyone: {
      total: marks2.grandTotal ? null : everyone.total,
      counts: everyone.counts.map((n, i) => (marks2.columnTotals[i] ? null : n)),
    },
    rows: rows.map((r, i) => ({
      ...r,
      total: marks2.rowTotals[i] ? null : r.total,
      counts: r.counts.map((n, j) => (marks2.cells[i][j] && (r.total !== 0 || marks2.rowTotals[i]) ? null : n)),
    })),
  }
}

// ─── Free text ────────────────────────────────────────────────────────────

export const FREE_TEXT_PAGE = 50

export function freeText(
  db: Reader,
  {
    survey,
    questionId,
    filters: f,
    search = '',
    page = 1,
    marks,
  }: {
    survey: Survey
    questionId: number
    filters: ResultFilters
    search?: string
    page?: number
    marks?: SurveyMarks
  },
) {
  const where = and(
    ...answerConditions(survey.id, f),
    eq(surveyAnswers.questionId, questionId),
    search ? containsText(surveyAnswers.value, search) : undefined,
  )
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(surveyAnswers)
      .where(where)
      .get()?.n ?? 0
  const rows = db
    .select({
      id: surveyAnswers.id,
      value: surveyAnswers.value,
      regionCode: surveyAnswers.regionCode,
      language: surveyAnswers.language,
      memberType: surveyAnswers.memberType,
    })
    .from(surveyAnswers)
    .where(where)
    .orderBy(asc(surveyAnswers.id))
    .limit(FREE_TEXT_PAGE)
    .offset((Math.max(1, page) - 1) * FREE_TEXT_PAGE)
    .all()
  if (!survey.anonymous) return { total, rows }
  // Anonymous: each answer says no more about its author than the file of responses says about that
  // response (the same text is in both), so its background is coarsened by the same rule.
  const m = marks ?? marksOf(db, survey)
  const background = protectBackground(
    rows.map((r) => [r.regionCode ?? '', r.language ?? '', r.memberType ?? ''] as Background),
    ([region, language, memberType]) =>
      m.everyFigureShown({
        ...f,
        regionCode: (region as RegionCode | undefined) || f.regionCode,
        language: (language as Language | undefined) || f.language,
        memberType: (memberType as MemberType | undefined) || f.memberType,
      }),
  )
  return {
    total,
    rows: rows.map((r, i) => {
      const [regionCode, language, memberType] = background[i].shown.map((v) => (v === HIDDEN || v === '' ? null : v))
      return {
        ...r,
        regionCode: regionCode as RegionCode | null,
        language: language as Language | null,
        memberType: memberType as MemberType | null,
      }
    }),
  }
}

// ─── The whole dashboard ──────────────────────────────────────────────────

export function dashboard(
  db: Reader,
  {
    survey,
    language,
    filters: f,
    cross,
    definition,
    marks: known,
  }: {
    survey: Survey
    language: Language
    filters: ResultFilters
    cross: { questionId: number; by: CrossBy } | null
    /** The survey's definition and marks when the caller has them already. */
    definition?: ReturnType<typeof surveyDefinition>
    marks?: SurveyMarks
  },
) {
  const { questions, bySection } = definition ?? surveyDefinition(db, survey.id)
  const count = respondentCount(db, survey.id, f)
  const narrowed = hasFilters(f)
  const marks = survey.anonymous ? (known ?? surveyMarks(db, survey, questions)) : undefined
  // An anonymous survey shows nothing about a filtered group smaller than SMALL_GROUP, and hides
  // the size of a group wherever the survey's marks hide it (so another group cannot be worked out).
  const hidden = survey.anonymous && narrowed && count > 0 && count < SMALL_GROUP
  const respondents = marks?.respondents(f) ? null : count
  return {
    respondents,
    hidden,
    // Free text in a filtered view says which answers come from the group: in an anonymous survey, only
    // where the page shows every figure of the group (as its file of responses), else the same text in
    // the file would tell which responses are that group's.
    textsShown: !hidden && (!marks || !narrowed || marks.everyFigureShown(f)),
    // The file of responses (exportRows) has rows for this view only on the same terms: a filtered
    // group of an anonymous survey whose page hides a figure gets no file, and the page says so.
    fileShown: !marks || !narrowed || (!isSmall(count) && marks.everyFigureShown(f)),
    sections: bySection.map((s) => ({
      id: s.section.id,
      title: loc(s.section.title, language),
      questionIds: s.questions.map((q) => q.id),
    })),
    summaries: hidden ? [] : questionSummaries(db, { survey, questions, language, filters: f, marks }),
    cross:
      hidden || !cross
        ? null
        : crossTab(db, {
            survey,
            questions,
            questionId: cross.questionId,
            by: cross.by,
            language,
            filters: f,
            marks,
          }),
    choiceQuestions: questions
      .filter((q) => q.kind === 'single' || q.kind === 'multiple')
      .map((q) => ({
        id: q.id,
        text: loc(q.text, language),
        options: (q.options ?? []).map((o) => ({ value: o.value, label: loc(o.label, language) })),
      })),
  }
}

// ─── Compare two surveys ──────────────────────────────────────────────────

/** Questions the two surveys share (same code and kind), each summarised for both, side by side. */
export function compareSurveys(db: Reader, a: Survey, b: Survey, language: Language) {
  const qa = surveyDefinition(db, a.id).questions
  const qb = surveyDefinition(db, b.id).questions
  const shared = qa.filter(
    (q) => q.kind !== 'short_text' && q.kind !== 'long_text' && qb.some((x) => x.code === q.code && x.kind === q.kind),
  )
  const sa = questionSummaries(db, { survey: a, questions: shared, language, filters: NO_FILTERS })
  const sb = questionSummaries(db, {
    survey: b,
    questions: qb.filter((x) => shared.some((q) => q.code === x.code)),
    language,
    filters: NO_FILTERS,
  })
  return {
    respondents: [respondentCount(db, a.id, NO_FILTERS), respondentCount(db, b.id, NO_FILTERS)] as const,
    pairs: sa.map((left) => ({ left, right: sb.find((r) => r.code === left.code)! })).filter((p) => p.right),
  }
}

// ─── Export ───────────────────────────────────────────────────────────────

/**
 * One row per submitted response, one column per question (a Likert question: one per statement), labels in
 * `language`.
 */
export function exportRows(db: Reader, survey: Survey, language: Language, f: ResultFilters) {
  const { questions } = surveyDefinition(db, survey.id)
  const columns: { questionId: number; item: string | null; header: string }[] = []
  for (const q of questions) {
    if (q.kind === 'likert')
      for (const st of q.statements ?? [])
        columns.push({
          questionId: q.id,
          item: st.value,
          header: `${loc(q.text, language)} — ${loc(st.label, language)}`,
        })
    else columns.push({ questionId: q.id, item: null, header: loc(q.text, language) })
  }
  const responses = db
    .select({
      id: surveyResponses.id,
      completedAt: surveyResponses.completedAt,
      regionCode: surveyResponses.regionCode,
      language: surveyResponses.language,
      memberType: surveyResponses.memberType,
      name: people.name,
    })
    .from(surveyResponses)
    .leftJoin(people, eq(people.id, surveyResponses.personId))
    .where(and(...responseConditions(survey.id, f)))
    .orderBy(asc(surveyResponses.id))
    .all()
  const answers = db
    .select({
      responseId: surveyAnswers.responseId,
      questionId: surveyAnswers.questionId,
      item: surveyAnswers.item,
      value: surveyAnswers.value,
    })
    .from(surveyAnswers)
    .where(and(...answerConditions(survey.id, f)))
    .orderBy(asc(surveyAnswers.responseId))
    .all()
  const byResponse = new Map<number, typeof answers>()
  for (const a of answers) {
    const list = byResponse.get(a.responseId)
    if (list) list.push(a)
    else byResponse.set(a.responseId, [a])
  }
  const labelOf = new Map<number, Map<string, string>>(
    questions.map((q) => [q.id, new Map((q.options ?? []).map((o) => [o.value, loc(o.label, language)]))]),
  )
  const kindOf = new Map(questions.map((q) => [q.id, q.kind]))
  const rows = responses.map((r) => {
    // The response's answers by column: "question|statement" for a Likert row, "question|" otherwise.
    const byColumn = new Map<string, string[]>()
    for (const a of byResponse.get(r.id) ?? []) {
      const kind = kindOf.get(a.questionId)
      const key = `${a.questionId}|${kind === 'likert' ? a.item : ''}`
      const text =
        kind === 'single' || kind === 'multiple' || kind === 'likert'
          ? (labelOf.get(a.questionId)?.get(a.value) ?? a.value)
          : a.value
      byColumn.set(key, [...(byColumn.get(key) ?? []), text])
    }
    const cells = columns.map((c) => (byColumn.get(`${c.questionId}|${c.item ?? ''}`) ?? []).join('; '))
    return {
      id: r.id,
      completedAt: r.completedAt,
      background: [r.regionCode ?? '', r.language, r.memberType ?? ''] as Background,
      name: r.name ?? '',
      cells,
    }
  })
  if (!survey.anonymous) {
    return {
      columns: columns.map((c) => c.header),
      rows: rows.map((r) => [
        r.id,
        r.completedAt ? r.completedAt.toISOString() : '',
        ...r.background,
        r.name,
        ...r.cells,
      ]),
      hidden: 0,
    }
  }
  // Anonymous: rows in a fresh random order numbered 1…n (never the response id, whose order
  // follows time), the day only, and background fields coarsened until the group each row shows is
  // one the results page shows every figure of: its size and every count of every question. Counting
  // the file's rows by a group the page hides something of would give that figure (a "<5", or the
  // cover hiding it). A note column says what was hidden. A filter whose group has a hidden figure
  // gives no rows, for the same reason.
  const marks = marksOf(db, survey)
  if (hasFilters(f) && (isSmall(rows.length) || !marks.everyFigureShown(f)))
    return { columns: columns.map((c) => c.header), rows: [], hidden: rows.length }
  const shuffled = rows
    .map((r) => ({ r, key: crypto.randomBytes(8).readBigUInt64BE() }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.r)
  const protectedBackground = protectBackground(
    shuffled.map((r) => r.background),
    ([region, language, memberType]) =>
      marks.everyFigureShown({
        ...f,
        regionCode: (region as RegionCode | undefined) || f.regionCode,
        language: (language as Language | undefined) || f.language,
        memberType: (memberType as MemberType | undefined) || f.memberType,
      }),
  )
  return {
    columns: columns.map((c) => c.header),
    rows: shuffled.map((r, i) => {
      const { shown, hidden } = protectedBackground[i]
      return [
        i + 1,
        r.completedAt ? r.completedAt.toISOString().slice(0, 10) : '',
        ...shown,
        ...r.cells,
        hidden.join(', '),
      ]
    }),
    hidden: protectedBackground.filter((b) => b.hidden.length).length,
  }
}

type Background = [region: string, language: string, memberType: string]
const BACKGROUND_FIELDS = ['region', 'language', 'memberType'] as const
export type BackgroundField = (typeof BACKGROUND_FIELDS)[number]
export const HIDDEN = '—'

/**
 * The background of anonymous responses: a row's (region, language, member type) is shown only
 * if at least SMALL_GROUP rows share it and `groupShown` says the results page shows every figure
 * of that group; otherwise member type is hidden, then language, then region, until the remaining
 * combination passes (or everything is hidden). A part the respondent's record did not have
 * (empty) is not a group of the results page: only the count of rows decides there.
 */
export function protectBackground(
  rows: Background[],
  groupShown: (kept: string[]) => boolean = () => true,
): { shown: Background; hidden: BackgroundField[] }[] {
  const levels = [3, 2, 1, 0] // how many leading fields are kept
  const counts = levels.map((keep) => {
    const m = new Map<string, number>()
    for (const r of rows) {
      const k = r.slice(0, keep).join('|')
      m.set(k, (m.get(k) ?? 0) + 1)
    }
    return m
  })
  const verdicts = new Map<string, boolean>()
  const passes = (r: Background, keep: number, i: number) => {
    if (keep === 0) return true
    const kept = r.slice(0, keep)
    const k = kept.join('|')
    if ((counts[i].get(k) ?? 0) < SMALL_GROUP) return false
    if (kept.some((v) => v === '')) return true
    let verdict = verdicts.get(k)
    if (verdict === undefined) verdicts.set(k, (verdict = groupShown(kept)))
    return verdict
  }
  return rows.map((r) => {
    const level = levels.findIndex((keep, i) => passes(r, keep, i))
    const keep = levels[level]
    const shown = r.map((v, i) => (i < keep ? v : HIDDEN)) as Background
    return { shown, hidden: BACKGROUND_FIELDS.slice(keep).filter((_, i) => r[keep + i] !== '') as BackgroundField[] }
  })
}
