import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { ACTION_STATUSES, LANGUAGES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { ErrorSummary } from '~/components/ErrorSummary'
import { Field } from '~/components/Field'
import { SectionTabs } from '~/components/SectionTabs'
import { WebinarForm } from '~/components/WebinarForm'
import { baseUrl } from '~/guards.server'
import { ACTION_BADGE } from '~/lib/action-items'
import { readForm } from '~/lib/form.server'
import { formatDate, formatNumber, formatRange, languageName, timeZones } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField, idParam } from '~/lib/params.server'
import { LanguageSchema, parseForm, requiredLine } from '~/lib/validation'
import { parseMeetingForm } from '~/lib/webinar-form'
import { formValues, webinarFormValues } from '~/lib/webinar-form-values.server'
import { utcToZoned } from '~/lib/zoned'
import { addMaterial, getWebinarForEdit, listMaterials, removeMaterial } from '~/services/webinars-admin.server'
import {
  addAction,
  cancelMeeting,
  listActions,
  meetingEventId,
  meetingMinutes,
  meetingOwners,
  saveMinutes,
  setActionStatus,
  updateMeeting,
} from '~/services/working-group-meetings.server'
import { getWorkingGroup } from '~/services/working-groups.server'
import { requireViewer } from '~/viewer.server'

export const handle = { i18n: ['participation', 'staff'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'workingGroups', data?.meeting.title)

const TABS = ['details', 'records'] as const
type Tab = (typeof TABS)[number]

function ids(params: LoaderFunctionArgs['params']) {
  return { groupId: idParam(params.id), meetingId: idParam(params.meetingId) }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const { groupId, meetingId } = ids(params)
  const group = getWorkingGroup(db, groupId, language)
  const meeting = group?.meetings.find((m) => m.id === meetingId)
  if (!group || !meeting) throw new Response('Not found', { status: 404 })
  const edit = getWebinarForEdit(db, meeting.eventId, 'meeting')!
  const upcoming = meeting.endsAt > new Date() && meeting.status !== 'cancelled'
  const asked = new URL(request.url).searchParams.get('tab')
  const tab: Tab = (TABS as readonly string[]).includes(asked ?? '') ? (asked as Tab) : upcoming ? 'details' : 'records'
  return {
    group: { id: group.id, name: group.name, slug: group.slug },
    meeting: { ...meeting, upcoming, sequence: edit.event.sequence },
    tab,
    values: tab === 'details' && upcoming ? webinarFormValues(edit) : null,
    timeZones: tab === 'details' && upcoming ? timeZones() : [],
    minutes: meetingMinutes(db, meetingId),
    recordings: listMaterials(db, meeting.eventId).filter((m) => m.kind === 'recording'),
    actions: listActions(db, groupId, meetingId),
    owners: meetingOwners(db, groupId, meetingId),
    today: utcToZoned(new Date(), timeZone).date,
    language,
    timeZone,
  }
}

const RecordingSchema = z.object({
  language: LanguageSchema,
  title: requiredLine(200),
  url: z
    .string()
    .trim()
    .regex(/^https:\/\/[^\s<>"]+$/, { error: 'errors.webinar.url' }),
})

const ActionSchema = z.object({
  text: requiredLine(500),
  ownerId: z.coerce.number({ error: 'errors.meeting.owner' }).int().positive({ error: 'errors.meeting.owner' }),
  dueOn: z
    .string()
    .trim()
    .optional()
    .default('')
    .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), { error: 'errors.field.date' })
    .transform((v) => v || null),
})

const MINUTES_MAX = 50_000

type ActionData = { errors: Record<string, string[] | undefined>; values?: Record<string, string>; form?: string }
const fail = (body: ActionData, status = 400) => data<ActionData>(body, { status })

export async function action({ request, params }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  const form = await readForm(request)
  const db = getDb()
  const { groupId, meetingId } = ids(params)
  const eventId = meetingEventId(db, groupId, meetingId)
  if (!eventId) throw new Response('Not found', { status: 404 })
  const here = `/staff/working-groups/${groupId}/meetings/${meetingId}`
  const ctx = { actorId: staff.id, baseUrl: baseUrl() }
  switch (form.get('intent')) {
    case 'save': {
      const parsed = parseMeetingForm(form)
      if (!parsed.ok) return fail({ errors: parsed.errors, values: formValues(form), form: 'save' })
      const result = updateMeeting(db, { groupId, meetingId, meeting: parsed.data }, ctx)
      if (!result.ok)
        return fail({ errors: { time: [`errors.meeting.${result.error}`] }, values: formValues(form) }, 409)
      return redirectWithNotice(
        request,
        here,
        result.notified ? 'notices.meeting.updatedNotified' : 'notices.meeting.updated',
      )
    }
    case 'cancel': {
      if (form.get('confirm') !== 'yes')
        return fail({ errors: { confirm: ['errors.meeting.confirmCancel'] }, form: 'cancel' })
      const result = cancelMeeting(db, { groupId, meetingId }, ctx)
      if (!result.ok) return fail({ errors: { confirm: [`errors.meeting.${result.error}`] }, form: 'cancel' }, 409)
      return redirectWithNotice(request, here, 'notices.meeting.cancelled')
    }
    case 'minutes': {
      const minutes: Record<string, string> = {}
      const errors: Record<string, string[]> = {}
      for (const l of LANGUAGES) {
        const text = String(form.get(`minutes_${l}`) ?? '')
        if (text.length > MINUTES_MAX) errors[`minutes_${l}`] = ['errors.field.tooLong']
        minutes[l] = text
      }
      if (Object.keys(errors).length) return fail({ errors, values: minutes, form: 'minutes' })
      const result = saveMinutes(db, { groupId, meetingId, minutes }, ctx)
      if (!result.ok)
        return fail({ errors: { form: [`errors.meeting.${result.error}`] }, values: minutes, form: 'minutes' }, 409)
      return redirectWithNotice(request, `${here}?tab=records`, 'notices.meeting.minutesSaved')
    }
    case 'add-recording': {
      const parsed = parseForm(RecordingSchema, form)
      if (!parsed.ok) return fail({ errors: parsed.errors, values: formValues(form), form: 'recording' })
      if (!addMaterial(db, eventId, { ...parsed.data, kind: 'recording' }, staff.id))
        throw new Response('Not found', { status: 404 })
      return redirectWithNotice(request, `${here}?tab=records`, 'notices.meeting.recordingAdded')
    }
    case 'remove-recording': {
      const materialId = idField(form.get('materialId'))
      if (!materialId || !removeMaterial(db, eventId, materialId, staff.id))
        return fail({ errors: { form: ['errors.notFoundNothingChanged'] } }, 404)
      return redirectWithNotice(request, `${here}?tab=records`, 'notices.meeting.recordingRemoved')
    }
    case 'add-action': {
      const parsed = parseForm(ActionSchema, form)
      if (!parsed.ok) return fail({ errors: parsed.errors, values: formValues(form), form: 'action' })
      const result = addAction(db, { groupId, meetingId, ...parsed.data }, ctx)
      if (!result.ok)
        return fail(
          { errors: { ownerId: [`errors.meeting.${result.error}`] }, values: formValues(form), form: 'action' },
          result.error === 'notFound' ? 404 : 400,
        )
      return redirectWithNotice(request, `${here}?tab=records`, 'notices.meeting.actionAdded')
    }
    case 'action-status': {
      const actionId = idField(form.get('actionId'))
      const status = z.enum(ACTION_STATUSES).safeParse(form.get('status'))
      if (!actionId || !status.success || !setActionStatus(db, { groupId, actionId, status: status.data }, ctx))
        return fail({ errors: { form: ['errors.notFoundNothingChanged'] } }, 404)
      return redirectWithNotice(request, `${here}?tab=records`, 'notices.meeting.actionUpdated')
    }
  }
  return fail({ errors: { form: ['errors.form.rejected'] } })
}

/** One group meeting for staff: its details (edit, cancel) and its records (minutes, recordings, action items). */
export default function StaffMeeting() {
  const { t } = useTranslation('participation')
  const { group, meeting, tab, language, timeZone } = useLoaderData<typeof loader>()
  const here = `/staff/working-groups/${group.id}/meetings/${meeting.id}`
  return (
    <>
      <p>
        <Link to={`/staff/working-groups/${group.id}?tab=meetings`}>{group.name}</Link>
      </p>
      <div className="page-head">
        <h1 lang={meeting.textLanguage}>{meeting.title}</h1>
        <p className="lede">
          {formatRange(meeting.startsAt, meeting.endsAt, language, timeZone)}
          {meeting.status === 'cancelled' ? (
            <>
              {' '}
              <span className="badge bad">{t('common:events.status.cancelled')}</span>
            </>
          ) : null}
        </p>
        <p>
          {meeting.held && meeting.status !== 'cancelled'
            ? t('meetings.attendedOf', {
                attended: formatNumber(meeting.attended, language),
                members: formatNumber(meeting.members, language),
              })
            : t('meetings.seats', { count: meeting.seats })}
          {meeting.channels.length
            ? ` · ${t('meetings.channels', { languages: meeting.channels.map((l) => languageName(l, language)).join(', ') })}`
            : ''}
          {group.slug ? (
            <>
              {' · '}
              <Link to={`/working-groups/${group.slug}/meetings/${meeting.id}`}>{t('workingGroups.publicPage')}</Link>
            </>
          ) : null}
        </p>
      </div>
      <SectionTabs
        label={t('workingGroups.sections')}
        current={tab}
        tabs={[
          { id: 'details', label: t('meetings.tabs.details') },
          { id: 'records', label: t('meetings.tabs.records') },
        ]}
        href={(to) => `${here}?tab=${to}`}
      />
      {tab === 'details' ? <Details /> : <Records />}
    </>
  )
}

function Details() {
  const { t } = useTranslation('participation')
  const { meeting, values, timeZones: zones, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  if (!meeting.upcoming || !values)
    return (
      <p className="notice">{t(meeting.status === 'cancelled' ? 'meetings.cancelledNoEdit' : 'meetings.heldNoEdit')}</p>
    )
  const cancelErrors = actionData?.form === 'cancel' ? actionData.errors : undefined
  return (
    <>
      <section aria-labelledby="edit">
        <h2 id="edit">{t('meetings.edit')}</h2>
        <p className="hint">{t('meetings.editHint')}</p>
        <WebinarForm
          variant="meeting"
          values={actionData?.values && actionData.form === 'save' ? actionData.values : values}
          errors={actionData?.form === 'save' || actionData?.errors?.time ? actionData.errors : undefined}
          timeZones={zones}
          series={[]}
          language={language}
          submitLabel={t('meetings.save')}
        />
      </section>
      <section aria-labelledby="cancel">
        <h2 id="cancel">{t('meetings.cancelTitle')}</h2>
        <p>{t('meetings.cancelExplained', { count: meeting.seats })}</p>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="cancel" />
          <div className="field">
            <label className="check">
              <input type="checkbox" name="confirm" value="yes" aria-invalid={Boolean(cancelErrors?.confirm)} />{' '}
              {t('meetings.cancelConfirm')}
            </label>
            {cancelErrors?.confirm ? (
              <span className="field-error">{t(`common:${cancelErrors.confirm[0]}`)}</span>
            ) : null}
          </div>
          <div>
            <button type="submit" className="danger">
              {t('meetings.cancelSubmit')}
            </button>
          </div>
        </Form>
      </section>
    </>
  )
}

function Records() {
  const { t } = useTranslation('participation')
  const { meeting, minutes, recordings, actions, owners, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errorsOf = (form: string) => (actionData?.form === form ? actionData.errors : undefined)
  const valuesOf = (form: string) => (actionData?.form === form ? actionData.values : undefined)
  const held = !meeting.upcoming || meeting.startsAt <= new Date()
  const minutesErrors = errorsOf('minutes')
  const recordingErrors = errorsOf('recording')
  const actionErrors = errorsOf('action')
  const n = (x: number) => formatNumber(x, language)
  return (
    <>
      {actionData?.errors?.form ? (
        <p className="error-summary" role="alert">
          {t(`common:${actionData.errors.form[0]}`)}
        </p>
      ) : null}
      <section aria-labelledby="minutes">
        <h2 id="minutes">{t('meetings.minutes')}</h2>
        {held ? (
          <Form method="post" className="stack wide">
            <input type="hidden" name="intent" value="minutes" />
            <p className="hint">{t('meetings.minutesHint')}</p>
            <ErrorSummary
              errors={minutesErrors}
              labels={new Map(LANGUAGES.map((l) => [`minutes_${l}`, `${t('meetings.minutes')} (${l.toUpperCase()})`]))}
            />
            <div className="form-columns">
              {LANGUAGES.map((l) => (
                <Field
                  key={l}
                  name={`minutes_${l}`}
                  label={t('meetings.minutesIn', { language: languageName(l, language) })}
                  errors={minutesErrors?.[`minutes_${l}`]}
                >
                  {(p) => (
                    <textarea
                      {...p}
                      rows={10}
                      lang={l}
                      defaultValue={valuesOf('minutes')?.[`minutes_${l}`] ?? minutes[l] ?? ''}
                    />
                  )}
                </Field>
              ))}
            </div>
            <div>
              <button type="submit">{t('meetings.saveMinutes')}</button>
            </div>
          </Form>
        ) : (
          <p className="muted">{t('meetings.minutesAfter')}</p>
        )}
      </section>
      <section aria-labelledby="recordings">
        <h2 id="recordings">{t('meetings.recordings')}</h2>
        {recordings.length ? (
          <ul>
            {recordings.map((r) => (
              <li key={r.id}>
                <a href={r.url} rel="noopener noreferrer">
                  {r.title}
                </a>{' '}
                <span className="muted">({languageName(r.language, language)})</span>{' '}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="remove-recording" />
                  <input type="hidden" name="materialId" value={r.id} />
                  <button type="submit" className="small secondary">
                    {t('meetings.remove')}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('meetings.noRecordings')}</p>
        )}
        <Form method="post" className="filters">
          <input type="hidden" name="intent" value="add-recording" />
          <Field
            name="title"
            label={t('meetings.recordingTitle')}
            errors={recordingErrors?.title}
            defaultValue={valuesOf('recording')?.title}
          />
          <Field
            name="url"
            label={t('meetings.recordingUrl')}
            type="url"
            errors={recordingErrors?.url}
            defaultValue={valuesOf('recording')?.url}
          />
          <Field name="language" label={t('meetings.recordingLanguage')} errors={recordingErrors?.language}>
            {(p) => (
              <select {...p} defaultValue={valuesOf('recording')?.language ?? 'en'}>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {languageName(l, language)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div>
            <button type="submit">{t('meetings.addRecording')}</button>
          </div>
        </Form>
      </section>
      <section aria-labelledby="actions">
        <h2 id="actions">{t('meetings.actions')}</h2>
        {actions.length ? (
          <ul className="action-list">
            {actions.map((a) => (
              <li key={a.id}>
                <span className={`badge ${ACTION_BADGE[a.status]}`}>{t(`meetings.actionStatus.${a.status}`)}</span>{' '}
                {a.text}
                <span className="muted">
                  {a.ownerName ? ` — ${a.ownerName}` : ''}
                  {a.dueOn
                    ? ` — ${t('meetings.due', { date: formatDate(new Date(`${a.dueOn}T12:00:00Z`), language, 'UTC') })}`
                    : ''}
                </span>{' '}
                {ACTION_STATUSES.filter((s) => s !== a.status).map((s) => (
                  <Form method="post" className="inline-form" key={s}>
                    <input type="hidden" name="intent" value="action-status" />
                    <input type="hidden" name="actionId" value={a.id} />
                    <input type="hidden" name="status" value={s} />
                    <button type="submit" className="small secondary">
                      {t(`meetings.markAs.${s}`)}
                    </button>
                  </Form>
                ))}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('meetings.noActions')}</p>
        )}
        <h3>{t('meetings.newAction')}</h3>
        <Form method="post" className="stack wide">
          <input type="hidden" name="intent" value="add-action" />
          <Field name="text" label={t('meetings.actionText')} errors={actionErrors?.text}>
            {(p) => <textarea {...p} rows={2} defaultValue={valuesOf('action')?.text ?? ''} />}
          </Field>
          <div className="form-grid">
            <Field
              name="ownerId"
              label={t('meetings.owner')}
              hint={t('meetings.ownerHint', { count: owners.length, n: n(owners.length) })}
              errors={actionErrors?.ownerId}
            >
              {(p) => (
                <select {...p} defaultValue={valuesOf('action')?.ownerId ?? ''}>
                  <option value="">{t('meetings.chooseOwner')}</option>
                  {owners.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                      {o.regionCode ? ` (${o.regionCode})` : ''}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              name="dueOn"
              label={t('meetings.dueOn')}
              type="date"
              errors={actionErrors?.dueOn}
              defaultValue={valuesOf('action')?.dueOn}
            />
          </div>
          <div>
            <button type="submit">{t('meetings.addAction')}</button>
          </div>
        </Form>
      </section>
    </>
  )
}
