/** Lists for the travel team and the hotel, as CSV (UTF-8 with BOM), times local to the venue. */
import type { LoaderFunctionArgs } from '@remix-run/node'

import { fixedT } from '~/i18n.server'
import { csvDelimiter, csvResponse } from '~/lib/csv.server'
import { zoneLabel } from '~/lib/format'
import { staffSummit } from '~/lib/staff-summit.server'
import { utcToZoned } from '~/lib/zoned'
import { summitGroups } from '~/services/summits/groups.server'
import { travelList } from '~/services/summits/travel.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'staff'] }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, db, id, summit } = await staffSummit(request, params)
  const t = fixedT(language, 'summits')
  const local = (d: Date | null) => (d ? (({ date, time }) => `${date} ${time}`)(utcToZoned(d, summit.timeZone)) : '')
  const rows = travelList(db, id)
  if (params.list === 'travel') {
    return csvResponse(
      [
        t('summits.name'),
        t('summits.email'),
        t('participation:participation.region'),
        t('summits.funding'),
        `${t('mySummit.arrival')} (${zoneLabel(summit.timeZone)})`,
        t('mySummit.carrier'),
        `${t('mySummit.departure')} (${zoneLabel(summit.timeZone)})`,
        t('mySummit.carrier'),
        t('mySummit.visa'),
        t('mySummit.contactName'),
        t('mySummit.contactPhone'),
        t('summits.missingColumn'),
      ],
      rows.map((r) => [
        r.name,
        r.email,
        r.regionCode,
        t(`summits.fundings.${r.funding}`),
        local(r.arrivalAt),
        r.arrivalCarrier,
        local(r.departureAt),
        r.departureCarrier,
        r.visaLetterNeeded ? t('staff:webinars.yes') : '',
        r.emergencyContactName,
        r.emergencyContactPhone,
        r.missing.map((m) => t(`mySummit.short.${m}`)).join(', '),
      ]),
      `travel-${summit.slug}.csv`,
      csvDelimiter(request, language),
    )
  }
  if (params.list === 'rooming') {
    return csvResponse(
      [
        t('summits.name'),
        t('mySummit.hotel'),
        t('mySummit.nights'),
        `${t('mySummit.arrival')} (${zoneLabel(summit.timeZone)})`,
        `${t('mySummit.departure')} (${zoneLabel(summit.timeZone)})`,
        t('mySummit.dietary'),
        t('mySummit.accessibility'),
      ],
      rows
        .filter((r) => r.funding === 'funded' || r.hotel)
        .map((r) => [
          r.name,
          r.hotel,
          r.hotelNights,
          local(r.arrivalAt),
          local(r.departureAt),
          r.dietaryNeeds,
          r.accessibilityNeeds,
        ]),
      `rooming-${summit.slug}.csv`,
      csvDelimiter(request, language),
    )
  }
  if (params.list === 'groups') {
    return csvResponse(
      [
        t('summits.group'),
        t('summits.name'),
        t('summits.email'),
        t('participation:participation.region'),
        t('summits.role'),
        t('summits.reportStatus'),
      ],
      summitGroups(db, id, language).flatMap((g) =>
        g.members.map((m) => [
          g.name,
          m.name,
          rows.find((r) => r.personId === m.personId)?.email ?? '',
          m.regionCode,
          t(`participation:workingGroups.roles.${m.role}`),
          t(`summits.reportStatuses.${g.reportStatus}`),
        ]),
      ),
      `groups-${summit.slug}.csv`,
      csvDelimiter(request, language),
    )
  }
  throw new Response('Not found', { status: 404 })
}
