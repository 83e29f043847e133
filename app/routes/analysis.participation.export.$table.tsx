/** Every participation table as CSV (UTF-8 with BOM), for the same period and filters as the page. */
import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { fixedT } from '~/i18n.server'
import { csvDelimiter, csvResponse } from '~/lib/csv.server'
import { readMetricsQuery } from '~/lib/metrics-query'
import {
  type Figures,
  listRecords,
  monthlyTrends,
  peopleMetrics,
  RECORD_KINDS,
  regionMetrics,
  structureMetrics,
} from '~/services/metrics.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: ['analyst', 'staff'] })
  const t = fixedT(language, 'participation')
  // Rates as a percentage with one decimal, written as the reader's spreadsheet reads numbers ("86,5" in French).
  const decimal = new Intl.NumberFormat(language, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    useGrouping: false,
  })
  const rate = (r: number | null) => (r === null ? '' : decimal.format(Math.round(r * 1000) / 10))
  const db = getDb()
  const search = new URL(request.url).searchParams
  const { period, filters: f } = readMetricsQuery(search)
  const kinds = RECORD_KINDS.map((k) => t(`participation.kinds.${k}`))
  const figureColumns = [
    t('participation.active'),
    ...kinds,
    t('participation.webinarRate'),
    t('participation.meetingRate'),
    t('participation.total'),
  ]
  const figureCells = (x: Figures) => [
    x.activePeople,
    ...RECORD_KINDS.map((k) => x.counts[k]),
    rate(x.webinarAttendanceRate),
    rate(x.meetingAttendanceRate),
    x.total,
  ]
  const name = `participation-${params.table}-${period.fromText}-${period.toText}.csv`
  switch (params.table) {
    case 'regions':
      return csvResponse(
        [t('participation.region'), t('participation.members'), ...figureColumns],
        regionMetrics(db, period).map((r) => [r.regionCode, r.members, ...figureCells(r)]),
        name,
        csvDelimiter(request, language),
      )
    case 'months':
      return csvResponse(
        [t('participation.month'), ...kinds, t('participation.total')],
        monthlyTrends(db, period).map((m) => [m.month, ...RECORD_KINDS.map((k) => m.counts[k]), m.total]),
        name,
        csvDelimiter(request, language),
      )
    case 'structures': {
      const rows = structureMetrics(db, period, { regionCode: f.regionCode, inactiveMonths: f.inactiveMonths }).filter(
        (s) => !f.onlyInactive || s.inactive,
      )
      return csvResponse(
        [
          t('participation.structure'),
          t('participation.region'),
          t('participation.members'),
          ...figureColumns,
          t('participation.lastActivity', { zone: 'UTC' }),
          t('participation.inactive'),
        ],
        rows.map((s) => [
          s.name,
          s.regionCode,
          s.members,
          ...figureCells(s),
          s.lastActivity ? s.lastActivity.toISOString().slice(0, 10) : '',
          s.inactive ? t('staff:webinars.yes') : '',
        ]),
        name,
        csvDelimiter(request, language),
      )
    }
    case 'people': {
      const { rows } = peopleMetrics(db, period, {
        regionCode: f.regionCode,
        structureId: f.structureId,
        pageSize: 30_000,
      })
      return csvResponse(
        [t('participation.person'), t('participation.region'), t('participation.structure'), ...figureColumns.slice(1)],
        rows.map((p) => [p.name, p.regionCode, p.structureName, ...figureCells(p).slice(1)]),
        name,
        csvDelimiter(request, language),
      )
    }
    case 'records': {
      const { rows } = listRecords(
        db,
        period,
        { regionCode: f.regionCode, structureId: f.structureId, personId: f.personId, kind: f.kind },
        { limit: 500_000, language },
      )
      return csvResponse(
        [
          t('participation.date', { zone: 'UTC' }),
          t('participation.person'),
          t('participation.region'),
          t('participation.structure'),
          t('participation.what'),
          t('participation.about'),
        ],
        rows.map((r) => [
          r.occurredAt.toISOString(),
          r.name,
          r.regionCode,
          r.structureName,
          t(`participation.kinds.${r.kind}`),
          r.about,
        ]),
        name,
        csvDelimiter(request, language),
      )
    }
    default:
      throw new Response('Not found', { status: 404 })
  }
}
