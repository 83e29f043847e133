/**
 * Channel demand for a webinar: registrations per channel, the attendance expected from past
 * show-up rates (by channel and region), each booth's coverage by interpreters, the deadline
 * by which each booth is confirmed or cancelled, and the decisions with their notes. After
 * the event: attendance by channel and interpreter hours per booth (also as CSV).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { ConfirmCheck } from '~/components/ConfirmCheck'
import { Field } from '~/components/Field'
import { ScrollRegion } from '~/components/ScrollRegion'
import { baseUrl, requireRole } from '~/guards.server'
import { isConfirmed, readForm } from '~/lib/form.server'
import { formatDateTime, formatNumber, languageInText, languageName } from '~/lib/format'
import { BOOTH_SIZE } from '~/lib/language-pairs'
import { pageTitle } from '~/lib/meta'
import { idParam } from '~/lib/params.server'
import { staffWebinar } from '~/lib/staff-webinar.server'
import { LanguageSchema, parseForm } from '~/lib/validation'
import {
  channelForecast,
  decideBooth,
  interpretationReport,
  setDecisionHours,
} from '~/services/channel-forecast.server'
import { boothCoverage } from '~/services/interpreters.server'
import { requireViewer } from '~/viewer.server'

export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'forecast')

const DecisionSchema = z.object({
  language: LanguageSchema,
  decision: z.enum(['confirmed', 'cancelled'], { error: 'errors.field.invalid' }),
  note: z.string().trim().max(1000, { error: 'errors.field.tooLong' }).default(''),
})
const HoursSchema = z.object({
  hours: z.coerce
    .number({ error: 'errors.field.wholeNumber' })
    .int({ error: 'errors.field.wholeNumber' })
    .min(1, { error: 'staff:forecast.errors.hours' })
    .max(720, { error: 'staff:forecast.errors.hours' }),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const id = idParam(params.id)
  const { event, title } = staffWebinar(id, language)
  const forecast = channelForecast(db, id)!
  const ended = event.endsAt <= new Date()
  return {
    id,
    title,
    language,
    timeZone,
    forecast: {
      ...forecast,
      deadline: forecast.deadline.toISOString(),
      channels: forecast.channels.map((c) => ({
        ...c,
        decision: c.decision ? { ...c.decision, decidedAt: c.decision.decidedAt.toISOString() } : null,
      })),
    },
    report: ended ? interpretationReport(db, id) : null,
    booths: boothCoverage(db, id, language).map((b) => ({
      language: b.language,
      covered: b.covered,
      assigned: b.assigned.map((a) => a.name),
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const id = idParam(params.id)
  staffWebinar(id)
  const form = await readForm(request)
  const here = `/staff/webinars/${id}/forecast`
  if (form.get('intent') === 'hours') {
    const parsed = parseForm(HoursSchema, form)
    if (!parsed.ok) return data({ errors: parsed.errors, language: null }, { status: 400 })
    setDecisionHours(getDb(), id, parsed.data.hours)
    return redirectWithNotice(request, here, 'notices.forecastHoursSaved')
  }
  const parsed = parseForm(DecisionSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors, language: String(form.get('language')) }, { status: 400 })
  // Cancelling mails the channel's registrants at once: it asks once, in the form.
  if (parsed.data.decision === 'cancelled' && !isConfirmed(form)) {
    return data(
      { errors: { confirm: ['staff:forecast.errors.confirmCancel'] }, language: parsed.data.language },
      { status: 400 },
    )
  }
  const result = decideBooth(getDb(), { eventId: id, ...parsed.data }, { actorId: staff.id }, { baseUrl: baseUrl() })
  if (!result.ok)
    return data(
      { errors: { decision: [`staff:forecast.errors.${result.error}`] }, language: parsed.data.language },
      { status: 409 },
    )
  return redirectWithNotice(
    request,
    `${here}#channel-${parsed.data.language}`,
    parsed.data.decision === 'cancelled'
      ? result.notified
        ? 'notices.boothCancelledTold'
        : 'notices.boothCancelled'
      : 'notices.boothConfirmed',
  )
}

/** Every region's rate rests on the same basis: it is said once, above the table. */
const oneBasis = (regions: { basis: string }[]) => new Set(regions.map((r) => r.basis)).size === 1

export default function Forecast() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const n = (x: number, digits = 0) => formatNumber(Number(x.toFixed(digits)), d.language)
  const f = d.forecast
  const covered = d.booths.filter((b) => b.covered).length
  return (
    <>
      <p>
        <Link to={`/staff/webinars/${d.id}`}>{d.title}</Link>
      </p>
      <h1>{t('forecast.title')}</h1>
      <p className="lede">{t('forecast.lede')}</p>
      <p className="hint">{t('forecast.cancelHint')}</p>
      {f.started ? null : (
        <>
          <p>
            <span className={`badge ${f.deadlinePassed ? 'warn' : ''}`}>
              {f.deadlinePassed ? t('forecast.deadlinePassed') : t('forecast.deadline')}
            </span>{' '}
            {formatDateTime(new Date(f.deadline), d.language, d.timeZone)}
          </p>
          <Form method="post" className="filters" noValidate>
            <input type="hidden" name="intent" value="hours" />
            <Field
              name="hours"
              label={t('forecast.hours')}
              type="number"
              defaultValue={String(f.decisionHours)}
              errors={actionData?.language === null ? actionData.errors.hours : undefined}
            />
            <div>
              <button type="submit" className="secondary">
                {t('forecast.saveHours')}
              </button>
            </div>
          </Form>
        </>
      )}

      {f.channels.length === 0 ? <p>{t('webinars.noChannels')}</p> : null}
      {d.booths.length ? (
        <p>
          <span className={`badge ${covered === d.booths.length ? 'ok' : 'warn'}`}>
            {t('booths.summary', { covered, total: d.booths.length })}
          </span>{' '}
          <Link to={`/staff/webinars/${d.id}/booths`}>{t('forecast.manageBooths')}</Link>
        </p>
      ) : null}
      <div className="card-list">
        {f.channels.map((c) => {
          const mine = actionData?.language === c.language ? actionData.errors : undefined
          const booth = d.booths.find((b) => b.language === c.language)
          return (
            <section key={c.language} className="card forecast-channel" aria-labelledby={`channel-${c.language}`}>
              <h2 id={`channel-${c.language}`}>
                {languageName(c.language, d.language)}{' '}
                {c.decision ? (
                  <span className={`badge ${c.decision.decision === 'cancelled' ? 'bad' : 'ok'}`}>
                    {t(`forecast.decision.${c.decision.decision}`)}
                  </span>
                ) : f.started ? null : (
                  <span className="badge warn">{t('forecast.undecided')}</span>
                )}
              </h2>
              <dl className="figures">
                <div>
                  <dt>{t('forecast.registered')}</dt>
                  <dd>{n(c.registered)}</dd>
                </div>
                <div>
                  <dt>{t('forecast.expected')}</dt>
                  <dd>{n(c.expected)}</dd>
                </div>
                <div>
                  <dt>{t('forecast.waitlisted')}</dt>
                  <dd>{n(c.waitlisted)}</dd>
                </div>
              </dl>
              {booth ? (
                <p>
                  <span className={`badge ${booth.covered ? 'ok' : 'warn'}`}>
                    {booth.covered
                      ? t('booths.covered')
                      : t('booths.notCovered', { count: booth.assigned.length, size: BOOTH_SIZE })}
                  </span>{' '}
                  {booth.assigned.length
                    ? t('forecast.interpretersInBooth', { names: booth.assigned.join(', ') })
                    : t('booths.empty')}
                </p>
              ) : null}
              {c.regions.length ? (
                <details>
                  <summary>{t('forecast.byRegion')}</summary>
                  {/* Said above the table (not as its caption) so it wraps to the card, not to a scrolled table. */}
                  {oneBasis(c.regions) ? (
                    <p className="hint" id={`basis-${c.language}`}>
                      {t('forecast.basisAll', { basis: t(`forecast.basis.${c.regions[0].basis}`) })}
                    </p>
                  ) : null}
                  <ScrollRegion label={t('forecast.byRegion')}>
                    <table
                      className="region-forecast"
                      aria-describedby={oneBasis(c.regions) ? `basis-${c.language}` : undefined}
                    >
                      <thead>
                        <tr>
                          <th scope="col">{t('forecast.region')}</th>
                          <th scope="col" className="num">
                            {t('forecast.registered')}
                          </th>
                          <th scope="col" className="num">
                            {t('forecast.rate')}
                          </th>
                          <th scope="col" className="num">
                            {t('forecast.expected')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {c.regions.map((r) => (
                          <tr key={r.region ?? '-'}>
                            <th scope="row">{r.region ?? t('forecast.noRegion')}</th>
                            <td className="num">{n(r.registered)}</td>
                            <td className="num">
                              <span className="nowrap">{n(r.rate * 100)} %</span>
                              {oneBasis(c.regions) ? null : (
                                <span className="hint">{t(`forecast.basis.${r.basis}`)}</span>
                              )}
                            </td>
                            <td className="num">{n(r.expected, 1)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </ScrollRegion>
                </details>
              ) : null}
              {c.decision ? (
                <p className="hint">
                  {t('forecast.decidedBy', {
                    name: c.decision.by ?? '—',
                    when: formatDateTime(new Date(c.decision.decidedAt), d.language, d.timeZone),
                  })}
                  {c.decision.note ? ` — ${c.decision.note}` : ''}
                </p>
              ) : null}
              {f.started ? null : (
                <>
                  <Form method="post" className="stack" noValidate>
                    <input type="hidden" name="language" value={c.language} />
                    <div className="field">
                      <label htmlFor={`note-${c.language}`}>
                        {t('forecast.note', { language: languageInText(c.language, d.language) })}
                      </label>
                      <textarea id={`note-${c.language}`} name="note" rows={2} defaultValue={c.decision?.note ?? ''} />
                    </div>
                    {mine?.decision ? (
                      <p className="field-error" role="alert">
                        {mine.decision.map((e: string) => t(e.includes(':') ? e : `common:${e}`)).join(' ')}
                      </p>
                    ) : null}
                    <div className="actions">
                      <button type="submit" name="decision" value="confirmed">
                        {t('forecast.confirm', { language: languageInText(c.language, d.language) })}
                      </button>
                    </div>
                  </Form>
                  {c.decision?.decision === 'cancelled' ? null : (
                    <details className="danger-zone" open={Boolean(mine?.confirm)}>
                      <summary>{t('forecast.cancel', { language: languageInText(c.language, d.language) })}</summary>
                      <Form method="post" className="stack" noValidate>
                        <input type="hidden" name="language" value={c.language} />
                        <input type="hidden" name="decision" value="cancelled" />
                        <div className="field">
                          <label htmlFor={`cancel-note-${c.language}`}>{t('forecast.cancelNote')}</label>
                          <textarea id={`cancel-note-${c.language}`} name="note" rows={2} />
                        </div>
                        <ConfirmCheck
                          label={t('forecast.cancelConfirm', {
                            language: languageInText(c.language, d.language),
                            count: c.registered,
                            number: n(c.registered),
                          })}
                          error={mine?.confirm ? t(mine.confirm[0]) : null}
                        />
                        <div className="actions">
                          <button type="submit" className="danger">
                            {t('forecast.cancel', { language: languageInText(c.language, d.language) })}
                          </button>
                        </div>
                      </Form>
                    </details>
                  )}
                </>
              )}
            </section>
          )
        })}
      </div>

      {d.report ? (
        <section aria-labelledby="after">
          <h2 id="after">{t('forecast.after')}</h2>
          <ScrollRegion label={t('forecast.after')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('forecast.channel')}</th>
                  <th scope="col">{t('forecast.registered')}</th>
                  <th scope="col">{t('forecast.attended')}</th>
                  <th scope="col">{t('forecast.interpreters')}</th>
                  <th scope="col">{t('forecast.interpreterHours')}</th>
                </tr>
              </thead>
              <tbody>
                {d.report.channels.map((c) => (
                  <tr key={c.language}>
                    <th scope="row">
                      {languageName(c.language, d.language)}
                      {c.cancelled ? ` (${t('forecast.decision.cancelled')})` : ''}
                    </th>
                    <td>{n(c.registered)}</td>
                    <td>{n(c.attended)}</td>
                    <td>{c.interpreters.join(', ') || '—'}</td>
                    <td>{n(c.interpreterHours, 2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <p>
            <a href={`/staff/webinars/${d.id}/interpretation.csv`} download>
              {t('forecast.csv')}
            </a>
          </p>
        </section>
      ) : null}
    </>
  )
}
