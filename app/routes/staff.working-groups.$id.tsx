import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { WORKING_GROUP_ROLES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { LineProblems } from '~/components/LineProblems'
import { ScrollRegion } from '~/components/ScrollRegion'
import { SectionTabs } from '~/components/SectionTabs'
import { TimeZoneSelect } from '~/components/TimeZoneSelect'
import { WorkingGroupForm, type WorkingGroupFormValues } from '~/components/WorkingGroupForm'
import { baseUrl } from '~/guards.server'
import { fixedT } from '~/i18n.server'
import { readForm } from '~/lib/form.server'
import { formatDate, formatDateTime, formatNumber, timeZones } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField, idParam } from '~/lib/params.server'
import { parseForm, requiredLine, TimeZoneSchema } from '~/lib/validation'
import {
  pastDateSchema,
  RoleSchema,
  submittedGroupValues,
  workingGroupFields,
  WorkingGroupSchema,
} from '~/lib/working-group-form'
import { utcToZoned, zonedToUtc } from '~/lib/zoned'
import { groupAudience } from '~/services/newsletters/audiences.server'
import { addMeeting, type BulkResult, recordMeetingAttendance } from '~/services/participation.server'
import { createPeopleFromLines } from '~/services/people/record.server'
import {
  addMembers,
  changeMemberRole,
  endMembership,
  getWorkingGroup,
  groupForChange,
  saveWorkingGroup,
  workingGroupFormValues,
} from '~/services/working-groups.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'staff'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'workingGroups', data?.group.name)

const TABS = ['members', 'meetings', 'details'] as const
/** Past meetings listed before "show all". */
const PAST_SHOWN = 12
type Tab = (typeof TABS)[number]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const id = idParam(params.id)
  const group = getWorkingGroup(db, id, language)
  if (!group) throw new Response('Not found', { status: 404 })
  const asked = new URL(request.url).searchParams.get('tab')
  const tab: Tab = (TABS as readonly string[]).includes(asked ?? '') ? (asked as Tab) : 'members'
  return {
    group,
    tab,
    today: utcToZoned(new Date(), timeZone).date,
    values: tab === 'details' ? workingGroupFormValues(db, id) : null,
    language,
    timeZone,
    timeZones: tab === 'meetings' ? timeZones() : [],
    allPast: new URL(request.url).searchParams.get('all') === '1',
  }
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

/** A date staff picked, as an instant: now when it is today, else the start of that day in their zone. */
function dayToInstant(date: string, timeZone: string): Date {
  if (date === utcToZoned(new Date(), timeZone).date) return new Date()
  return zonedToUtc(date, '00:00', timeZone) ?? new Date()
}

type ActionResult = {
  errors: Record<string, string[] | undefined> | null
  result?: BulkResult | null
  meetingId?: number
  added?: BulkResult | null
  /** The role and date of the list just added, for creating its unknown people with the same. */
  addedWith?: { role: string; joinedOn: string }
  values?: WorkingGroupFormValues
  membershipId?: number
}
const fail = (body: Omit<ActionResult, 'errors'> & { errors: ActionResult['errors'] }, status = 400) =>
  data<ActionResult>(body, { status })

export async function action({ request, params }: ActionFunctionArgs) {
  const { person: staff, timeZone, language } = await requireViewer(request, { role: 'staff' })
  const id = idParam(params.id)
  const db = getDb()
  const form = await readForm(request)
  const intent = form.get('intent')
  const here = `/staff/working-groups/${id}`
  const today = utcToZoned(new Date(), timeZone).date
  if (intent === 'details') {
    const parsed = parseForm(WorkingGroupSchema, form)
    if (!parsed.ok) return fail({ errors: parsed.errors, values: submittedGroupValues(form) })
    const saved = saveWorkingGroup(db, id, workingGroupFields(parsed.data), { actorId: staff.id })
    if (!saved.ok)
      return saved.error === 'slugTaken'
        ? fail({ errors: { slug: ['errors.workingGroup.slugTaken'] }, values: submittedGroupValues(form) }, 409)
        : fail({ errors: { form: ['errors.notFoundNothingChanged'] } }, 404)
    return redirectWithNotice(request, `${here}?tab=details`, 'notices.workingGroup.saved')
  }
  // A summit's thematic groups are filled from the summit's groups page (assignment, not history).
  if (
    (intent === 'add-members' || intent === 'change-role' || intent === 'leave') &&
    groupForChange(db, id)?.summitGroup
  )
    return fail({ errors: { form: ['errors.workingGroup.summitGroup'] } })
  if (intent === 'add-members') {
    const parsed = parseForm(
      z.object({
        people: z
          .string({ error: 'errors.webinar.noEmails' })
          .trim()
          .min(1, { error: 'errors.webinar.noEmails' })
          .max(200_000, { error: 'errors.field.tooLong' }),
        role: RoleSchema,
        joinedOn: pastDateSchema(today),
      }),
      form,
    )
    if (!parsed.ok) return fail({ errors: parsed.errors })
    const input = {
      text: parsed.data.people,
      role: parsed.data.role,
      joinedAt: dayToInstant(parsed.data.joinedOn, timeZone),
    }
    if (form.get('createUnknown') === 'yes') createPeopleFromLines(db, { text: input.text }, { actorId: staff.id })
    const added = addMembers(db, id, input, { actorId: staff.id, baseUrl: baseUrl() })
    if (!added) throw new Response('Not found', { status: 404 })
    return data<ActionResult>(
      { errors: null, added, addedWith: { role: parsed.data.role, joinedOn: parsed.data.joinedOn } },
      { status: added.failed.length && !added.stored && !added.already ? 400 : 200 },
    )
  }
  if (intent === 'change-role' || intent === 'leave') {
    const membershipId = idField(form.get('membershipId')) ?? 0
    let outcome
    if (intent === 'change-role') {
      const role = RoleSchema.safeParse(form.get('role'))
      if (!role.success) return fail({ errors: { role: ['errors.field.invalid'] }, membershipId })
      outcome = changeMemberRole(db, { groupId: id, membershipId, role: role.data }, { actorId: staff.id })
    } else {
      const leftOn = pastDateSchema(today).safeParse(form.get('leftOn'))
      if (!leftOn.success)
        return fail({ errors: { leftOn: [leftOn.error.issues[0]?.message ?? 'errors.field.date'] }, membershipId })
      outcome = endMembership(
        db,
        { groupId: id, membershipId, leftAt: dayToInstant(leftOn.data, timeZone) },
        { actorId: staff.id, baseUrl: baseUrl() },
      )
    }
    if (!outcome.ok) {
      const key = {
        notFound: 'errors.notFoundNothingChanged',
        sameRole: 'errors.workingGroup.sameRole',
        beforeJoined: 'errors.workingGroup.leftBeforeJoined',
      }[outcome.error]
      return fail(
        { errors: { [outcome.error === 'beforeJoined' ? 'leftOn' : 'role']: [key] }, membershipId },
        outcome.error === 'notFound' ? 404 : 400,
      )
    }
    return redirectWithNotice(
      request,
      here,
      intent === 'leave' ? 'notices.workingGroup.memberLeft' : 'notices.workingGroup.roleChanged',
    )
  }
  if (intent === 'write-to-members') {
    const group = getWorkingGroup(db, id, language)
    if (!group || group.summitGroup) throw new Response('Not found', { status: 404 })
    const name = fixedT(language, 'newsletters')('newsletters.groupAudienceName', { group: group.name })
    const audienceId = groupAudience(db, id, name, staff.id)
    return redirect(`/staff/newsletters/new?audience=${audienceId}`, 303)
  }
  if (intent === 'add-meeting') {
    const parsed = parseForm(MeetingSchema, form)
    if (!parsed.ok) return fail({ errors: parsed.errors, result: null })
    if (addMeeting(db, id, parsed.data, staff.id) === null) throw new Response('Not found', { status: 404 })
    return redirectWithNotice(request, `${here}?tab=meetings`, 'notices.meetingAdded')
  }
  if (intent === 'attendance') {
    const meetingId = idField(form.get('meetingId')) ?? 0
    const text = String(form.get('attendees') ?? '').slice(0, 200_000)
    if (!groupForChange(db, id)?.heldMeetingIds.has(meetingId))
      return fail({ errors: { meetingId: ['errors.field.invalid'] }, result: null })
    if (!text.trim()) return fail({ errors: { attendees: ['errors.webinar.noEmails'] }, result: null })
    if (form.get('createUnknown') === 'yes') createPeopleFromLines(db, { text }, { actorId: staff.id })
    const result = recordMeetingAttendance(db, meetingId, text, staff.id)
    return data<ActionResult>(
      { errors: null, result, meetingId },
      { status: result && result.failed.length && !result.stored && !result.already ? 400 : 200 },
    )
  }
  return fail({ errors: { form: ['errors.form.rejected'] }, result: null })
}

export default function WorkingGroup() {
  const { t } = useTranslation('participation')
  const { group, tab } = useLoaderData<typeof loader>()
  const here = `/staff/working-groups/${group.id}`
  return (
    <>
      <p>
        <Link to="/staff/working-groups">{t('workingGroups.back')}</Link>
      </p>
      <div className="page-head">
        <h1>{group.name}</h1>
        <p className="lede">
          {t(`workingGroups.kinds.${group.kind}`)} · {group.topic}
        </p>
        {group.slug ? (
          <div className="inline-actions">
            <Link to={`/working-groups/${group.slug}`}>{t('workingGroups.publicPage')}</Link>
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="write-to-members" />
              <button type="submit" className="small secondary">
                {t('meetings.writeToMembers')}
              </button>
            </Form>
          </div>
        ) : null}
      </div>
      <SectionTabs
        label={t('workingGroups.sections')}
        current={tab}
        tabs={[
          { id: 'members', label: t('workingGroups.tabs.members') },
          { id: 'meetings', label: t('workingGroups.tabs.meetings') },
          ...(group.summitGroup ? [] : [{ id: 'details' as const, label: t('workingGroups.tabs.details') }]),
        ]}
        href={(to) => (to === 'members' ? here : `${here}?tab=${to}`)}
      />
      {tab === 'members' ? <Members /> : null}
      {tab === 'meetings' ? <Meetings /> : null}
      {tab === 'details' ? <Details /> : null}
    </>
  )
}

function RoleOptions() {
  const { t } = useTranslation('participation')
  return WORKING_GROUP_ROLES.map((r) => (
    <option key={r} value={r}>
      {t(`workingGroups.roles.${r}`)}
    </option>
  ))
}

function Members() {
  const { t } = useTranslation('participation')
  const { group, language, timeZone, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const errors = actionData?.errors ?? undefined
  const rowErrors = (membershipId: number) =>
    actionData?.membershipId === membershipId ? (actionData.errors ?? undefined) : undefined
  const rep = group.representation
  return (
    <>
      {errors?.form ? (
        <p className="error-summary" role="alert">
          {(errors.form as string[]).map((e) => t(`common:${e}`)).join(' ')}
        </p>
      ) : null}
      <section aria-labelledby="representation">
        <h2 id="representation">{t('workingGroups.representationTitle')}</h2>
        {group.allRegionsRequired ? (
          rep.missing.length ? (
            <p className="notice warn" role="status">
              {t('workingGroups.missingRegions', { regions: rep.missing.join(', '), count: rep.missing.length })}
            </p>
          ) : (
            <p className="notice" role="status">
              {t('workingGroups.allRegionsIn')}
            </p>
          )
        ) : (
          <p className="hint">{t('workingGroups.representationHint')}</p>
        )}
        <ul className="region-counts">
          {rep.regions.map((r) => (
            <li key={r.code} className={r.members ? '' : 'missing'}>
              <strong>{r.code}</strong> {formatNumber(r.members, language)}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="members">
        <h2 id="members">
          {t('workingGroups.currentMembers')} ({formatNumber(group.members.length, language)})
        </h2>
        {group.members.length === 0 ? <p>{t('workingGroups.noMembers')}</p> : null}
        <ul className="member-list">
          {group.members.map((m) => {
            const own = rowErrors(m.membershipId)
            return (
              <li key={m.membershipId}>
                <div className="member-line">
                  <span>
                    <Link to={`/staff/people/${m.id}`}>{m.name}</Link>{' '}
                    {m.role !== 'member' ? <span className="badge">{t(`workingGroups.roles.${m.role}`)}</span> : null}
                  </span>
                  <span className="muted">
                    {m.regionCode ?? t('workingGroups.noRegion')} ·{' '}
                    {t('workingGroups.since', { date: formatDate(m.joinedAt, language, timeZone) })}
                  </span>
                </div>
                {group.summitGroup ? null : (
                  <details className="member-actions" open={Boolean(own)}>
                    <summary>
                      {t('workingGroups.change')}
                      <span className="visually-hidden">
                        {t('common:colon')}
                        {m.name}
                      </span>
                    </summary>
                    <div className="member-forms">
                      <Form method="post" className="row-form">
                        <input type="hidden" name="intent" value="change-role" />
                        <input type="hidden" name="membershipId" value={m.membershipId} />
                        <Field name={`role-${m.membershipId}`} label={t('workingGroups.newRole')} errors={own?.role}>
                          {(p) => (
                            <select {...p} name="role" defaultValue={m.role}>
                              <RoleOptions />
                            </select>
                          )}
                        </Field>
                        <button type="submit" disabled={busy}>
                          {t('workingGroups.changeRole')}
                        </button>
                      </Form>
                      <Form method="post" className="row-form">
                        <input type="hidden" name="intent" value="leave" />
                        <input type="hidden" name="membershipId" value={m.membershipId} />
                        <Field name={`leftOn-${m.membershipId}`} label={t('workingGroups.leftOn')} errors={own?.leftOn}>
                          {(p) => <input {...p} name="leftOn" type="date" max={today} defaultValue={today} />}
                        </Field>
                        <button type="submit" className="secondary" disabled={busy}>
                          {t('workingGroups.endMembership')}
                        </button>
                      </Form>
                    </div>
                  </details>
                )}
              </li>
            )
          })}
        </ul>
      </section>
      {group.summitGroup ? (
        <p className="notice" role="note">
          {t('workingGroups.summitGroupHint')}{' '}
          <Link to={`/staff/summits/${group.summitId}/groups`}>{t('workingGroups.summitGroupsLink')}</Link>
        </p>
      ) : (
        <section aria-labelledby="add-members">
          <h2 id="add-members">{t('workingGroups.addMembers')}</h2>
          {actionData?.added ? (
            <div className="notice" role="status">
              <p>
                {t('workingGroups.membersAdded', {
                  stored: actionData.added.stored,
                  already: actionData.added.already,
                })}
              </p>
              <LineProblems
                failed={actionData.added.failed}
                createWith={{ intent: 'add-members', field: 'people', hidden: actionData.addedWith }}
              />
            </div>
          ) : null}
          <Form method="post" className="stack wide">
            <input type="hidden" name="intent" value="add-members" />
            <Field
              name="people"
              label={t('workingGroups.membersToAdd')}
              hint={t('workingGroups.attendeesHint')}
              errors={errors?.people}
            >
              {(p) => <textarea {...p} rows={5} />}
            </Field>
            <div className="form-grid">
              <Field name="role" label={t('workingGroups.role')} errors={errors?.role}>
                {(p) => (
                  <select {...p} defaultValue="member">
                    <RoleOptions />
                  </select>
                )}
              </Field>
              <Field name="joinedOn" label={t('workingGroups.joinedOn')} errors={errors?.joinedOn}>
                {(p) => <input {...p} type="date" max={today} defaultValue={today} />}
              </Field>
            </div>
            <div>
              <button type="submit" disabled={busy}>
                {t('workingGroups.addMembersButton')}
              </button>
            </div>
          </Form>
        </section>
      )}
      {group.history.length ? (
        <section aria-labelledby="history">
          <h2 id="history">{t('workingGroups.history')}</h2>
          <ScrollRegion>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('workingGroups.person')}</th>
                  <th scope="col">{t('workingGroups.role')}</th>
                  <th scope="col">{t('workingGroups.period')}</th>
                </tr>
              </thead>
              <tbody>
                {group.history.map((h) => (
                  <tr key={h.membershipId}>
                    <th scope="row">{h.name}</th>
                    <td>{t(`workingGroups.roles.${h.role}`)}</td>
                    <td className="nowrap">
                      {formatDate(h.joinedAt, language, timeZone)} –{' '}
                      {h.leftAt ? formatDate(h.leftAt, language, timeZone) : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      ) : null}
    </>
  )
}

function Meetings() {
  const { t } = useTranslation('participation')
  const { group, language, timeZone, timeZones: zones, allPast } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors ?? undefined
  const result = actionData?.result
  const upcoming = group.meetings.filter((m) => !m.held).reverse()
  const past = group.meetings.filter((m) => m.held)
  const showPast = allPast ? past.length : PAST_SHOWN
  const link = (m: (typeof group.meetings)[number]) => (
    <Link to={`/staff/working-groups/${group.id}/meetings/${m.id}`} lang={m.textLanguage}>
      {m.title}
    </Link>
  )
  return (
    <>
      <section aria-labelledby="upcoming-meetings">
        <div className="section-head">
          <h2 id="upcoming-meetings">{t('meetings.upcoming')}</h2>
          {group.summitGroup ? null : (
            <Link className="button" to={`/staff/working-groups/${group.id}/meetings/new`}>
              {t('meetings.schedule')}
            </Link>
          )}
        </div>
        {upcoming.length ? (
          <ScrollRegion>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('workingGroups.when', { zone: timeZone })}</th>
                  <th scope="col">{t('workingGroups.meetingTitle')}</th>
                  <th scope="col">{t('meetings.channelsHead')}</th>
                  <th scope="col" className="num">
                    {t('meetings.invited')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {upcoming.map((m) => (
                  <tr key={m.id}>
                    <td className="nowrap">{formatDateTime(new Date(m.startsAt), language, timeZone)}</td>
                    <th scope="row">
                      {link(m)}{' '}
                      {m.status === 'cancelled' ? (
                        <span className="badge bad">{t('common:events.status.cancelled')}</span>
                      ) : null}
                    </th>
                    <td>{m.channels.map((l) => l.toUpperCase()).join(' · ')}</td>
                    <td className="num">{formatNumber(m.seats, language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : (
          <p className="muted">{t('publicGroups.noUpcoming')}</p>
        )}
      </section>
      <section aria-labelledby="meetings">
        <h2 id="meetings">{t('meetings.past')}</h2>
        <p className="hint">{t('workingGroups.attendedHint')}</p>
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
              {past.slice(0, showPast).map((m) => (
                <tr key={m.id}>
                  <td className="nowrap">{formatDateTime(new Date(m.heldAt), language, timeZone)}</td>
                  <th scope="row">
                    {link(m)} {m.hasMinutes ? <span className="badge">{t('meetings.minutes')}</span> : null}{' '}
                    {m.recordings ? <span className="badge">{t('meetings.recording')}</span> : null}
                  </th>
                  <td className="num">
                    {formatNumber(m.attended, language)} / {formatNumber(m.members, language)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        {past.length > showPast ? (
          <p>
            <Link to="?tab=meetings&all=1#meetings">{t('meetings.showAll', { count: past.length })}</Link>
          </p>
        ) : null}
      </section>
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
                {group.meetings
                  .filter((m) => m.held)
                  .map((m) => (
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
        <p className="hint">{t('meetings.pastHint')}</p>
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
    </>
  )
}

function Details() {
  const { t } = useTranslation('staff')
  const { values, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  if (!values) return null
  return (
    <section aria-labelledby="details">
      <h2 id="details">{t('staff:workingGroupForm.editTitle')}</h2>
      <WorkingGroupForm
        values={actionData?.values ?? values}
        errors={actionData?.values ? (actionData.errors ?? undefined) : undefined}
        language={language}
        submitLabel={t('staff:workingGroupForm.save')}
      />
    </section>
  )
}
