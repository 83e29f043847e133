import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { LineProblems } from '~/components/LineProblems'
import { ScrollRegion } from '~/components/ScrollRegion'
import { TimeZoneSelect } from '~/components/TimeZoneSelect'
import { requireRole } from '~/guards.server'
import { formatDateTime, formatNumber, timeZones } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField, idParam } from '~/lib/params.server'
import { parseForm, requiredLine, TimeZoneSchema } from '~/lib/validation'
import { zonedToUtc } from '~/lib/zoned'
import { addMeeting, type BulkResult, getWorkingGroup, recordMeetingAttendance } from '~/services/participation.server'
import { createPeopleFromLines } from '~/services/people/record.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'staff'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'workingGroups', data?.group.name)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const group = getWorkingGroup(getDb(), idParam(params.id), language)
  if (!group) throw new Response('Not found', { status: 404 })
  return { group, language, timeZone, timeZones: timeZones() }
}

const MeetingSchema = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.webinar.date' }),
    time: z.string().regex(/^\d{2}:\d{2}$/, { error: 'errors.webinar.time' }),
    timeZone: TimeZoneSchema,
    title: requiredLine(200),
  })
  .transform((v, ctx) => {
    const heldAt = zonedToUtc(v.date, v.time, v.timeZone)
    if (!heldAt) {
      ctx.addIssue({ code: 'custom', path: ['time'], message: 'errors.webinar.time' })
      return z.NEVER
    }
    return { heldAt, title: v.title }
  })

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const id = idParam(params.id)
  const db = getDb()
  const form = await request.formData()
  if (form.get('intent') === 'add-meeting') {
    const parsed = parseForm(MeetingSchema, form)
    if (!parsed.ok) return data({ errors: parsed.errors, result: null }, { status: 400 })
    if (addMeeting(db, id, parsed.data, staff.id) === null) throw new Response('Not found', { status: 404 })
    return redirectWithNotice(request, `/staff/working-groups/${id}`, 'notices.meetingAdded')
  }
  if (form.get('intent') === 'attendance') {
    const meetingId = idField(form.get('meetingId')) ?? 0
    const text = String(form.get('attendees') ?? '').slice(0, 200_000)
    const group = getWorkingGroup(db, id, 'en')
    if (!group?.meetings.some((m) => m.id === meetingId))
      return data({ errors: { meetingId: ['errors.field.invalid'] }, result: null }, { status: 400 })
    if (!text.trim()) return data({ errors: { attendees: ['errors.webinar.noEmails'] }, result: null }, { status: 400 })
    if (form.get('createUnknown') === 'yes') createPeopleFromLines(db, { text }, { actorId: staff.id })
    const result = recordMeetingAttendance(db, meetingId, text, staff.id)
    return data(
      { errors: null, result, meetingId },
      { status: result && result.failed.length && !result.stored && !result.already ? 400 : 200 },
    )
  }
  return data({ errors: { form: ['errors.form.rejected'] }, result: null }, { status: 400 })
}

export default function WorkingGroup() {
  const { t } = useTranslation('participation')
  const { group, language, timeZone, timeZones: zones } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors: Record<string, string[] | undefined> | null; result: BulkResult | null; meetingId?: number } | undefined
  const errors = actionData?.errors ?? undefined
  const result = actionData?.result
  return (
    <>
      <h1>{group.name}</h1>
      <p className="lede">{group.topic}</p>
      <p>
        <Link to="/staff/working-groups">{t('workingGroups.back')}</Link>
      </p>
      <section aria-labelledby="attendance">
        <h2 id="attendance">{t('workingGroups.attendanceTitle')}</h2>
        <p className="hint">{t('workingGroups.attendanceHint')}</p>
        {result ? (
          <div className="notice" role="status">
            <p>{t('workingGroups.stored', { stored: result.stored, already: result.already })}</p>
            <LineProblems
              failed={result.failed}
              createWith={{
                intent: 'attendance',
                field: 'attendees',
                hidden: { meetingId: actionData?.meetingId ?? 0 },
              }}
            />
          </div>
        ) : null}
        <Form method="post" className="stack wide">
          <input type="hidden" name="intent" value="attendance" />
          <Field name="meetingId" label={t('workingGroups.meeting')} errors={errors?.meetingId}>
            {(p) => (
              <select {...p}>
                {group.meetings.map((m) => (
                  <option key={m.id} value={m.id}>
                    {formatDateTime(new Date(m.heldAt), language, timeZone)} — {m.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            name="attendees"
            label={t('workingGroups.attendees')}
            hint={t('workingGroups.attendeesHint')}
            errors={errors?.attendees}
          >
            {(p) => <textarea {...p} rows={8} />}
          </Field>
          <div>
            <button type="submit">{t('workingGroups.saveAttendance')}</button>
          </div>
        </Form>
      </section>
      <section aria-labelledby="new-meeting">
        <h2 id="new-meeting">{t('workingGroups.newMeeting')}</h2>
        <Form method="post" className="filters">
          <input type="hidden" name="intent" value="add-meeting" />
          <Field name="title" label={t('workingGroups.meetingTitle')} errors={errors?.title} />
          <Field name="date" label={t('staff:webinarForm.date')} type="date" errors={errors?.date} />
          <Field name="time" label={t('staff:webinarForm.time')} type="time" errors={errors?.time} />
          <Field name="timeZone" label={t('staff:webinarForm.timeZone')} errors={errors?.timeZone}>
            {(p) => <TimeZoneSelect inputProps={p} zones={zones} value={timeZone} />}
          </Field>
          <div>
            <button type="submit">{t('workingGroups.addMeeting')}</button>
          </div>
        </Form>
      </section>
      <section aria-labelledby="meetings">
        <h2 id="meetings">{t('workingGroups.meetings')}</h2>
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('workingGroups.when', { zone: timeZone })}</th>
                <th scope="col">{t('workingGroups.meetingTitle')}</th>
                <th scope="col" className="num">
                  {t('workingGroups.attended')}
                </th>
              </tr>
            </thead>
            <tbody>
              {group.meetings.map((m) => (
                <tr key={m.id}>
                  <td className="nowrap">{formatDateTime(new Date(m.heldAt), language, timeZone)}</td>
                  <th scope="row">{m.title}</th>
                  <td className="num">
                    {formatNumber(m.attended, language)} / {formatNumber(group.members.length, language)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
      <section aria-labelledby="members">
        <h2 id="members">{t('workingGroups.members')}</h2>
        <ul>
          {group.members.map((m) => (
            <li key={m.id}>
              {m.name} <span className="muted">{m.email}</span>{' '}
              {m.role !== 'member' ? <span className="badge">{t(`workingGroups.roles.${m.role}`)}</span> : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
