import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { LANGUAGES, REGION_CODES, REPORT_STATUSES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { readForm } from '~/lib/form.server'
import { languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField } from '~/lib/params.server'
import { staffSummit } from '~/lib/staff-summit.server'
import { optionalLine, requiredLine } from '~/lib/validation'
import {
  assignToGroup,
  autoAssign,
  createSummitGroup,
  summitGroups,
  updateReport,
} from '~/services/summits/groups.server'
import { roster } from '~/services/summits/roster.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'summits'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'summitGroups')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, db, id, summit } = await staffSummit(request, params)
  const confirmed = roster(db, id, { status: 'confirmed' })
  const groups = summitGroups(db, id, language)
  const assigned = new Set(groups.flatMap((g) => g.members.map((m) => m.personId)))
  return {
    summit: { id, title: summit.title },
    groups,
    confirmed: confirmed.map((r) => ({
      id: r.id,
      name: r.name,
      regionCode: r.regionCode,
      assigned: assigned.has(r.personId),
    })),
    language,
  }
}

const ReportSchema = z.object({
  groupId: z.coerce.number().int().positive(),
  reportStatus: z.enum(REPORT_STATUSES, { error: 'errors.field.invalid' }),
  reportUrl: z
    .string()
    .trim()
    .max(500)
    .refine((v) => v === '' || /^https:\/\/[^\s<>"]+$/.test(v), { error: 'errors.webinar.url' }),
})
const GroupSchema = z.object({
  name_en: requiredLine(200),
  name_fr: optionalLine(200),
  name_es: optionalLine(200),
  topic_en: z.string().trim().min(1, { error: 'errors.field.required' }).max(500, { error: 'errors.field.tooLong' }),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const { staff, db, id } = await staffSummit(request, params)
  const form = await readForm(request)
  const here = `/staff/summits/${id}/groups`
  const fail = (errors: Record<string, string[] | undefined>, status = 400) => data({ errors }, { status })
  const value = (k: string) => String(form.get(k) ?? '')
  switch (form.get('intent')) {
    case 'create': {
      const parsed = GroupSchema.safeParse({
        name_en: value('name_en'),
        name_fr: value('name_fr'),
        name_es: value('name_es'),
        topic_en: value('topic_en'),
      })
      if (!parsed.success) return fail(z.flattenError(parsed.error).fieldErrors)
      const v = parsed.data
      createSummitGroup(
        db,
        {
          summitId: id,
          name: { en: v.name_en, ...(v.name_fr ? { fr: v.name_fr } : {}), ...(v.name_es ? { es: v.name_es } : {}) },
          topic: { en: v.topic_en },
        },
        { actorId: staff.id },
      )
      return redirectWithNotice(request, here, 'notices.summit.groupCreated')
    }
    case 'report': {
      const parsed = ReportSchema.safeParse({
        groupId: form.get('groupId'),
        reportStatus: form.get('reportStatus'),
        reportUrl: value('reportUrl'),
      })
      if (!parsed.success) return fail(z.flattenError(parsed.error).fieldErrors)
      if (
        !updateReport(
          db,
          {
            summitId: id,
            groupId: parsed.data.groupId,
            reportUrl: parsed.data.reportUrl || null,
            reportStatus: parsed.data.reportStatus,
          },
          { actorId: staff.id },
        )
      )
        return fail({ groupId: ['errors.field.invalid'] }, 404)
      return redirectWithNotice(request, here, 'notices.summit.reportSaved')
    }
    case 'assign': {
      const role = value('role')
      if (role !== 'member' && role !== 'chair' && role !== 'rapporteur')
        return fail({ role: ['errors.field.invalid'] })
      const result = assignToGroup(
        db,
        {
          summitId: id,
          participationId: idField(form.get('participationId')) ?? 0,
          groupId: idField(form.get('groupId')) ?? 0,
          role,
        },
        { actorId: staff.id },
      )
      if (!result.ok)
        return fail({ participationId: [`errors.summit.${result.error}`] }, result.error === 'notFound' ? 404 : 409)
      return redirectWithNotice(request, here, 'notices.summit.assigned')
    }
    case 'auto': {
      autoAssign(db, { summitId: id }, { actorId: staff.id })
      return redirectWithNotice(request, here, 'notices.summit.autoAssigned')
    }
    default:
      return fail({ form: ['errors.form.rejected'] })
  }
}

export default function SummitGroups() {
  const { t } = useTranslation('summits')
  const { summit, groups, confirmed, language } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const errors = a?.errors
  const waiting = confirmed.filter((c) => !c.assigned).length
  return (
    <>
      <h1>{t('summits.groupsTitle', { title: summit.title })}</h1>
      <p>
        <Link to={`/staff/summits/${summit.id}`}>{t('summits.roster')}</Link> ·{' '}
        <a href={`/staff/summits/${summit.id}/export/groups`} download>
          {t('summits.groupsCsv')}
        </a>
      </p>
      {errors ? (
        <p className="error-summary" role="alert">
          {Object.values(errors)
            .flat()
            .map((e) => t(`common:${e}`))
            .join(' ')}
        </p>
      ) : null}
      <p>{t('summits.waiting', { count: waiting })}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="auto" />
        <button type="submit" disabled={waiting === 0 || groups.length === 0}>
          {t('summits.autoAssign')}
        </button>
      </Form>
      {groups.map((g) => (
        <section key={g.id} aria-labelledby={`group-${g.id}`} className="card">
          <h2 id={`group-${g.id}`}>{g.name}</h2>
          <p className="muted">{g.topic}</p>
          <p>
            {t('summits.groupMembers', { count: g.members.length })} ·{' '}
            {REGION_CODES.map((r) => `${r} ${g.byRegion[r]}`).join(' · ')}
          </p>
          <p>
            {g.members
              .filter((m) => m.role !== 'member')
              .map((m) => `${m.name} (${t(`participation:workingGroups.roles.${m.role}`)})`)
              .join(', ') || t('summits.noChairs')}
          </p>
          <Form method="post" className="filters">
            <input type="hidden" name="intent" value="report" />
            <input type="hidden" name="groupId" value={g.id} />
            <div className="field">
              <label htmlFor={`status-${g.id}`}>{t('summits.reportStatus')}</label>
              <select id={`status-${g.id}`} name="reportStatus" defaultValue={g.reportStatus}>
                {REPORT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`summits.reportStatuses.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`url-${g.id}`}>{t('summits.reportUrl')}</label>
              <input id={`url-${g.id}`} type="url" name="reportUrl" defaultValue={g.reportUrl ?? ''} />
            </div>
            <div>
              <button type="submit" className="secondary">
                {t('summits.save')}
              </button>
            </div>
          </Form>
        </section>
      ))}
      <section aria-labelledby="assign">
        <h2 id="assign">{t('summits.assign')}</h2>
        <Form method="post" className="filters">
          <input type="hidden" name="intent" value="assign" />
          <Field name="participationId" label={t('summits.participant')}>
            {(p) => (
              <select {...p}>
                {confirmed.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.regionCode ?? '—'}){c.assigned ? '' : ` — ${t('summits.unassigned')}`}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="groupId" label={t('summits.group')}>
            {(p) => (
              <select {...p}>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="role" label={t('summits.role')}>
            {(p) => (
              <select {...p} defaultValue="member">
                {(['member', 'chair', 'rapporteur'] as const).map((r) => (
                  <option key={r} value={r}>
                    {t(`participation:workingGroups.roles.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div>
            <button type="submit">{t('summits.assignButton')}</button>
          </div>
        </Form>
      </section>
      <section aria-labelledby="new-group">
        <h2 id="new-group">{t('summits.newGroup')}</h2>
        <Form method="post" className="stack wide">
          <input type="hidden" name="intent" value="create" />
          {LANGUAGES.map((l) => (
            <Field
              key={l}
              name={`name_${l}`}
              label={t('summits.groupName', { language: languageName(l, language) })}
              errors={errors?.[`name_${l}`]}
            />
          ))}
          <Field name="topic_en" label={t('summits.groupTopic')} errors={errors?.topic_en} />
          <div>
            <button type="submit">{t('summits.createGroup')}</button>
          </div>
        </Form>
      </section>
    </>
  )
}
