/**
 * The time-zone fairness planner: for a proposed slot (or a weekly series) and an intended
 * audience (a saved audience or a working group), the share of each region for whom it
 * falls between 07:00 and 22:00 local time, the week's best three slots, and for a series
 * how the inconvenient hours fall on each region with a rotation that shares them. A GET
 * form: nothing is stored, and a result can be linked to.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { REGION_CODES } from '#db/domain'
import { Field } from '~/components/Field'
import { ScrollRegion } from '~/components/ScrollRegion'
import { TimeZoneSelect } from '~/components/TimeZoneSelect'
import { bestSlots, seriesBurden, slotShares, suggestRotation, type ZoneGroup } from '~/lib/fairness'
import { formatDateTime, formatNumber, formatTime, isTimeZone, timeZones } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { utcToZoned, zonedToUtc } from '~/lib/zoned'
import { intendedZones, plannerChoices } from '~/services/fairness.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'planner')

const DAY = 86400_000
const REGION_ORDER = [...REGION_CODES, 'none']
const byRegionOrder = <T extends { region: string }>(rows: T[]) =>
  [...rows].sort((a, b) => REGION_ORDER.indexOf(a.region) - REGION_ORDER.indexOf(b.region))

/** The zone most of a region's people are in (to show the slot's local time there). */
function mainZones(groups: ZoneGroup[]): Map<string, string> {
  const best = new Map<string, ZoneGroup>()
  for (const g of groups) if ((best.get(g.region)?.people ?? -1) < g.people) best.set(g.region, g)
  return new Map([...best].map(([region, g]) => [region, g.timeZone]))
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, timeZone: viewerZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const params = new URL(request.url).searchParams
  const values = {
    audience: params.get('audience') ?? '',
    group: params.get('group') ?? '',
    date: params.get('date') ?? '',
    time: params.get('time') ?? '',
    zone: params.get('zone') || viewerZone,
    duration: params.get('duration') || '60',
    sessions: params.get('sessions') || '1',
  }
  const base = { language, viewerZone, values, choices: plannerChoices(db, language), zones: timeZones() }
  // Opened from a form with no date yet (or bare): the form, prefilled, without errors.
  if (!params.get('date') && !params.get('time')) return { ...base, errors: null, result: null }

  const errors: Record<string, string[]> = {}
  const id = (v: string) => (/^[0-9]{1,9}$/.test(v) ? Number(v) : null)
  const groups =
    id(values.group) !== null
      ? intendedZones(db, { workingGroupId: id(values.group)! })
      : id(values.audience) !== null
        ? intendedZones(db, { audienceId: id(values.audience)! })
        : null
  if (!groups) errors.intended = ['staff:planner.errors.intended']
  else if (!groups.length) errors.intended = ['staff:planner.errors.empty']
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date) || !zonedToUtc(values.date, '12:00', 'UTC'))
    errors.date = ['errors.webinar.date']
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(values.time)) errors.time = ['errors.webinar.time']
  if (!isTimeZone(values.zone)) errors.zone = ['errors.field.timeZone']
  const duration = Number(values.duration)
  if (!Number.isInteger(duration) || duration < 15 || duration > 480)
    errors.duration = ['staff:planner.errors.duration']
  const sessions = Number(values.sessions)
  if (!Number.isInteger(sessions) || sessions < 1 || sessions > 26) errors.sessions = ['staff:planner.errors.sessions']
  const start = errors.date || errors.time || errors.zone ? null : zonedToUtc(values.date, values.time, values.zone)
  if (!start && !errors.date && !errors.time && !errors.zone) errors.date = ['errors.webinar.date']
  if (Object.keys(errors).length || !groups || !start) return { ...base, errors, result: null }

  const regions = REGION_ORDER.filter((r) => groups.some((g) => g.region === r))
  const slot = slotShares(groups, start.getTime(), duration, regions)
  // The week of the proposed date, from its Monday at 00:00 in the chosen zone.
  const weekday = (new Date(`${values.date}T00:00:00Z`).getUTCDay() + 6) % 7
  const monday = new Date(new Date(`${values.date}T00:00:00Z`).getTime() - weekday * DAY).toISOString().slice(0, 10)
  const weekStart = zonedToUtc(monday, '00:00', values.zone)!.getTime()
  const best = bestSlots(groups, { weekStart, durationMinutes: duration })
  const weekly = Array.from({ length: sessions }, (_, i) => {
    // The same local time each week (in the chosen zone), whatever DST does.
    const day = new Date(new Date(`${values.date}T00:00:00Z`).getTime() + i * 7 * DAY).toISOString().slice(0, 10)
    return zonedToUtc(day, values.time, values.zone)!.getTime()
  })
  const zonesOf = mainZones(groups)
  const local = (at: number, region: string) => {
    const zone = zonesOf.get(region)!
    return {
      zone,
      from: formatTime(at, language, zone),
      to: formatTime(at + duration * 60_000, language, zone),
    }
  }
  const series = (starts: number[]) => {
    const b = seriesBurden(groups, starts, duration)
    return {
      sessions: b.sessions.map((s) => ({ start: s.start, overall: s.overall, regions: byRegionOrder(s.regions) })),
      regions: byRegionOrder(b.regions),
    }
  }
  return {
    ...base,
    errors: null,
    result: {
      start: start.getTime(),
      duration,
      slot: {
        overall: slot.overall,
        regions: byRegionOrder(slot.regions).map((r) => ({ ...r, local: local(start.getTime(), r.region) })),
      },
      best: best.map((b) => ({ ...b, link: utcToZoned(new Date(b.start), values.zone) })),
      series: sessions > 1 ? series(weekly) : null,
      rotation:
        sessions > 1 ? series(suggestRotation(groups, { weekStart, durationMinutes: duration, sessions })) : null,
    },
  }
}

const pct = (share: number, language: string) =>
  new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(share)

type SeriesData = NonNullable<NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['result']>['series']>

/** A series' sessions × regions (share at a reasonable hour), with each region's burden at the foot. */
function SeriesTable({ data, caption, zone }: { data: SeriesData; caption: string; zone: string }) {
  const { t } = useTranslation('staff')
  const { language } = useLoaderData<typeof loader>()
  return (
    <ScrollRegion>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('planner.session')}</th>
            {data.regions.map((r) => (
              <th key={r.region} scope="col" className="num">
                {regionLabel(r.region, t)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.sessions.map((s) => (
            <tr key={s.start}>
              <th scope="row" className="nowrap">
                {formatDateTime(s.start, language, zone)}
              </th>
              {s.regions.map((r) => (
                <td key={r.region} className={`num ${r.share < 1 ? 'warn-text' : ''}`}>
                  {pct(r.share, language)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('planner.burden')}</th>
            {data.regions.map((r) => (
              <td key={r.region} className="num">
                {t('planner.burdenValue', {
                  count: r.inconvenientSessions,
                  sessions: formatNumber(r.inconvenientSessions, language),
                  burden: formatNumber(Math.round(r.burden * 10) / 10, language),
                })}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </ScrollRegion>
  )
}

const regionLabel = (region: string, t: (key: string) => string) => (region === 'none' ? t('planner.noRegion') : region)

export default function Planner() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const { values, result, errors, language } = d
  const when = (at: number) => formatDateTime(at, language, values.zone)
  const linkFor = (date: string, time: string) => {
    const p = new URLSearchParams({ ...values, date, time, sessions: '1' })
    return `/staff/planner?${p}`
  }
  return (
    <>
      <h1>{t('planner.title')}</h1>
      <p className="lede">{t('planner.lede')}</p>
      <Form method="get" className="stack wide" noValidate>
        {errors ? (
          <p className="error-summary" role="alert">
            {t('common:errors.form.fix')}
          </p>
        ) : null}
        <fieldset>
          <legend>{t('planner.intended')}</legend>
          <p className="hint">{t('planner.intendedHint')}</p>
          <div className="filters">
            <Field name="group" label={t('planner.group')} errors={errors?.intended}>
              {(p) => (
                <select {...p} defaultValue={values.group}>
                  <option value="">—</option>
                  {d.choices.groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="audience" label={t('planner.audience')}>
              {(p) => (
                <select {...p} defaultValue={values.audience}>
                  <option value="">—</option>
                  {d.choices.audiences.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        </fieldset>
        <div className="filters">
          <Field
            name="date"
            label={t('webinarForm.date')}
            type="date"
            errors={errors?.date}
            defaultValue={values.date}
          />
          <Field
            name="time"
            label={t('webinarForm.time')}
            type="time"
            errors={errors?.time}
            defaultValue={values.time}
          />
          <Field name="zone" label={t('webinarForm.timeZone')} errors={errors?.zone}>
            {(p) => <TimeZoneSelect inputProps={p} zones={d.zones} value={values.zone} />}
          </Field>
        </div>
        <div className="filters">
          <Field
            name="duration"
            label={t('planner.duration')}
            type="number"
            errors={errors?.duration}
            defaultValue={values.duration}
          />
          <Field
            name="sessions"
            label={t('planner.sessions')}
            hint={t('planner.sessionsHint')}
            type="number"
            errors={errors?.sessions}
            defaultValue={values.sessions}
          />
        </div>
        <div>
          <button type="submit">{t('planner.check')}</button>
        </div>
      </Form>

      {result ? (
        <>
          <section aria-labelledby="slot-heading">
            <h2 id="slot-heading">{t('planner.slotTitle', { when: when(result.start) })}</h2>
            <p role="status">
              {t('planner.overall', {
                share: pct(result.slot.overall.share, language),
                convenient: formatNumber(result.slot.overall.convenient, language),
                people: formatNumber(result.slot.overall.people, language),
              })}
            </p>
            <ScrollRegion>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('planner.region')}</th>
                    <th scope="col">{t('planner.localTime')}</th>
                    <th scope="col" className="num">
                      {t('planner.share')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {result.slot.regions.map((r) => (
                    <tr key={r.region}>
                      <th scope="row">{regionLabel(r.region, t)}</th>
                      <td>
                        {r.local.from}–{r.local.to}
                        <span className="hint">{r.local.zone}</span>
                      </td>
                      <td className={`num ${r.share < 1 ? 'warn-text' : ''}`}>
                        {pct(r.share, language)}
                        <span className="hint">
                          {t('planner.ofPeople', {
                            convenient: formatNumber(r.convenient, language),
                            people: formatNumber(r.people, language),
                          })}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </section>

          <section aria-labelledby="best-heading">
            <h2 id="best-heading">{t('planner.bestTitle')}</h2>
            <ol>
              {result.best.map((b) => (
                <li key={b.start}>
                  <Link to={linkFor(b.link.date, b.link.time)}>{when(b.start)}</Link> ·{' '}
                  {t('planner.bestLine', {
                    share: pct(b.overall, language),
                    worst: pct(b.worstRegion, language),
                  })}
                </li>
              ))}
            </ol>
          </section>

          {result.series && result.rotation ? (
            <section aria-labelledby="series-heading">
              <h2 id="series-heading">{t('planner.seriesTitle')}</h2>
              <p className="hint">{t('planner.seriesHint')}</p>
              <SeriesTable data={result.series} caption={t('planner.asProposed')} zone={values.zone} />
              <SeriesTable data={result.rotation} caption={t('planner.rotation')} zone={values.zone} />
            </section>
          ) : null}
        </>
      ) : null}
    </>
  )
}
