import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import type { AudienceCriteria } from '#db/domain'
import { LANGUAGES, MEMBER_TYPES, REGION_CODES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { ScrollRegion } from '~/components/ScrollRegion'
import { SearchableChecklist } from '~/components/SearchableChecklist'
import { requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatNumber, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { requiredLine } from '~/lib/validation'
import { audienceChoices, audienceCounts, listAudiences, saveAudience } from '~/services/newsletters/audiences.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['newsletters'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'audiences')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  return { audiences: listAudiences(db), choices: audienceChoices(db, language), language }
}

const ids = z.array(z.coerce.number().int().positive())
const CriteriaSchema = z.object({
  name: requiredLine(120),
  eventIds: ids,
  structureIds: ids,
  regionCodes: z.array(z.enum(REGION_CODES)),
  memberTypes: z.array(z.enum(MEMBER_TYPES)),
  languages: z.array(z.enum(LANGUAGES)),
  workingGroupIds: ids,
  groupChairs: z.literal('yes').optional(),
})

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const form = await readForm(request)
  const parsed = CriteriaSchema.safeParse({
    name: form.get('name') ?? '',
    eventIds: form.getAll('eventIds'),
    structureIds: form.getAll('structureIds'),
    regionCodes: form.getAll('regionCodes'),
    memberTypes: form.getAll('memberTypes'),
    languages: form.getAll('languages'),
    workingGroupIds: form.getAll('workingGroupIds'),
    groupChairs: form.get('groupChairs') ?? undefined,
  })
  const intent = form.get('intent')
  const submitted = {
    name: String(form.get('name') ?? ''),
    values: [
      'eventIds',
      'structureIds',
      'regionCodes',
      'memberTypes',
      'languages',
      'workingGroupIds',
      'groupChairs',
    ].flatMap((k) => form.getAll(k).map((v) => `${k}:${v}`)),
  }
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>
    const onlyName = Object.keys(errors).every((k) => k === 'name')
    if (!(intent === 'count' && onlyName)) {
      return data(
        {
          errors: Object.fromEntries(
            Object.entries(errors).map(([k, v]) => [k, k === 'name' ? v : ['errors.field.invalid']]),
          ),
          counts: null,
          submitted,
        },
        { status: 400 },
      )
    }
  }
  const raw = parsed.success ? parsed.data : null
  const criteria: AudienceCriteria = {}
  const source = raw ?? {
    eventIds: form.getAll('eventIds').map(Number),
    structureIds: form.getAll('structureIds').map(Number),
    regionCodes: form.getAll('regionCodes'),
    memberTypes: form.getAll('memberTypes'),
    languages: form.getAll('languages'),
    workingGroupIds: form.getAll('workingGroupIds').map(Number),
    groupChairs: form.get('groupChairs') === 'yes' ? ('yes' as const) : undefined,
  }
  if (source.eventIds.length) criteria.eventIds = source.eventIds
  if (source.structureIds.length) criteria.structureIds = source.structureIds
  if (source.regionCodes.length) criteria.regionCodes = source.regionCodes as AudienceCriteria['regionCodes']
  if (source.memberTypes.length) criteria.memberTypes = source.memberTypes as AudienceCriteria['memberTypes']
  if (source.languages.length) criteria.languages = source.languages as AudienceCriteria['languages']
  if (source.workingGroupIds.length) criteria.workingGroupIds = source.workingGroupIds
  if (source.groupChairs) criteria.groupChairs = true
  const db = getDb()
  if (intent === 'count') return data({ errors: null, counts: audienceCounts(db, criteria), submitted })
  saveAudience(db, { name: raw!.name, criteria }, { actorId: staff.id })
  return redirectWithNotice(request, '/staff/newsletters/audiences', 'notices.newsletter.audienceSaved')
}

export default function Audiences() {
  const { t } = useTranslation('newsletters')
  const { audiences, choices, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors ?? undefined
  const n = (x: number) => formatNumber(x, language)
  const was = (key: string, value: string | number) => actionData?.submitted.values.includes(`${key}:${value}`)
  const describe = (c: AudienceCriteria) => {
    const parts: string[] = []
    if (c.eventIds?.length)
      parts.push(c.eventIds.map((id) => choices.events.find((e) => e.id === id)?.title ?? `#${id}`).join(', '))
    if (c.regionCodes?.length) parts.push(c.regionCodes.join(', '))
    if (c.memberTypes?.length) parts.push(c.memberTypes.map((m) => t(`common:memberTypes.${m}`)).join(', '))
    if (c.structureIds?.length)
      parts.push(c.structureIds.map((id) => choices.structures.find((s) => s.id === id)?.name ?? `#${id}`).join(', '))
    if (c.languages?.length) parts.push(c.languages.map((l) => languageName(l, language)).join(', '))
    const groups = [
      ...(c.workingGroupIds ?? []).map((id) => choices.workingGroups.find((g) => g.id === id)?.name ?? `#${id}`),
      ...(c.groupChairs ? [t('newsletters.groupChairs')] : []),
    ]
    if (groups.length) parts.push(groups.join(t('newsletters.or')))
    return parts.length ? parts.join(' · ') : t('newsletters.everyone')
  }
  return (
    <>
      <h1>{t('newsletters.audiencesTitle')}</h1>
      <p>
        <Link to="/staff/newsletters">{t('newsletters.back')}</Link>
      </p>
      <ScrollRegion>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('newsletters.audienceName')}</th>
              <th scope="col">{t('newsletters.criteria')}</th>
              <th scope="col" className="num">
                {t('newsletters.recipients')}
              </th>
              <th scope="col" className="num">
                {t('newsletters.leftOut')}
              </th>
            </tr>
          </thead>
          <tbody>
            {audiences.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td>{describe(s.criteria)}</td>
                <td className="num">{n(s.counts.recipients)}</td>
                <td className="num">
                  {t('newsletters.leftOutCounts', {
                    unsubscribed: n(s.counts.unsubscribed),
                    bounced: n(s.counts.bounced),
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>

      <h2>{t('newsletters.newAudience')}</h2>
      <Form method="post" className="stack wide">
        {errors ? (
          <p className="error-summary" role="alert">
            {t('common:errors.form.fix')}
          </p>
        ) : null}
        <Field
          name="name"
          label={t('newsletters.audienceName')}
          errors={errors?.name}
          defaultValue={actionData?.submitted.name}
        />
        <fieldset>
          <legend>{t('common:profile.region')}</legend>
          {REGION_CODES.map((r) => (
            <label key={r} className="check">
              <input type="checkbox" name="regionCodes" value={r} defaultChecked={was('regionCodes', r)} />{' '}
              {t(`common:regions.${r}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('common:profile.memberType')}</legend>
          {MEMBER_TYPES.map((m) => (
            <label key={m} className="check">
              <input type="checkbox" name="memberTypes" value={m} defaultChecked={was('memberTypes', m)} />{' '}
              {t(`common:memberTypes.${m}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('newsletters.readerLanguage')}</legend>
          {LANGUAGES.map((l) => (
            <label key={l} className="check">
              <input type="checkbox" name="languages" value={l} defaultChecked={was('languages', l)} />{' '}
              {languageName(l, language)}
            </label>
          ))}
        </fieldset>
        <SearchableChecklist
          name="eventIds"
          legend={t('newsletters.participantsOf')}
          hint={t('newsletters.checklistHint')}
          errors={errors?.eventIds}
          checked={choices.events.filter((e) => was('eventIds', e.id)).map((e) => String(e.id))}
          options={choices.events.map((e) => ({
            value: String(e.id),
            label: `${e.title} (${t(`newsletters.eventKinds.${e.kind}`)}, ${new Date(e.startsAt).getUTCFullYear()})`,
          }))}
        />
        <fieldset>
          <legend>{t('newsletters.workingGroups')}</legend>
          <p className="hint">{t('newsletters.workingGroupsHint')}</p>
          {choices.workingGroups.map((g) => (
            <label key={g.id} className="check">
              <input
                type="checkbox"
                name="workingGroupIds"
                value={g.id}
                defaultChecked={was('workingGroupIds', g.id)}
              />{' '}
              {g.name}
            </label>
          ))}
          <label className="check">
            <input type="checkbox" name="groupChairs" value="yes" defaultChecked={was('groupChairs', 'yes')} />{' '}
            {t('newsletters.groupChairs')}
          </label>
        </fieldset>
        <SearchableChecklist
          name="structureIds"
          legend={t('newsletters.structures')}
          hint={t('newsletters.checklistHint')}
          errors={errors?.structureIds}
          checked={choices.structures.filter((x) => was('structureIds', x.id)).map((x) => String(x.id))}
          options={choices.structures.map((x) => ({ value: String(x.id), label: x.name }))}
        />
        {actionData?.counts ? (
          <p className="notice" role="status">
            {t('newsletters.countResult', {
              recipients: n(actionData.counts.recipients),
              unsubscribed: n(actionData.counts.unsubscribed),
              bounced: n(actionData.counts.bounced),
            })}
          </p>
        ) : null}
        <div className="inline-actions">
          <button type="submit" name="intent" value="count" className="secondary">
            {t('newsletters.count')}
          </button>
          <button type="submit" name="intent" value="save">
            {t('newsletters.saveAudience')}
          </button>
        </div>
      </Form>
    </>
  )
}
