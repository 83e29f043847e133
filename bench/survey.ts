/**
 * `npm run bench:survey`: a survey of 20 questions (every kind) with 100,000
 * submitted responses, then the analyst's dashboard as its page computes it
 * (rates, every question's summary, one cross-tab, one filter, the first page of
 * free text), against the limit: one hand-written GROUP BY over the answers
 * table. Median of 7 runs after a warm-up. Last line:
 * {"responses","dashboard_ms","baseline_ms","ratio","filtered_ms","crosstab_ms","free_text_ms","marks_ms",
 * "table_ms","hide_ms","marks_sliced_ms","max_event_loop_lag_ms","marks_sync_lag_ms","peak_rss_mb"}:
 * the dashboard filtered by a choice answer, a cross-tab of one choice question by another,
 * the first page of a free-text question, and deciding which figures of this anonymous survey
 * to hide (the whole survey's table at once, as after each submission; pages reuse it until the
 * next one): all at once (marks_ms: building the table, table_ms, then deciding, hide_ms) and as
 * the server does it, in slices that let other requests run (marks_sliced_ms). Each step's
 * longest event-loop stall is measured with `monitorEventLoopDelay` (max_event_loop_lag_ms: the
 * sliced decision; marks_sync_lag_ms: the same work done at once, what a request waited before).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'

import { sql } from 'drizzle-orm'

import { runSliced } from '~/lib/slices'
import { suppressCells } from '~/lib/suppression'
import { rebuildCounts } from '~/services/surveys/answers.server'
import { getSurvey, surveyDefinition } from '~/services/surveys/builder.server'
import {
  crossTab,
  dashboard,
  freeText,
  NO_FILTERS,
  responseRates,
  type ResultFilters,
} from '~/services/surveys/results.server'
import { computeMarks, computeMarksSteps, surveyTable } from '~/services/surveys/small-groups.server'

import { openDatabase } from '../db/client'
import * as s from '../db/schema'
import { size, SMOKE } from './size'

const RESPONSES = Number(process.env.RESPONSES ?? size(100_000, 500))
let seed = 11
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-survey-'))
const db = openDatabase(path.join(dir, 'app.db'))
let peakRss = 0
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss))
const timer = setInterval(sample, 50)

const t0 = performance.now()
const en = (t: string) => ({ en: t, fr: `${t} (fr)`, es: `${t} (es)` })
const options = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ value: `o${i + 1}`, label: en(`Option ${i + 1}`) }))
const KINDS: (typeof s.QUESTION_KINDS)[number][] = [
  'single',
  'single',
  'single',
  'single',
  'single',
  'multiple',
  'multiple',
  'multiple',
  'likert',
  'likert',
  'rating',
  'rating',
  'nps',
  'number',
  'number',
  'short_text',
  'short_text',
  'long_text',
  'long_text',
  'long_text',
]
const surveyId = db
  .insert(s.surveys)
  .values({ slug: 'bench', title: en('Bench survey'), mode: 'invitation', anonymous: true })
  .returning({ id: s.surveys.id })
  .get().id
const sectionId = db
  .insert(s.surveySections)
  .values({ surveyId, position: 1, title: en('All') })
  .returning({ id: s.surveySections.id })
  .get().id
const questions = KINDS.map((kind, i) =>
  db
    .insert(s.surveyQuestions)
    .values({
      surveyId,
      sectionId,
      code: `q${i + 1}`,
      position: i + 1,
      kind,
      required: i < 5,
      text: en(`Question ${i + 1}`),
      options:
        kind === 'single' ? options(5) : kind === 'multiple' ? options(6) : kind === 'likert' ? options(5) : null,
      statements:
        kind === 'likert'
          ? Array.from({ length: 4 }, (_, k) => ({ value: `st${k + 1}`, label: en(`Statement ${k + 1}`) }))
          : null,
      minValue: kind === 'number' ? 0 : null,
      maxValue: kind === 'number' ? 100 : null,
    })
    .returning()
    .get(),
)
const client = db.$client
const insertResponse = client.prepare(
  `insert into survey_responses (survey_id, region_code, language, member_type, status, created_at, completed_at) values (?, ?, ?, ?, 'completed', ?, ?) returning id`,
)
const insertAnswer = client.prepare(
  `insert into survey_answers (response_id, question_id, item, value, numeric_value, survey_id, completed, region_code, language, member_type) values (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
)
const words = [
  'useful',
  'interpretation',
  'mentor',
  'agenda',
  'time zone',
  'recording',
  'slides',
  'speakers',
  'questions',
  'network',
]
client.transaction(() => {
  for (let r = 0; r < RESPONSES; r++) {
    const region = s.REGION_CODES[Math.floor(rand() * 5)]
    const language = s.LANGUAGES[Math.floor(rand() * 3)]
    const memberType = s.MEMBER_TYPES[Math.floor(rand() * 4)]
    const at = Date.now() - Math.floor(rand() * 30 * 86400_000)
    const { id } = insertResponse.get(surveyId, region, language, memberType, at - 600_000, at) as { id: number }
    const add = (q: number, item: string, value: string, n: number | null) =>
      insertAnswer.run(id, q, item, value, n, surveyId, region, language, memberType)
    for (const q of questions) {
      if (!q.required && rand() < 0.1) continue
      switch (q.kind) {
        case 'single':
          add(q.id, '', `o${1 + Math.floor(rand() * rand() * 5)}`, null)
          break
        case 'multiple':
          for (let o = 1; o <= 6; o++) if (rand() < 0.3) add(q.id, `o${o}`, `o${o}`, null)
          break
        case 'likert':
          for (let k = 1; k <= 4; k++) {
            const v = 1 + Math.floor(rand() * 5)
            add(q.id, `st${k}`, `o${v}`, v)
          }
          break
        case 'rating':
        case 'nps':
        case 'number': {
          const v =
            q.kind === 'rating'
              ? 1 + Math.floor(rand() * 5)
              : q.kind === 'nps'
                ? Math.floor(rand() * 11)
                : Math.floor(rand() * 101)
          add(q.id, '', String(v), v)
          break
        }
        default:
          if (rand() < 0.4)
            add(
              q.id,
              '',
              `${words[Math.floor(rand() * words.length)]} and ${words[Math.floor(rand() * words.length)]}`,
              null,
            )
      }
    }
  }
})()
// Submitting maintains the counts one response at a time; a bulk load recounts once.
rebuildCounts(db, surveyId)
client.exec('analyze')
const built = (performance.now() - t0) / 1000
const answers = db.get<{ n: number }>(sql`select count(*) as n from survey_answers`)!.n

const survey = getSurvey(db, surveyId)!
const filter: ResultFilters = { regionCode: 'AFRALO', language: null, memberType: null, answer: null }
const cross = { questionId: questions[0].id, by: 'language' as const }
const textQuestions = surveyDefinition(db, surveyId).questions.filter(
  (q) => q.kind === 'short_text' || q.kind === 'long_text',
)
const full = () => {
  responseRates(db, survey)
  const board = dashboard(db, { survey, language: 'en', filters: filter, cross: cross })
  for (const q of textQuestions) freeText(db, { survey, questionId: q.id, filters: filter })
  return board
}
// The limit: the GROUP BY one would write by hand for this survey's results (it reads the same covering index).
const baseline = () =>
  db.all(
    sql`select question_id, item, value, count(*) as n from survey_answers where survey_id = ${surveyId} and completed = 1 group by question_id, item, value`,
  )
if (process.env.PROFILE) {
  for (const [name, fn] of Object.entries({
    rates: () => responseRates(db, survey),
    board: () => dashboard(db, { survey, language: 'en', filters: filter, cross: cross }),
    boardNoFilter: () =>
      dashboard(db, {
        survey,
        language: 'en',
        filters: { regionCode: null, language: null, memberType: null, answer: null },
        cross: cross,
      }),
    text: () => textQuestions.forEach((q) => freeText(db, { survey, questionId: q.id, filters: filter })),
  })) {
    const a = performance.now()
    fn()
    console.log(name, Math.round(performance.now() - a), 'ms')
  }
}

const median = (fn: () => unknown) => {
  fn()
  const times = Array.from({ length: 7 }, () => {
    const a = performance.now()
    fn()
    sample()
    return performance.now() - a
  }).sort((a, b) => a - b)
  return Math.round(times[3] * 10) / 10
}
const board = full()
const dashboardMs = median(full)
const baselineMs = median(baseline)
// Filtering by a choice answer reads the pair counts (decision 018).
const byAnswer = median(() =>
  dashboard(db, {
    survey,
    language: 'en',
    filters: { ...filter, answer: { questionId: questions[0].id, value: 'o1' } },
    cross: cross,
  }),
)
// A cross-tab of the first choice question by the second, over every submitted response.
const definition = surveyDefinition(db, surveyId).questions
const crosstabMs = median(() =>
  crossTab(db, {
    survey,
    questions: definition,
    questionId: questions[0].id,
    by: `q${questions[1].id}`,
    language: 'en',
    filters: NO_FILTERS,
  }),
)
// The first page of one free-text question's answers, unfiltered (the count and 50 answers).
const freeTextMs = median(() => freeText(db, { survey, questionId: textQuestions[0].id, filters: NO_FILTERS }))
// Which figures to hide, computed afresh (what the first page view after a submission pays).
// Fewer runs: each is a second or more, and the smoke run must stay quick.
const slow = (fn: () => unknown) => {
  const runs = SMOKE ? 1 : 3
  const times = Array.from({ length: runs }, () => {
    const a = performance.now()
    fn()
    sample()
    return performance.now() - a
  }).sort((a, b) => a - b)
  return Math.round(times[Math.floor(runs / 2)] * 10) / 10
}
const marksMs = slow(() => computeMarks(db, survey, definition))
const tableMs = slow(() => surveyTable(db, survey, definition))
const table = surveyTable(db, survey, definition)
const hideMs = slow(() => suppressCells(table))

/**
 * A step's duration and the longest the event loop was held meanwhile: `monitorEventLoopDelay`'s
 * largest delay, and a timer due every millisecond (another request waiting) and how late it ran.
 */
async function step(name: string, fn: () => unknown) {
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  let last = performance.now()
  let worst = 0
  const probe = setInterval(() => {
    const now = performance.now()
    worst = Math.max(worst, now - last)
    last = now
  }, 1)
  histogram.enable()
  await new Promise((resolve) => setTimeout(resolve, 20))
  worst = 0
  const a = performance.now()
  await fn()
  const ms = performance.now() - a
  await new Promise((resolve) => setTimeout(resolve, 10))
  histogram.disable()
  clearInterval(probe)
  sample()
  const lag = Math.round(Math.max(worst, histogram.max / 1e6) * 10) / 10
  steps.push({ name, ms: Math.round(ms * 10) / 10, lag })
  return { ms: Math.round(ms * 10) / 10, lag }
}
const steps: { name: string; ms: number; lag: number }[] = []
await step('dashboard (rates, summaries, cross-tab, filter, free text)', full)
await step('build the table of every figure, at once', () => surveyTable(db, survey, definition))
await step('deciding what to hide alone (the rule), at once', () => suppressCells(table))
await step('decide what to hide (table + rule), at once', () => computeMarks(db, survey, definition))
const marksSync = steps.at(-1)!
const marksSliced = await step('decide what to hide, in slices (as pages and the worker do)', () =>
  runSliced(computeMarksSteps(db, survey, definition)),
)
clearInterval(timer)
console.log(
  `data set: ${RESPONSES} responses, ${questions.length} questions (${[...new Set(KINDS)].join(', ')}), ${answers} answer rows (built in ${built.toFixed(1)} s)`,
)
console.log(
  `dashboard: rates + ${board.summaries.length} summaries + cross-tab by language + filter region=AFRALO (${board.respondents} respondents) + free text, ${dashboardMs} ms`,
)
console.log(`same dashboard filtered by a choice answer as well (from the pair counts): ${byAnswer} ms`)
console.log(`cross-tab of a choice question by another over all responses: ${crosstabMs} ms`)
console.log(`first page of one free-text question, unfiltered: ${freeTextMs} ms`)
console.log(
  `which figures of the anonymous survey to hide, for every page at once (after a submission): ${marksMs} ms (table ${tableMs} ms, deciding ${hideMs} ms)`,
)
console.log('\nstep'.padEnd(70) + 'ms'.padStart(10) + 'max_event_loop_lag_ms'.padStart(24))
for (const s of steps) console.log(s.name.padEnd(69) + String(s.ms).padStart(10) + String(s.lag).padStart(24))
console.log('')
console.log(
  `baseline: one hand-written GROUP BY question_id, item, value over the survey's submitted answers, ${baselineMs} ms`,
)
fs.rmSync(dir, { recursive: true, force: true })
console.log(
  JSON.stringify({
    responses: RESPONSES,
    dashboard_ms: dashboardMs,
    baseline_ms: baselineMs,
    ratio: Math.round((dashboardMs / baselineMs) * 100) / 100,
    filtered_ms: byAnswer,
    crosstab_ms: crosstabMs,
    free_text_ms: freeTextMs,
    marks_ms: marksMs,
    table_ms: tableMs,
    hide_ms: hideMs,
    marks_sliced_ms: marksSliced.ms,
    max_event_loop_lag_ms: marksSliced.lag,
    marks_sync_lag_ms: marksSync.lag,
    peak_rss_mb: Math.round(peakRss / 1024 / 1024),
  }),
)
