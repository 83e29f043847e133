import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { WebinarForm } from '~/components/WebinarForm'
import { baseUrl } from '~/guards.server'
import { plannerHref } from '~/lib/fairness'
import { readForm } from '~/lib/form.server'
import { timeZones } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idParam } from '~/lib/params.server'
import { parseMeetingForm } from '~/lib/webinar-form'
import { formValues } from '~/lib/webinar-form-values.server'
import { scheduleMeeting } from '~/services/working-group-meetings.server'
import { getWorkingGroup } from '~/services/working-groups.server'
import { requireViewer } from '~/viewer.server'

export const handle = { i18n: ['participation', 'staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'newMeeting')

function groupFor(id: number, language: Parameters<typeof getWorkingGroup>[2]) {
  const group = getWorkingGroup(getDb(), id, language)
  if (!group || group.summitGroup) throw new Response('Not found', { status: 404 })
  return group
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const group = groupFor(idParam(params.id), language)
  const short = group.name.match(/\(([^)]+)\)/)?.[1] ?? group.name
  return {
    group: { id: group.id, name: group.name, members: group.members.length },
    defaults: { timeZone, durationMinutes: '90', reminderHours: '24, 1', title_en: `${short} call` },
    timeZones: timeZones(),
    language,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { person: staff, language } = await requireViewer(request, { role: 'staff' })
  const form = await readForm(request)
  const id = idParam(params.id)
  groupFor(id, language)
  const parsed = parseMeetingForm(form)
  if (!parsed.ok) return data({ errors: parsed.errors, values: formValues(form) }, { status: 400 })
  const result = scheduleMeeting(
    getDb(),
    { groupId: id, meeting: parsed.data },
    { actorId: staff.id, baseUrl: baseUrl() },
  )
  if (!result.ok)
    return data(
      { errors: { time: [`errors.meeting.${result.error}`] }, values: formValues(form) },
      { status: result.error === 'notFound' ? 404 : 400 },
    )
  return redirectWithNotice(
    request,
    `/staff/working-groups/${id}/meetings/${result.meetingId}`,
    'notices.meeting.published',
  )
}

/**
 * Staff schedule a group meeting: the webinar form's texts, time, call link and channels;
 * publishing sends the notices.
 */
export default function NewMeeting() {
  const { t } = useTranslation('participation')
  const { group, defaults, timeZones: zones, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <p>
        <Link to={`/staff/working-groups/${group.id}?tab=meetings`}>{group.name}</Link>
      </p>
      <h1>{t('meetings.new')}</h1>
      <p className="lede">{t('meetings.newLede', { count: group.members })}</p>
      <p>
        <Link to={plannerHref(defaults, { group: group.id })}>{t('staff:planner.open')}</Link>
      </p>
      <WebinarForm
        variant="meeting"
        values={actionData?.values ?? defaults}
        errors={actionData?.errors}
        timeZones={zones}
        series={[]}
        language={language}
        submitLabel={t('meetings.publish')}
      />
    </>
  )
}
