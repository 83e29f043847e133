import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import type { Language } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { ScrollRegion } from '~/components/ScrollRegion'
import { formatDate } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { IdSchema, isCalendarDate, parseForm } from '~/lib/validation'
import { isoDate, trackerHistory, trackerOverview, updateMilestone } from '~/services/tracker.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'tracker')

const MilestoneSchema = z.object({
  milestoneId: IdSchema,
  percentComplete: z
    .string({ error: 'errors.tracker.percent' })
    .trim()
    .regex(/^[0-9]{1,3}$/, { error: 'errors.tracker.percent' })
    .transform(Number)
    .refine((v) => v <= 100, { error: 'errors.tracker.percent' }),
  proposedEndDate: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isCalendarDate(v), { error: 'errors.webinar.date' }),
  notes: z.string().trim().max(2000, { error: 'errors.field.tooLong' }).optional().default(''),
})

const SIX_MONTHS_MS = 183 * 86400_000

export async function loader({ request }: LoaderFunctionArgs) {
  const { person: person, language } = await requireViewer(request, { role: ['analyst', 'staff'] })
  const sinceParam = new URL(request.url).searchParams.get('since') ?? ''
  // A date that does not exist (2020-99-99) falls back to six months ago, like no date at all.
  const since = isCalendarDate(sinceParam) ? new Date(`${sinceParam}T00:00:00Z`) : new Date(Date.now() - SIX_MONTHS_MS)
  const db = getDb()
  return {
    language,
    canEdit: person.roles.includes('staff'),
    since: isoDate(since),
    items: trackerOverview(db, language),
    history: trackerHistory(db, language, since),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { person: staff, language } = await requireViewer(request, { role: 'staff' })
  const parsed = parseForm(MilestoneSchema, await request.formData())
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  const { milestoneId, ...update } = parsed.data
  if (!updateMilestone(getDb(), { milestoneId, ...update, notesLanguage: language }, { actorId: staff.id })) {
    throw new Response('Not found', { status: 404 })
  }
  return redirectWithNotice(request, `/analysis/tracker#milestone-${milestoneId}`, 'notices.milestoneSaved')
}

function day(iso: string | null, language: Language) {
  return iso ? formatDate(new Date(`${iso}T00:00:00Z`), language, 'UTC') : null
}

export default function Tracker() {
  const { t } = useTranslation('participation')
  const { language, canEdit, since, items, history } = useLoaderData<typeof loader>()
  const errors = useActionData<typeof action>()?.errors as Record<string, string[] | undefined> | undefined
  return (
    <article className="tracker">
      <h1>{t('tracker.title')}</h1>
      <p className="lede">{t('tracker.intro')}</p>
      <p className="no-print">
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t('tracker.print')}
        </button>{' '}
        <span className="muted">{t('tracker.printHint')}</span>
      </p>
      {errors ? (
        <p className="error-summary" role="alert">
          {Object.values(errors)
            .flat()
            .map((e) => t(`common:${e}`))
            .join(' ')}
        </p>
      ) : null}
      {items.map((item) => (
        <section key={item.id} aria-labelledby={`item-${item.id}`}>
          <h2 id={`item-${item.id}`} lang={item.title.language}>
            {t('tracker.item', { number: item.number, title: item.title.text })}
          </h2>
          <p lang={item.description.language}>{item.description.text}</p>
          <p className="muted">
            {t('tracker.started', { date: day(item.startDate, language) })} ·{' '}
            {t('tracker.owner', { owner: item.owner })} · {t('tracker.overall', { percent: item.percentComplete })}
          </p>
          <ScrollRegion>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('tracker.milestone')}</th>
                  <th scope="col">{t('tracker.proposedEnd')}</th>
                  <th scope="col">{t('tracker.status')}</th>
                  <th scope="col">{t('tracker.notes')}</th>
                </tr>
              </thead>
              <tbody>
                {item.milestones.map((m) => (
                  <tr key={m.id} id={`milestone-${m.id}`} className={m.overdue ? 'overdue' : undefined}>
                    <th scope="row" lang={m.title.language}>
                      {m.label}) {m.title.text}
                    </th>
                    <td>
                      {day(m.proposedEndDate, language) ?? t('tracker.noDate')}
                      {m.overdue ? (
                        <>
                          {' '}
                          <span className="badge bad">{t('tracker.overdue')}</span>
                        </>
                      ) : null}
                    </td>
                    <td className="nowrap">
                      <progress
                        max={100}
                        value={m.percentComplete}
                        aria-label={t('tracker.percentLabel', { label: m.label })}
                      />{' '}
                      {m.percentComplete} %
                    </td>
                    <td lang={m.notes.language}>
                      {m.notes.text}
                      {m.notes.text && m.notes.language !== language ? (
                        <span className="muted"> ({t('common:events.inEnglishOnly')})</span>
                      ) : null}
                      {canEdit ? (
                        <details className="no-print">
                          <summary>{t('tracker.update')}</summary>
                          <Form method="post" className="stack">
                            <input type="hidden" name="milestoneId" value={m.id} />
                            <div className="field">
                              <label htmlFor={`pct-${m.id}`}>{t('tracker.percent')}</label>
                              <input
                                id={`pct-${m.id}`}
                                name="percentComplete"
                                type="number"
                                min={0}
                                max={100}
                                defaultValue={m.percentComplete}
                              />
                            </div>
                            <div className="field">
                              <label htmlFor={`end-${m.id}`}>{t('tracker.proposedEnd')}</label>
                              <input
                                id={`end-${m.id}`}
                                name="proposedEndDate"
                                type="date"
                                defaultValue={m.proposedEndDate ?? ''}
                              />
                            </div>
                            <div className="field">
                              <label htmlFor={`notes-${m.id}`}>{t('tracker.notesIn')}</label>
                              <textarea
                                id={`notes-${m.id}`}
                                name="notes"
                                rows={3}
                                defaultValue={m.notes.language === language ? m.notes.text : ''}
                              />
                            </div>
                            <div>
                              <button type="submit" className="small">
                                {t('tracker.save')}
                              </button>
                            </div>
                          </Form>
                        </details>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      ))}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('tracker.changesSince', { date: day(since, language) })}</h2>
        <Form method="get" className="filters no-print">
          <div className="field">
            <label htmlFor="since">{t('tracker.since')}</label>
            <input id="since" name="since" type="date" defaultValue={since} />
          </div>
          <div>
            <button type="submit" className="secondary">
              {t('tracker.show')}
            </button>
          </div>
        </Form>
        {history.length === 0 ? (
          <p className="muted">{t('tracker.noChanges')}</p>
        ) : (
          <ul>
            {history.map((h) => (
              <li key={h.id}>
                {formatDate(new Date(h.changedAt), language, 'UTC')} · {h.by ?? '—'} ·{' '}
                {t('tracker.itemShort', { number: h.itemNumber })} {h.label}) {h.milestoneTitle}:{' '}
                {t(`tracker.fields.${h.field}`)}{' '}
                {h.field === 'notes'
                  ? ''
                  : `${h.field === 'proposed_end_date' ? (day(h.oldValue, language) ?? '—') : `${h.oldValue} %`} → ${h.field === 'proposed_end_date' ? (day(h.newValue, language) ?? '—') : `${h.newValue} %`}`}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  )
}
