import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { POLICY_TOPICS, STATEMENT_KINDS } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { LineProblems } from '~/components/LineProblems'
import { ScrollRegion } from '~/components/ScrollRegion'
import { requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatDate, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField } from '~/lib/params.server'
import type { LineProblem } from '~/lib/pasted-emails'
import { optionalLine, requiredLine } from '~/lib/validation'
import { addVolunteers, createStatement, listTopics } from '~/services/participation.server'
import { createPeopleFromLines } from '~/services/people/record.server'
import { listStatements } from '~/services/statements.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'staffStatements')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const statements = listStatements(db, {}, language)
  return {
    statements: statements.map((s) => ({
      id: s.id,
      title: s.text.title,
      kind: s.kind,
      stage: s.stage,
      deadline: s.deadline,
      penholders: s.penholders.length,
      volunteers: s.volunteers.length,
    })),
    topics: listTopics(db, POLICY_TOPICS),
    language,
  }
}

const StatementSchema = z
  .object({
    title: requiredLine(300),
    titleFr: optionalLine(300),
    titleEs: optionalLine(300),
    summaryEn: z.string().trim().max(5000, { error: 'errors.field.tooLong' }),
    summaryFr: z.string().trim().max(5000, { error: 'errors.field.tooLong' }),
    summaryEs: z.string().trim().max(5000, { error: 'errors.field.tooLong' }),
    kind: z.enum(STATEMENT_KINDS, { error: 'errors.field.invalid' }),
    stage: z.enum(['call_for_volunteers', 'submitted'], { error: 'errors.field.invalid' }),
    commentUrl: z
      .string()
      .trim()
      .max(500, { error: 'errors.field.tooLong' })
      .refine((v) => v === '' || /^https:\/\/[^\s<>"]+$/.test(v), { error: 'errors.webinar.url' }),
    deadline: z
      .string()
      .trim()
      .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), { error: 'errors.field.date' }),
    date: z
      .string()
      .trim()
      .refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), { error: 'errors.webinar.date' }),
    url: z
      .string()
      .trim()
      .max(500, { error: 'errors.field.tooLong' })
      .refine((v) => v === '' || /^https:\/\/[^\s<>"]+$/.test(v), { error: 'errors.webinar.url' }),
    topics: z.array(z.string().trim().min(1).max(60)).min(1, { error: 'errors.statement.topics' }).max(10),
    penholders: z.string().max(20_000),
    volunteers: z.string().max(50_000),
  })
  // A statement recorded as submitted names who held the pen; a new call finds them later.
  // `when`: checked even while other fields are wrong, so every problem shows at once.
  .refine((v) => v.stage !== 'submitted' || v.date !== '', {
    path: ['date'],
    error: 'errors.webinar.date',
    when: (payload) => typeof (payload.value as { date?: unknown }).date === 'string',
  })
  .refine((v) => v.stage !== 'submitted' || v.penholders.trim().length > 0, {
    path: ['penholders'],
    error: 'errors.statement.penholders',
    when: (payload) => typeof (payload.value as { penholders?: unknown }).penholders === 'string',
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
  const form = await readForm(request)
  const reply = (r: Partial<Result>, status = 200) =>
    data({ errors: null, failed: null, saved: null, ...r } as Result, { status })
  if (form.get('intent') === 'create') {
    const extra = String(form.get('otherTopic') ?? '').trim()
    const parsed = StatementSchema.safeParse({
      title: form.get('title') ?? '',
      titleFr: form.get('titleFr') ?? '',
      titleEs: form.get('titleEs') ?? '',
      summaryEn: form.get('summaryEn') ?? '',
      summaryFr: form.get('summaryFr') ?? '',
      summaryEs: form.get('summaryEs') ?? '',
      kind: form.get('kind') ?? '',
      stage: form.get('stage') ?? '',
      commentUrl: form.get('commentUrl') ?? '',
      deadline: form.get('deadline') ?? '',
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
        // A new call opens today; a statement recorded afterwards carries its submission day.
        publishedAt: v.date ? new Date(`${v.date}T12:00:00Z`) : new Date(),
        url: v.url || null,
        penholders: v.penholders,
        volunteers: v.volunteers,
        kind: v.kind,
        stage: v.stage,
        texts: {
          en: { title: v.title, summary: v.summaryEn },
          ...(v.titleFr ? { fr: { title: v.titleFr, summary: v.summaryFr } } : {}),
          ...(v.titleEs ? { es: { title: v.titleEs, summary: v.summaryEs } } : {}),
        },
        commentUrl: v.commentUrl || null,
        deadline: v.deadline || null,
      },
      staff.id,
    )
    if (v.stage === 'call_for_volunteers' && result.failed.length === 0)
      return redirectWithNotice(request, `/staff/statements/${result.id}`, 'notices.statement.created')
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
  const { statements, topics, language } = useLoaderData<typeof loader>()
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
      <section aria-labelledby="pipeline">
        <h2 id="pipeline">{t('statements.pipeline')}</h2>
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('statements.statement')}</th>
                <th scope="col">{t('statements.kind')}</th>
                <th scope="col">{t('statements.stage')}</th>
                <th scope="col">{t('statements.deadline')}</th>
                <th scope="col" className="num">
                  {t('statements.volunteers')}
                </th>
              </tr>
            </thead>
            <tbody>
              {statements
                .filter((s) => s.stage !== 'submitted' && s.stage !== 'withdrawn')
                .map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <Link to={`/staff/statements/${s.id}`}>{s.title}</Link>
                    </th>
                    <td>{t(`statements.kinds.${s.kind}`)}</td>
                    <td>
                      <span className="badge warn">{t(`statements.stages.${s.stage}`)}</span>
                    </td>
                    <td className="nowrap">
                      {s.deadline ? formatDate(new Date(`${s.deadline}T12:00:00Z`), language, 'UTC') : '—'}
                    </td>
                    <td className="num">{s.volunteers}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </ScrollRegion>
        <details className="form-fold">
          <summary>
            {t('statements.done', {
              count: statements.filter((s) => s.stage === 'submitted' || s.stage === 'withdrawn').length,
            })}
          </summary>
          <ul>
            {statements
              .filter((s) => s.stage === 'submitted' || s.stage === 'withdrawn')
              .map((s) => (
                <li key={s.id}>
                  <Link to={`/staff/statements/${s.id}`}>{s.title}</Link>{' '}
                  <span className="muted">{t(`statements.stages.${s.stage}`)}</span>
                </li>
              ))}
          </ul>
        </details>
      </section>
      <section aria-labelledby="new-statement">
        <h2 id="new-statement">{t('statements.new')}</h2>
        <Form method="post" className="stack wide">
          <input type="hidden" name="intent" value="create" />
          <Field name="title" label={t('statements.statementTitle')} errors={errors?.title} />
          <Field name="summaryEn" label={t('statements.summary')} errors={errors?.summaryEn}>
            {(p) => <textarea {...p} rows={3} />}
          </Field>
          {(['fr', 'es'] as const).map((l) => {
            const suffix = l === 'fr' ? 'Fr' : 'Es'
            return (
              <details
                key={l}
                className="form-fold"
                open={Boolean(errors?.[`title${suffix}`] || errors?.[`summary${suffix}`])}
              >
                <summary>{t('statements.textIn', { language: languageName(l, language) })}</summary>
                <Field
                  name={`title${suffix}`}
                  label={t('statements.statementTitle')}
                  errors={errors?.[`title${suffix}`]}
                />
                <Field name={`summary${suffix}`} label={t('statements.summary')} errors={errors?.[`summary${suffix}`]}>
                  {(p) => <textarea {...p} rows={3} />}
                </Field>
              </details>
            )
          })}
          <div className="form-grid">
            <Field name="kind" label={t('statements.kind')} errors={errors?.kind}>
              {(p) => (
                <select {...p} defaultValue="public_comment">
                  {STATEMENT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`statements.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              name="stage"
              label={t('statements.startsAt')}
              hint={t('statements.startsAtHint')}
              errors={errors?.stage}
            >
              {(p) => (
                <select {...p} defaultValue="call_for_volunteers">
                  <option value="call_for_volunteers">{t('statements.stages.call_for_volunteers')}</option>
                  <option value="submitted">{t('statements.stages.submitted')}</option>
                </select>
              )}
            </Field>
            <Field name="commentUrl" label={t('statements.commentUrl')} type="url" errors={errors?.commentUrl} />
            <Field name="deadline" label={t('statements.deadline')} type="date" errors={errors?.deadline} />
          </div>
          <Field
            name="date"
            label={t('statements.date')}
            hint={t('statements.dateHint')}
            type="date"
            errors={errors?.date}
          />
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
