import type { LoaderFunctionArgs } from '@remix-run/node'
import ExcelJS from 'exceljs'

import { getDb } from '#db/client'
import { MEMBER_TYPES } from '#db/domain'
import { requireRole } from '~/guards.server'
import { isLanguage } from '~/i18n'
import { fixedT } from '~/i18n.server'
import { csvDelimiter, csvResponse } from '~/lib/csv.server'
import { languageName, zoneLabel } from '~/lib/format'
import { idParam } from '~/lib/params.server'
import { readSurveyQuery } from '~/lib/survey-query'
import { utcToZoned } from '~/lib/zoned'
import { getSurvey, surveyDefinition } from '~/services/surveys/builder.server'
import { exportRows, marksReady } from '~/services/surveys/results.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'summits'] }

/**
 * Submitted responses, one row each and one column per question, with labels in
 * the chosen language (`?lang=`), as CSV (UTF-8 with BOM, formula-like cells
 * neutralised) or XLSX (every answer a text cell, never a formula). The
 * dashboard's filters apply.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ['analyst', 'staff'])
  const viewer = await getViewer(request)
  const db = getDb()
  const survey = getSurvey(db, idParam(params.id))
  if (!survey || (params.format !== 'csv' && params.format !== 'xlsx')) throw new Response('Not found', { status: 404 })
  const url = new URL(request.url)
  const requested = url.searchParams.get('lang')
  const language = requested && isLanguage(requested) ? requested : viewer.language
  const t = fixedT(language, 'surveys')
  const { filters } = readSurveyQuery(url.searchParams, surveyDefinition(db, survey.id).questions)
  await marksReady(db, survey)
  const { columns, rows } = exportRows(db, survey, language, filters)
  // Background columns in words (not "es", "als_representative"); times in the reader's zone.
  const zone = viewer.timeZone
  for (const r of rows) {
    if (isLanguage(String(r[3]))) r[3] = languageName(String(r[3]), language)
    if ((MEMBER_TYPES as readonly string[]).includes(String(r[4]))) r[4] = t(`common:memberTypes.${r[4]}`)
    if (!survey.anonymous && r[1]) {
      const { date, time } = utcToZoned(new Date(String(r[1])), zone)
      r[1] = `${date} ${time}`
    }
  }
  const header = survey.anonymous
    ? [
        t('surveys.respondent'),
        t('surveys.completedOn'),
        t('participation:participation.region'),
        t('surveys.language'),
        t('surveys.memberType'),
        ...columns,
        t('surveys.privacyNote'),
      ]
    : [
        t('surveys.responseId'),
        t('surveys.completedIn', { zone: zoneLabel(zone) }),
        t('participation:participation.region'),
        t('surveys.language'),
        t('surveys.memberType'),
        t('summits:summits.name'),
        ...columns,
      ]
  if (survey.anonymous) {
    // Say in the file what was hidden, in the file's language.
    const note = t('surveys.privacyHidden')
    for (const r of rows) {
      const hidden = String(r[r.length - 1] ?? '')
      r[r.length - 1] = hidden
        ? `${note}: ${hidden
            .split(', ')
            .map((f) => t(`surveys.backgroundField.${f}`))
            .join(', ')}`
        : ''
    }
  }
  const name = `${survey.slug}-${language}`
  if (params.format === 'csv') return csvResponse(header, rows, `${name}.csv`, csvDelimiter(request, language))
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet(t('surveys.responsesSheet'))
  sheet.addRow(header).font = { bold: true }
  for (const r of rows) sheet.addRow(r.map((v, i) => (i === 0 ? Number(v) : String(v))))
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  if (survey.anonymous) {
    const about = book.addWorksheet(t('surveys.aboutSheet'))
    for (const line of [t('surveys.aboutAnonymous1'), t('surveys.aboutAnonymous2'), t('surveys.aboutAnonymous3')])
      about.addRow([line])
    about.getColumn(1).width = 120
  }
  sheet.columns.forEach((c, i) => (c.width = i < 5 ? 16 : 32))
  const buffer = await book.xlsx.writeBuffer()
  return new Response(buffer as ArrayBuffer, {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}.xlsx"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
