/**
 * Deciding what to hide without holding the server: the rule run in slices hides exactly what the
 * straightforward rule hid, other work runs between its slices, and a results page never reads a
 * decision made for older data.
 */
import { describe, expect, it } from 'vitest'

import * as s from '#db/schema'
import { runSliced, runToEnd } from '~/lib/slices'
import { LineBuilder, suppressCells, type SuppressionInput, suppressionSteps } from '~/lib/suppression'
import { rebuildCounts } from '~/services/surveys/answers.server'
import { getSurvey, surveyDefinition } from '~/services/surveys/builder.server'
import { computeMarks, surveyMarks, surveyMarksReady } from '~/services/surveys/small-groups.server'

import { freshDb } from './helpers/db'
import { suppressCells as reference } from './helpers/suppression-reference'

/** A random table: cells with many small counts and zeros, lines over random cells, some known, some equal. */
function randomInput(rand: () => number, cells: number, lineCount: number): SuppressionInput {
  const values = Array.from({ length: cells }, () => {
    const x = rand()
    return x < 0.3 ? 0 : x < 0.6 ? 1 + Math.floor(rand() * 4) : Math.floor(rand() * 30)
  })
  const lines = new LineBuilder()
  for (let l = 0; l < lineCount; l++) {
    const size = 2 + Math.floor(rand() * 5)
    const picked = new Set<number>()
    while (picked.size < size) picked.add(Math.floor(rand() * cells))
    const [total, ...members] = [...picked]
    lines.add(members, total)
  }
  const flags = (p: number) => Uint8Array.from({ length: cells }, () => (rand() < p ? 1 : 0))
  // Equal cells in rings of two.
  const tied = Int32Array.from({ length: cells }, (_, i) => i)
  for (let i = 0; i + 1 < cells; i += 2)
    if (rand() < 0.1) {
      tied[i] = i + 1
      tied[i + 1] = i
    }
  return {
    values,
    lines: lines.build(cells),
    narrowed: flags(0.8),
    frozen: flags(0.05),
    hidden: flags(0.02),
    weight: Uint8Array.from({ length: cells }, () => Math.floor(rand() * 4)),
    tied,
  }
}

describe('the rule in slices', () => {
  it('hides exactly what the straightforward rule hides, on 300 random tables', () => {
    let seed = 7
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    for (let t = 0; t < 300; t++) {
      const input = randomInput(rand, 20 + Math.floor(rand() * 200), 10 + Math.floor(rand() * 150))
      const expected = reference(input)
      expect(suppressCells(input), `table ${t}`).toEqual(expected)
      expect(runToEnd(suppressionSteps(input)), `table ${t}`).toEqual(expected)
    }
  })

  it('lets other work run between its slices, and ends with the same decision', async () => {
    let seed = 3
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const input = randomInput(rand, 200_000, 150_000)
    let ran = 0
    const other = setInterval(() => ran++, 0)
    const sliced = await runSliced(suppressionSteps(input), 1)
    clearInterval(other)
    expect(ran).toBeGreaterThan(0)
    expect(sliced).toEqual(suppressCells(input))
  })
})

describe('a survey’s stored decision', () => {
  const en = (t: string) => ({ en: t, fr: t, es: t })
  function anonymousSurvey() {
    const db = freshDb()
    const surveyId = db
      .insert(s.surveys)
      .values({ slug: 'fresh', title: en('Fresh'), mode: 'open', anonymous: true })
      .returning({ id: s.surveys.id })
      .get().id
    const sectionId = db
      .insert(s.surveySections)
      .values({ surveyId, position: 1, title: en('All') })
      .returning({ id: s.surveySections.id })
      .get().id
    const q = db
      .insert(s.surveyQuestions)
      .values({
        surveyId,
        sectionId,
        code: 'q1',
        position: 1,
        kind: 'single',
        required: true,
        text: en('Useful?'),
        options: [
          { value: 'yes', label: en('Yes') },
          { value: 'no', label: en('No') },
        ],
      })
      .returning()
      .get()
    const respond = (region: string, value: string) => {
      const { id } = db.$client
        .prepare(
          `insert into survey_responses (survey_id, region_code, language, member_type, status, created_at, completed_at)
           values (?, ?, 'en', 'als_representative', 'completed', 0, 0) returning id`,
        )
        .get(surveyId, region) as { id: number }
      db.$client
        .prepare(
          `insert into survey_answers (response_id, question_id, item, value, numeric_value, survey_id, completed,
             region_code, language, member_type) values (?, ?, '', ?, null, ?, 1, ?, 'en', 'als_representative')`,
        )
        .run(id, q.id, value, surveyId, region)
      rebuildCounts(db, surveyId)
    }
    for (const region of ['AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO'])
      for (let i = 0; i < 10; i++) respond(region, i < 6 ? 'yes' : 'no')
    const slice = (regionCode: string) => ({ regionCode, language: null, memberType: null, answer: null })
    return { db, surveyId, respond, slice, survey: () => getSurvey(db, surveyId)!, questionId: q.id }
  }

  it('a response arriving while the decision is computed: the page gets the decision for the new data', async () => {
    const { db, surveyId, respond, slice, survey, questionId } = anonymousSurvey()
    const questions = surveyDefinition(db, surveyId).questions
    await surveyMarksReady(db, survey(), questions)
    const before = surveyMarks(db, survey(), questions)
    // Every region: 6 yes, 4 no (small: hidden).
    expect(before.figure(questionId, slice('AFRALO'), 'o:no')).toBe(true)
    // A computation starts; a response arrives before it is read.
    const pending = surveyMarksReady(db, survey(), questions)
    for (let i = 0; i < 8; i++) respond('AFRALO', 'no')
    await pending
    const marks = surveyMarks(db, survey(), questions)
    const fresh = computeMarks(db, survey(), questions)
    // AFRALO now: 6 yes, 12 no: nothing small there any more.
    expect(fresh.figure(questionId, slice('AFRALO'), 'o:no')).toBe(false)
    expect(marks.figure(questionId, slice('AFRALO'), 'o:no')).toBe(false)
    for (const region of ['AFRALO', 'APRALO', 'EURALO', 'LACRALO', 'NARALO'])
      for (const column of ['answered', 'o:yes', 'o:no'])
        expect(marks.figure(questionId, slice(region), column), `${region} ${column}`).toBe(
          fresh.figure(questionId, slice(region), column),
        )
    // And what pages read afterwards is that decision, not the one kept before.
    expect(surveyMarks(db, survey(), questions).figure(questionId, slice('AFRALO'), 'o:no')).toBe(
      fresh.figure(questionId, slice('AFRALO'), 'o:no'),
    )
  })
})
