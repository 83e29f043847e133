import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { isLanguage } from '~/i18n'
import { fixedT } from '~/i18n.server'
import { progressReportDocument } from '~/lib/progress-report-document.server'
import { isCalendarDate } from '~/lib/validation'
import { lastHalfYear, progressReport } from '~/services/progress-report.server'
import { requireViewer } from '~/viewer.server'

/**
 * The six-monthly progress update for `from`–`to` (calendar days) in `lang` (en, fr, es),
 * as a printable document of its own. A day that does not exist gives a 400, not a guess.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: ['analyst', 'staff'] })
  const url = new URL(request.url)
  const fallback = lastHalfYear()
  const from = url.searchParams.get('from') || fallback.from
  const to = url.searchParams.get('to') || fallback.to
  const lang = url.searchParams.get('lang') || language
  if (!isCalendarDate(from) || !isCalendarDate(to) || !isLanguage(lang)) {
    return new Response(fixedT(language, 'participation')('report.badPeriod'), {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    })
  }
  const html = progressReportDocument(progressReport(getDb(), from, to, lang))
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
