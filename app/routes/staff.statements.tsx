import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { POLICY_TOPICS } from '#db/domain'
import { Field } from '~/components/Field'
import { LineProblems } from '~/components/LineProblems'
import { requireRole } from '~/guards.server'
import { pageTitle } from '~/lib/meta'
import { idField } from '~/lib/params.server'
import type { LineProblem } from '~/lib/pasted-emails'
import { requiredLine } from '~/lib/validation'
import { addVolunteers, createStatement, listStatements, listTopics } from '~/services/participation.server'
import { createPeopleFromLines } from '~/services/people/record.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'staffStatements')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  return {
    statements: listStatements(db).map((s) => ({ id: s.id, title: s.title })),
    topics: listTopics(db, POLICY_TOPICS),
    language,
  }
}

const StatementSchema = z.object({
  title: requiredLine(300),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'errors.webinar.date' }),
  url: z
    .string()
    .trim()
    .max(500, { error: 'errors.field.tooLong' })
    .refine((v) => v === '' || /^https:\/\/[^\s<>"]+$/.test(v), { error: 'errors.webinar.url' }),
  topics: z.array(z.string().trim().min(1).max(60)).min(1, { error: 'errors.statement.topics' }).max(10),
  penholders: z
    .string()
    .max(20_000)
    .refine((v) => v.trim().length > 0, { error: 'errors.statement.penholders' }),
  volunteers: z.string().max(50_000),
})

type Result = {
  errors: Record<string, string[] | undefined> | null
  failed: LineProblem[] | null
  saved: string | null
  statementId?: number
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const db = getDb()
  const form = await request.formData()
  const reply = (r: Partial<Result>, status = 200) =>
    data({ errors: null, failed: null, saved: null, ...r } as Result, { status })
  if (form.get('intent') === 'create') {
    const extra = String(form.get('otherTopic') ?? '').trim()
    const parsed = StatementSchema.safeParse({
      title: form.get('title') ?? '',
      date: form.get('date') ?? '',
      url: form.get('url') ?? '',
      topics: [...form.getAll('topics').map(String), ...(extra ? [extra] : [])],
      penholders: form.get('penholders') ?? '',
      volunteers: form.get('volunteers') ?? '',
    })
    if (!parsed.success) return reply({ errors: z.flattenError(parsed.error).fieldErrors }, 400)
    const v = parsed.data
    const result = createStatement(
      db,
      {
        title: v.title,
        topics: [...new Set(v.topics)],
        publishedAt: new Date(`${v.date}T12:00:00Z`),
        url: v.url || null,
        penholders: v.penholders,
        volunteers: v.volunteers,
      },
      staff.id,
    )
    return reply({ failed: result.failed, saved: 'statementSaved' })
  }
  if (form.get('intent') === 'volunteers') {
    const text = String(form.get('volunteerList') ?? '').slice(0, 50_000)
    if (!text.trim()) return reply({ errors: { volunteerList: ['errors.webinar.noEmails'] } }, 400)
    if (form.get('createUnknown') === 'yes') createPeopleFromLines(db, { text }, { actorId: staff.id })
    const result = addVolunteers(db, idField(form.get('statementId')) ?? 0, text, staff.id)
    if (!result) return reply({ errors: { statementId: ['errors.field.invalid'] } }, 400)
    return reply(
      { failed: result.failed, saved: 'volunteersSaved', statementId: idField(form.get('statementId')) ?? 0 },
      result.stored === 0 && result.failed.length ? 400 : 200,
    )
  }
  return reply({ errors: { form: ['errors.form.rejected'] } }, 400)
}

export default function StaffStatements() {
  const { t } = useTranslation('participation')
  const { statements, topics } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>() as Result | undefined
  const errors = a?.errors ?? undefined
  return (
    <>
      <h1>{t('statements.staffTitle')}</h1>
      <p>
        <Link to="/statements">{t('statements.publicList')}</Link>
      </p>
      {a?.saved ? (
        <div className="notice" role="status">
          <p>{t(`statements.${a.saved}`)}</p>
          <LineProblems
            failed={a.failed ?? []}
            createWith={
              a.saved === 'volunteersSaved'
                ? { intent: 'volunteers', field: 'volunteerList', hidden: { statementId: a.statementId ?? 0 } }
                : undefined
            }
          />
        </div>
      ) : null}
      <section aria-labelledby="new-statement">
        <h2 id="new-statement">{t('statements.new')}</h2>
        <Form method="post" className="stack wide">
          <input type="hidden" name="intent" value="create" />
          <Field name="title" label={t('statements.statementTitle')} errors={errors?.title} />
          <Field name="date" label={t('statements.date')} type="date" errors={errors?.date} />
          <Field name="url" label={t('statements.url')} type="url" errors={errors?.url} />
          <fieldset aria-describedby={errors?.topics ? 'topics-error' : undefined}>
            <legend>{t('statements.topics')}</legend>
            {topics.map((x) => (
              <label key={x} className="check">
                <input type="checkbox" name="topics" value={x} /> {x}
              </label>
            ))}
            <Field name="otherTopic" label={t('statements.otherTopic')} />
            {errors?.topics ? (
              <span id="topics-error" className="field-error">
                {errors.topics.map((e) => t(`common:${e}`)).join(' ')}
              </span>
            ) : null}
          </fieldset>
          <Field
            name="penholders"
            label={t('statements.penholdersField')}
            hint={t('statements.emailsHint')}
            errors={errors?.penholders}
          >
            {(p) => <textarea {...p} rows={3} />}
          </Field>
          <Field
            name="volunteers"
            label={t('statements.volunteersField')}
            hint={t('statements.emailsHint')}
            errors={errors?.volunteers}
          >
            {(p) => <textarea {...p} rows={4} />}
          </Field>
          <div>
            <button type="submit">{t('statements.save')}</button>
          </div>
        </Form>
      </section>
      <section aria-labelledby="add-volunteers">
        <h2 id="add-volunteers">{t('statements.addVolunteers')}</h2>
        <Form method="post" className="stack wide">
          <input type="hidden" name="intent" value="volunteers" />
          <Field name="statementId" label={t('statements.statement')} errors={errors?.statementId}>
            {(p) => (
              <select {...p}>
                {statements.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            name="volunteerList"
            label={t('statements.volunteersField')}
            hint={t('statements.emailsHint')}
            errors={errors?.volunteerList}
          >
            {(p) => <textarea {...p} rows={4} />}
          </Field>
          <div>
            <button type="submit">{t('statements.addVolunteersButton')}</button>
          </div>
        </Form>
      </section>
    </>
  )
}
