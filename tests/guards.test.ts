import { beforeAll, describe, expect, it } from 'vitest'

import { getDb } from '#db/client'
import { DEMO_ACCOUNTS } from '#db/seed'
import * as analysisLayout from '~/routes/analysis'
import * as analysisIndex from '~/routes/analysis._index'
import * as participation from '~/routes/analysis.participation._index'
import * as participationPeople from '~/routes/analysis.participation.people'
import * as participationRecords from '~/routes/analysis.participation.records'
import * as participationStructures from '~/routes/analysis.participation.structures'
import * as recommendations from '~/routes/analysis.recommendations._index'
import * as recommendation from '~/routes/analysis.recommendations.$id'
import * as recommendationNew from '~/routes/analysis.recommendations.new'
import * as trackerReport from '~/routes/analysis.tracker_.report'
import * as myParticipation from '~/routes/participation'
import * as profile from '~/routes/profile'
import * as staffLayout from '~/routes/staff'
import * as staffIndex from '~/routes/staff._index'
import * as newsletters from '~/routes/staff.newsletters._index'
import * as newsletterManage from '~/routes/staff.newsletters.$id'
import * as newsletterPreview from '~/routes/staff.newsletters.$id.preview'
import * as audiences from '~/routes/staff.newsletters.audiences'
import * as newsletterNew from '~/routes/staff.newsletters.new'
import * as newsletterLivePreview from '~/routes/staff.newsletters.preview'
import * as outboxIndex from '~/routes/staff.outbox._index'
import * as outboxMessage from '~/routes/staff.outbox.$id'
import * as outboxHtml from '~/routes/staff.outbox.$id.html'
import * as staffStatements from '~/routes/staff.statements'
import * as staffStatement from '~/routes/staff.statements_.$id'
import * as workingGroups from '~/routes/staff.working-groups._index'
import * as workingGroup from '~/routes/staff.working-groups.$id'
import * as groupMeeting from '~/routes/staff.working-groups.$id_.meetings.$meetingId'
import * as newGroupMeeting from '~/routes/staff.working-groups.$id_.meetings.new'
import * as newWorkingGroup from '~/routes/staff.working-groups.new'
import * as volunteerPage from '~/routes/statements.$id.volunteer'
import { enqueueMail } from '~/services/outbox.server'

import { seededDb } from './helpers/db'
import { cookieFor, formRequest, getRequest, run, statusOf } from './helpers/http'

type Who = 'anonymous' | 'participant' | 'analyst' | 'staff'
const cookies: Partial<Record<Who, string>> = {}

beforeAll(async () => {
  await seededDb({ participants: 20 })
  cookies.participant = await cookieFor(DEMO_ACCOUNTS.participant)
  cookies.analyst = await cookieFor(DEMO_ACCOUNTS.analyst)
  cookies.staff = await cookieFor(DEMO_ACCOUNTS.staff)
  enqueueMail(getDb(), {
    uniqueKey: 'k',
    kind: 'test',
    to: 'x@example.net',
    language: 'en',
    message: { subject: 'S', html: '<p>H</p>', text: 'T' },
  })
})

// 302 = sent to sign in, 403 = signed in but not allowed, 200 = shown.
const expectations: {
  name: string
  handler: (args: never) => unknown
  params?: Record<string, string>
  path: string
  method?: 'POST'
  who: Record<Who, number>
}[] = [
  {
    name: 'staff layout',
    handler: staffLayout.loader,
    path: '/staff',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'staff overview',
    handler: staffIndex.loader,
    path: '/staff',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'outbox list',
    handler: outboxIndex.loader,
    path: '/staff/outbox',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'outbox message',
    handler: outboxMessage.loader,
    params: { id: '1' },
    path: '/staff/outbox/1',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'outbox message html',
    handler: outboxHtml.loader,
    params: { id: '1' },
    path: '/staff/outbox/1/html',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'outbox retry (action)',
    handler: outboxMessage.action,
    params: { id: '1' },
    path: '/staff/outbox/1',
    method: 'POST',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 303 },
  },
  {
    name: 'newsletters',
    handler: newsletters.loader,
    path: '/staff/newsletters',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'new newsletter (action)',
    handler: newsletterNew.action,
    path: '/staff/newsletters/new',
    method: 'POST',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 400 },
  },
  {
    name: 'newsletter',
    handler: newsletterManage.loader,
    params: { id: '1' },
    path: '/staff/newsletters/1',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'newsletter (action)',
    handler: newsletterManage.action,
    params: { id: '1' },
    path: '/staff/newsletters/1',
    method: 'POST',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 400 },
  },
  {
    name: 'newsletter preview as reader',
    handler: newsletterPreview.loader,
    params: { id: '1' },
    path: '/staff/newsletters/1/preview',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'newsletter live preview (action)',
    handler: newsletterLivePreview.action,
    path: '/staff/newsletters/preview',
    method: 'POST',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'audiences',
    handler: audiences.loader,
    path: '/staff/newsletters/audiences',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'audiences (action)',
    handler: audiences.action,
    path: '/staff/newsletters/audiences',
    method: 'POST',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 400 },
  },
  {
    name: 'participation overview',
    handler: participation.loader,
    path: '/analysis/participation',
    who: { anonymous: 302, participant: 403, analyst: 200, staff: 200 },
  },
  {
    name: 'participation structures',
    handler: participationStructures.loader,
    path: '/analysis/participation/structures',
    who: { anonymous: 302, participant: 403, analyst: 200, staff: 200 },
  },
  {
    name: 'participation people',
    handler: participationPeople.loader,
    path: '/analysis/participation/people',
    who: { anonymous: 302, participant: 403, analyst: 200, staff: 200 },
  },
  {
    name: 'participation records',
    handler: participationRecords.loader,
    path: '/analysis/participation/records',
    who: { anonymous: 302, participant: 403, analyst: 200, staff: 200 },
  },
  {
    name: 'my participation',
    handler: myParticipation.loader,
    path: '/participation',
    who: { anonymous: 302, participant: 200, analyst: 200, staff: 200 },
  },
  {
    name: 'working groups',
    handler: workingGroups.loader,
    path: '/staff/working-groups',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'working group',
    handler: workingGroup.loader,
    params: { id: '1' },
    path: '/staff/working-groups/1',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'working group (action)',
    handler: workingGroup.action,
    params: { id: '1' },
    path: '/staff/working-groups/1',
    method: 'POST',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 400 },
  },
  {
    name: 'new working group',
    handler: newWorkingGroup.loader,
    path: '/staff/working-groups/new',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'new working group (action)',
    handler: newWorkingGroup.action,
    path: '/staff/working-groups/new',
    method: 'POST',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 400 },
  },
  {
    name: 'group meeting',
    handler: groupMeeting.loader,
    params: { id: '6', meetingId: '1' },
    path: '/staff/working-groups/6/meetings/1',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'group meeting (action)',
    handler: groupMeeting.action,
    params: { id: '6', meetingId: '1' },
    path: '/staff/working-groups/6/meetings/1',
    method: 'POST',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 400 },
  },
  {
    name: 'new group meeting',
    handler: newGroupMeeting.loader,
    params: { id: '6' },
    path: '/staff/working-groups/6/meetings/new',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'new group meeting (action)',
    handler: newGroupMeeting.action,
    params: { id: '6' },
    path: '/staff/working-groups/6/meetings/new',
    method: 'POST',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 400 },
  },
  {
    name: 'statement (staff)',
    handler: staffStatement.loader,
    params: { id: '13' },
    path: '/staff/statements/13',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'statement (staff action)',
    handler: staffStatement.action,
    params: { id: '13' },
    path: '/staff/statements/13',
    method: 'POST',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 400 },
  },
  {
    name: 'volunteer for a statement',
    handler: volunteerPage.loader,
    params: { id: '13' },
    path: '/statements/13/volunteer',
    who: { anonymous: 302, participant: 200, analyst: 200, staff: 200 },
  },
  {
    name: 'statements (staff)',
    handler: staffStatements.loader,
    path: '/staff/statements',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'statements (staff action)',
    handler: staffStatements.action,
    path: '/staff/statements',
    method: 'POST',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 400 },
  },
  {
    name: 'recommendations',
    handler: recommendations.loader,
    path: '/analysis/recommendations',
    who: { anonymous: 302, participant: 403, analyst: 200, staff: 200 },
  },
  {
    name: 'recommendation',
    handler: recommendation.loader,
    params: { id: '1' },
    path: '/analysis/recommendations/1',
    who: { anonymous: 302, participant: 403, analyst: 200, staff: 200 },
  },
  {
    name: 'recommendation (action)',
    handler: recommendation.action,
    params: { id: '1' },
    path: '/analysis/recommendations/1',
    method: 'POST',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 400 },
  },
  {
    name: 'new recommendation',
    handler: recommendationNew.loader,
    path: '/analysis/recommendations/new',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 200 },
  },
  {
    name: 'new recommendation (action)',
    handler: recommendationNew.action,
    path: '/analysis/recommendations/new',
    method: 'POST',
    who: { anonymous: 302, participant: 403, analyst: 403, staff: 400 },
  },
  {
    name: 'progress update',
    handler: trackerReport.loader,
    path: '/analysis/tracker/report',
    who: { anonymous: 302, participant: 403, analyst: 200, staff: 200 },
  },
  {
    name: 'analysis layout',
    handler: analysisLayout.loader,
    path: '/analysis',
    who: { anonymous: 302, participant: 403, analyst: 200, staff: 200 },
  },
  {
    name: 'analysis overview',
    handler: analysisIndex.loader,
    path: '/analysis',
    who: { anonymous: 302, participant: 403, analyst: 200, staff: 200 },
  },
  {
    name: 'profile',
    handler: profile.loader,
    path: '/profile',
    who: { anonymous: 302, participant: 200, analyst: 200, staff: 200 },
  },
  {
    name: 'profile save (action)',
    handler: profile.action,
    path: '/profile',
    method: 'POST',
    who: { anonymous: 302, participant: 400, analyst: 400, staff: 400 },
  },
]

describe('every protected loader and action checks who is asking', () => {
  for (const e of expectations) {
    for (const who of ['anonymous', 'participant', 'analyst', 'staff'] as const) {
      it(`${e.name}: ${who} → ${e.who[who]}`, async () => {
        const cookie = cookies[who]
        const request = e.method === 'POST' ? formRequest(e.path, {}, { cookie }) : getRequest(e.path, { cookie })
        const result = await run(e.handler as never, request, e.params)
        expect(statusOf(result)).toBe(e.who[who])
        if (e.who[who] === 302) expect((result as Response).headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
      })
    }
  }

  it('serves the mail preview with a sandboxing Content-Security-Policy', async () => {
    const res = (await run(outboxHtml.loader, getRequest('/staff/outbox/1/html', { cookie: cookies.staff }), {
      id: '1',
    })) as Response
    expect(res.headers.get('Content-Security-Policy')).toMatch(/^sandbox;/)
  })
})
