import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import type { Language } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { ScrollRegion } from '~/components/ScrollRegion'
import { readForm } from '~/lib/form.server'
import { formatDate, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { TrackerError } from '~/lib/tracker'
import { type FieldErrors, IdSchema, isCalendarDate, optionalLine, parseForm, requiredLine } from '~/lib/validation'
import { halfYearsWithChanges, lastHalfYear } from '~/services/progress-report.server'
import {
  createMilestone,
  createReviewItem,
  isoDate,
  trackerHistory,
  trackerOverview,
  updateMilestone,
  updateReviewItem,
} from '~/services/tracker.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'tracker')

const Percent = z
  .string({ error: 'errors.tracker.percent' })
  .trim()
  .regex(/^[0-9]{1,3}$/, { error: 'errors.tracker.percent' })
  .transform(Number)
  .refine((v) => v <= 100, { error: 'errors.tracker.percent' })
const OptionalDate = z
  .string()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || isCalendarDate(v), { error: 'errors.webinar.date' })
const LongText = z.string().trim().max(2000, { error: 'errors.field.tooLong' }).optional().default('')

const MilestoneSchema = z.object({
  milestoneId: IdSchema,
  percentComplete: Percent,
  proposedEndDate: OptionalDate,
  notes: LongText,
  heldOverBy: optionalLine(200),
})

const NewMilestoneSchema = z.object({
  itemId: IdSchema,
  label: requiredLine(10).refine((v) => v === '' || /^[a-z0-9][a-z0-9-]*$/i.test(v), { error: 'errors.tracker.label' }),
  titleEn: requiredLine(300),
  titleFr: optionalLine(300),
  titleEs: optionalLine(300),
  proposedEndDate: OptionalDate,
  percentComplete: Percent,
})

const ItemSchema = z.object({
  itemId: z.string().optional(),
  number: z
    .string({ error: 'errors.tracker.number' })
    .trim()
    .regex(/^[1-9][0-9]{0,2}$/, { error: 'errors.tracker.number' })
    .transform(Number),
  titleEn: requiredLine(300),
  titleFr: optionalLine(300),
  titleEs: optionalLine(300),
  descriptionEn: z
    .string({ error: 'errors.field.required' })
    .trim()
    .min(1, { error: 'errors.field.required' })
    .max(2000, { error: 'errors.field.tooLong' }),
  descriptionFr: LongText,
  descriptionEs: LongText,
  startDate: z.string({ error: 'errors.field.date' }).refine(isCalendarDate, { error: 'errors.field.date' }),
  owner: requiredLine(200),
})

/** A text per language from `<name>En/Fr/Es` fields (English required, the others kept when given). */
const texts = (en: string, fr: string, es: string) => ({ en, ...(fr ? { fr } : {}), ...(es ? { es } : {}) })

/** Which form a refused save came from, so that form opens again with its errors. */
type ActionData = { errors: FieldErrors; at: string }

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
    report: { ...lastHalfYear(), recent: halfYearsWithChanges(db) },
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { person: staff, language } = await requireViewer(request, { role: 'staff' })
  const form = await readForm(request)
  const db = getDb()
  const ctx = { actorId: staff.id }
  const fail = (at: string, errors: FieldErrors, status = 400) => data<ActionData>({ errors, at }, { status })
  const intent = String(form.get('intent') ?? 'milestone')
  if (intent === 'item') {
    const parsed = parseForm(ItemSchema, form)
    const at = `item-${String(form.get('itemId') ?? 'new')}`
    if (!parsed.ok) return fail(at, parsed.errors)
    const v = parsed.data
    const input = {
      number: v.number,
      title: texts(v.titleEn, v.titleFr, v.titleEs),
      description: texts(v.descriptionEn, v.descriptionFr, v.descriptionEs),
      startDate: v.startDate,
      owner: v.owner,
    }
    try {
      if (v.itemId) {
        const itemId = IdSchema.safeParse(v.itemId)
        if (!itemId.success || !updateReviewItem(db, itemId.data, input, ctx))
          throw new Response('Not found', { status: 404 })
        return redirectWithNotice(request, `/analysis/tracker#item-${itemId.data}`, 'notices.tracker.itemSaved')
      }
      const id = createReviewItem(db, input, ctx)
      return redirectWithNotice(request, `/analysis/tracker#item-${id}`, 'notices.tracker.itemCreated')
    } catch (e) {
      if (e instanceof TrackerError) return fail(at, { number: ['errors.tracker.numberTaken'] }, 409)
      throw e
    }
  }
  if (intent === 'new-milestone') {
    const parsed = parseForm(NewMilestoneSchema, form)
    const at = `new-milestone-${String(form.get('itemId') ?? '')}`
    if (!parsed.ok) return fail(at, parsed.errors)
    const v = parsed.data
    try {
      const id = createMilestone(
        db,
        v.itemId,
        {
          label: v.label,
          title: texts(v.titleEn, v.titleFr, v.titleEs),
          proposedEndDate: v.proposedEndDate,
          percentComplete: v.percentComplete,
        },
        ctx,
      )
      if (id === null) throw new Response('Not found', { status: 404 })
      return redirectWithNotice(request, `/analysis/tracker#milestone-${id}`, 'notices.tracker.milestoneCreated')
    } catch (e) {
      if (e instanceof TrackerError) return fail(at, { label: ['errors.tracker.labelTaken'] }, 409)
      throw e
    }
  }
  const parsed = parseForm(MilestoneSchema, form)
  const at = `milestone-${String(form.get('milestoneId') ?? '')}`
  if (!parsed.ok) return fail(at, parsed.errors)
  const { milestoneId, heldOverBy, ...update } = parsed.data
  // A form without the field (an older page) leaves the hold as it is; an empty field lifts it.
  const hold = form.has('heldOverBy') ? heldOverBy || null : undefined
  if (!updateMilestone(db, { milestoneId, ...update, heldOverBy: hold, notesLanguage: language }, ctx)) {
    throw new Response('Not found', { status: 404 })
  }
  return redirectWithNotice(request, `/analysis/tracker#milestone-${milestoneId}`, 'notices.milestoneSaved')
}

function day(iso: string | null, language: Language) {
  return iso ? formatDate(new Date(`${iso}T00:00:00Z`), language, 'UTC') : null
}

/** The form-field suffix of each language (titleEn, titleFr, titleEs). */
const FIELD_SUFFIX = { en: 'En', fr: 'Fr', es: 'Es' } as const

/** A labelled input or textarea whose id is unique on this page of many forms, with its errors. */
function Input({
  form,
  name,
  label,
  errors,
  hint,
  multiline,
  ...rest
}: {
  form: string
  name: string
  label: string
  errors?: FieldErrors
  hint?: string
  multiline?: boolean
  type?: string
  defaultValue?: string | number
  min?: number
  max?: number
  lang?: string
}) {
  const { t } = useTranslation()
  const id = `${form}-${name}`
  const problems = errors?.[name]
  const describedBy = [hint ? `${id}-hint` : null, problems?.length ? `${id}-error` : null].filter(Boolean).join(' ')
  const props = { id, name, 'aria-invalid': Boolean(problems?.length), 'aria-describedby': describedBy || undefined }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {multiline ? <textarea {...props} rows={3} {...rest} /> : <input {...props} type="text" {...rest} />}
      {problems?.length ? (
        <span id={`${id}-error`} className="field-error">
          {problems.map((k) => t(k)).join(' ')}
        </span>
      ) : null}
    </div>
  )
}

type ItemValues = {
  id: number
  number: number
  texts: { title: Record<string, string | undefined>; description: Record<string, string | undefined> }
  startDate: string
  owner: string
}

/** A review item's number, title and description per language, start date and owner (new or edited). */
function ItemForm({ item, errors, language }: { item?: ItemValues; errors?: FieldErrors; language: Language }) {
  const { t } = useTranslation('participation')
  const form = `item-${item?.id ?? 'new'}`
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value="item" />
      {item ? <input type="hidden" name="itemId" value={item.id} /> : null}
      <Input
        form={form}
        name="number"
        label={t('tracker.number')}
        type="number"
        min={1}
        max={999}
        defaultValue={item?.number}
        errors={errors}
      />
      {(['en', 'fr', 'es'] as const).map((lang) => (
        <Input
          key={lang}
          form={form}
          name={`title${FIELD_SUFFIX[lang]}`}
          label={t('tracker.titleIn', { language: languageName(lang, language) })}
          lang={lang}
          defaultValue={item?.texts.title[lang] ?? ''}
          errors={errors}
        />
      ))}
      {(['en', 'fr', 'es'] as const).map((lang) => (
        <Input
          key={lang}
          form={form}
          name={`description${FIELD_SUFFIX[lang]}`}
          label={t('tracker.descriptionIn', { language: languageName(lang, language) })}
          lang={lang}
          multiline
          defaultValue={item?.texts.description[lang] ?? ''}
          errors={errors}
        />
      ))}
      <Input
        form={form}
        name="startDate"
        label={t('tracker.startDate')}
        type="date"
        defaultValue={item?.startDate}
        errors={errors}
      />
      <Input form={form} name="owner" label={t('tracker.ownerLabel')} defaultValue={item?.owner} errors={errors} />
      <div>
        <button type="submit" className="small">
          {item ? t('tracker.save') : t('tracker.createItem')}
        </button>
      </div>
    </Form>
  )
}

/** A new milestone at the end of an item: label, title per language, proposed end date, % complete. */
function NewMilestoneForm({ itemId, errors, language }: { itemId: number; errors?: FieldErrors; language: Language }) {
  const { t } = useTranslation('participation')
  const form = `new-milestone-${itemId}`
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value="new-milestone" />
      <input type="hidden" name="itemId" value={itemId} />
      <Input form={form} name="label" label={t('tracker.label')} hint={t('tracker.labelHint')} errors={errors} />
      {(['en', 'fr', 'es'] as const).map((lang) => (
        <Input
          key={lang}
          form={form}
          name={`title${FIELD_SUFFIX[lang]}`}
          label={t('tracker.titleIn', { language: languageName(lang, language) })}
          lang={lang}
          errors={errors}
        />
      ))}
      <Input form={form} name="proposedEndDate" label={t('tracker.proposedEnd')} type="date" errors={errors} />
      <Input
        form={form}
        name="percentComplete"
        label={t('tracker.percent')}
        type="number"
        min={0}
        max={100}
        defaultValue={0}
        errors={errors}
      />
      <div>
        <button type="submit" className="small">
          {t('tracker.addMilestone')}
        </button>
      </div>
    </Form>
  )
}

export default function Tracker() {
  const { t } = useTranslation('participation')
  const { language, canEdit, since, items, history, report } = useLoaderData<typeof loader>()
  const failed = useActionData<typeof action>()
  const errorsAt = (form: string) => (failed?.at === form ? failed.errors : undefined)
  // A refused form opens again (its <details>), and the summary at the top says so.
  const openIf = (form: string) => (failed?.at === form ? true : undefined)
  return (
    <article className="tracker">
      <h1>{t('tracker.title')}</h1>
      <p className="lede">{t('tracker.intro')}</p>
      {/* The focus goes to the refused form's first marked field (app/lib/focus-errors.ts). */}
      {failed ? (
        <p className="error-summary" role="alert">
          {t('common:errors.form.fix')}
        </p>
      ) : null}
      <section aria-labelledby="report-heading" className="no-print card">
        <h2 id="report-heading">{t('tracker.reportTitle')}</h2>
        <p className="hint">{t('tracker.reportHint')}</p>
        <Form method="get" action="/analysis/tracker/report" className="filters" reloadDocument>
          <div className="field">
            <label htmlFor="report-from">{t('tracker.reportFrom')}</label>
            <input id="report-from" name="from" type="date" defaultValue={report.from} required />
          </div>
          <div className="field">
            <label htmlFor="report-to">{t('tracker.reportTo')}</label>
            <input id="report-to" name="to" type="date" defaultValue={report.to} required />
          </div>
          <div className="field">
            <label htmlFor="report-lang">{t('tracker.reportLanguage')}</label>
            <select id="report-lang" name="lang" defaultValue={language}>
              {(['en', 'fr', 'es'] as const).map((l) => (
                <option key={l} value={l}>
                  {languageName(l, language)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit">{t('tracker.reportOpen')}</button>
          </div>
        </Form>
        {report.recent.length ? (
          <p>
            {t('tracker.reportRecent')}
            {t('common:colon')}
            {report.recent.map((p, i) => (
              <span key={p.from}>
                {i ? ' · ' : ''}
                <a href={`/analysis/tracker/report?from=${p.from}&to=${p.to}&lang=${language}`}>
                  {day(p.from, language)} – {day(p.to, language)}
                </a>
              </span>
            ))}
          </p>
        ) : null}
      </section>
      <p className="no-print">
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t('tracker.print')}
        </button>{' '}
        <span className="muted">{t('tracker.printHint')}</span>
      </p>
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
          {canEdit ? (
            <div className="no-print inline-details">
              <details open={openIf(`item-${item.id}`)}>
                <summary>{t('tracker.editItem')}</summary>
                <ItemForm item={item} errors={errorsAt(`item-${item.id}`)} language={language} />
              </details>
              <details open={openIf(`new-milestone-${item.id}`)}>
                <summary>{t('tracker.addMilestone')}</summary>
                <NewMilestoneForm itemId={item.id} errors={errorsAt(`new-milestone-${item.id}`)} language={language} />
              </details>
            </div>
          ) : null}
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
                      {m.heldOverBy ? (
                        <>
                          <br />
                          <span className="badge warn wrap" lang={m.heldOverBy.language}>
                            {t('tracker.heldOverBy', { dependency: m.heldOverBy.text })}
                          </span>
                        </>
                      ) : null}
                    </td>
                    <td lang={m.notes.language}>
                      {m.notes.text}
                      {m.notes.text && m.notes.language !== language ? (
                        <span className="muted"> ({t('common:events.inEnglishOnly')})</span>
                      ) : null}
                      {canEdit ? (
                        <details className="no-print" open={openIf(`milestone-${m.id}`)}>
                          <summary>{t('tracker.update')}</summary>
                          <Form method="post" className="stack" noValidate>
                            <input type="hidden" name="intent" value="milestone" />
                            <input type="hidden" name="milestoneId" value={m.id} />
                            <Input
                              form={`milestone-${m.id}`}
                              name="percentComplete"
                              label={t('tracker.percent')}
                              type="number"
                              min={0}
                              max={100}
                              defaultValue={m.percentComplete}
                              errors={errorsAt(`milestone-${m.id}`)}
                            />
                            <Input
                              form={`milestone-${m.id}`}
                              name="proposedEndDate"
                              label={t('tracker.proposedEnd')}
                              type="date"
                              defaultValue={m.proposedEndDate ?? ''}
                              errors={errorsAt(`milestone-${m.id}`)}
                            />
                            <Input
                              form={`milestone-${m.id}`}
                              name="notes"
                              label={t('tracker.notesIn')}
                              multiline
                              defaultValue={m.notes.language === language ? m.notes.text : ''}
                              errors={errorsAt(`milestone-${m.id}`)}
                            />
                            <Input
                              form={`milestone-${m.id}`}
                              name="heldOverBy"
                              label={t('tracker.heldOverLabel')}
                              hint={t('tracker.heldOverHint')}
                              defaultValue={m.heldOverBy?.text ?? ''}
                              errors={errorsAt(`milestone-${m.id}`)}
                            />
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
      {canEdit ? (
        <section aria-labelledby="new-item" className="no-print">
          <h2 id="new-item">{t('tracker.newItem')}</h2>
          <details open={openIf('item-new')}>
            <summary>{t('tracker.newItemOpen')}</summary>
            <ItemForm errors={errorsAt('item-new')} language={language} />
          </details>
        </section>
      ) : null}
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
                <HistoryValues field={h.field} from={h.oldValue} to={h.newValue} language={language} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  )
}

/** What a history line changed, old → new, in words fit for the field. */
function HistoryValues({
  field,
  from,
  to,
  language,
}: {
  field: string
  from: string | null
  to: string | null
  language: Language
}) {
  const { t } = useTranslation('participation')
  if (field === 'notes') return null
  if (field === 'created') return <>({to} %)</>
  if (field === 'held_over') return <>{to ? `: ${to}` : `(${t('tracker.holdLifted')})`}</>
  const show = (v: string | null) => (field === 'proposed_end_date' ? (day(v, language) ?? '—') : `${v ?? 0} %`)
  return (
    <>
      {show(from)} → {show(to)}
    </>
  )
}
