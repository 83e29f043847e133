/**
 * The interpreters: people of the directory with the language pairs they work in, their
 * provider or agency and notes. Staff add one by email address and edit them here; they
 * assign them to booths from each webinar (Booths).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { ScrollRegion } from '~/components/ScrollRegion'
import { requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatNumber } from '~/lib/format'
import { LANGUAGE_PAIRS, type LanguagePair, pairLabel } from '~/lib/language-pairs'
import { pageTitle } from '~/lib/meta'
import { EmailSchema, optionalLine } from '~/lib/validation'
import { listInterpreters, saveInterpreter } from '~/services/interpreters.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'interpreters')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  return { language, interpreters: listInterpreters(getDb()) }
}

const InterpreterSchema = z.object({
  email: EmailSchema,
  pairs: z
    .array(z.enum(LANGUAGE_PAIRS, { error: 'errors.field.invalid' }))
    .min(1, { error: 'staff:interpreters.errors.pairs' }),
  provider: optionalLine(120),
  notes: optionalLine(500),
})

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const form = await readForm(request)
  const values = {
    email: String(form.get('email') ?? ''),
    provider: String(form.get('provider') ?? ''),
    notes: String(form.get('notes') ?? ''),
    pairs: form.getAll('pairs').map(String).join(','),
  }
  const parsed = InterpreterSchema.safeParse({ ...values, pairs: form.getAll('pairs') })
  if (!parsed.success)
    return data(
      { errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>, values },
      { status: 400 },
    )
  const result = saveInterpreter(getDb(), parsed.data, { actorId: staff.id })
  if (!result.ok)
    return data({ errors: { email: ['staff:interpreters.errors.unknownPerson'] }, values }, { status: 404 })
  return redirectWithNotice(request, '/staff/interpreters', 'notices.interpreterSaved')
}

export default function Interpreters() {
  const { t } = useTranslation('staff')
  const { interpreters, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const editing = interpreters.find((i) => String(i.personId) === params.get('edit'))
  const errors = actionData?.errors
  const values = actionData?.values ?? {
    email: editing?.email ?? '',
    provider: editing?.provider ?? '',
    notes: editing?.notes ?? '',
    pairs: editing?.pairs.join(',') ?? '',
  }
  const chosen = new Set(values.pairs.split(','))
  return (
    <>
      <h1>{t('interpreters.title')}</h1>
      <p className="lede">{t('interpreters.lede')}</p>
      {interpreters.length === 0 ? (
        <p>{t('interpreters.none')}</p>
      ) : (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('interpreters.name')}</th>
                <th scope="col">{t('interpreters.pairs')}</th>
                <th scope="col" className="num">
                  {t('interpreters.upcoming')}
                </th>
              </tr>
            </thead>
            <tbody>
              {interpreters.map((i) => (
                <tr key={i.personId}>
                  <th scope="row">
                    <Link to={`/staff/people/${i.personId}`}>{i.name}</Link>
                    <span className="hint">{[i.provider, i.notes].filter(Boolean).join(' · ')}</span>
                    <Link
                      to={`?edit=${i.personId}#interpreter-form`}
                      aria-label={t('interpreters.editNamed', { name: i.name })}
                    >
                      {t('interpreters.edit')}
                    </Link>
                  </th>
                  <td>{i.pairs.map(pairLabel).join(', ')}</td>
                  <td className="num">{formatNumber(i.upcoming, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <h2 id="interpreter-form">
        {editing ? t('interpreters.editTitle', { name: editing.name }) : t('interpreters.add')}
      </h2>
      <Form method="post" className="stack" noValidate key={editing?.personId ?? 'new'}>
        {errors ? (
          <p className="error-summary" role="alert">
            {t('common:errors.form.fix')}
          </p>
        ) : null}
        <Field
          name="email"
          type="email"
          label={t('interpreters.email')}
          hint={t('interpreters.emailHint')}
          required
          errors={errors?.email}
          defaultValue={values.email}
        />
        <fieldset aria-describedby={errors?.pairs ? 'pairs-error' : undefined}>
          <legend>{t('interpreters.pairs')}</legend>
          <p className="hint">{t('interpreters.pairsHint')}</p>
          {LANGUAGE_PAIRS.map((pair: LanguagePair) => (
            <label key={pair} className="check">
              <input type="checkbox" name="pairs" value={pair} defaultChecked={chosen.has(pair)} /> {pairLabel(pair)}
            </label>
          ))}
          {errors?.pairs ? (
            <span className="field-error" id="pairs-error">
              {errors.pairs.map((e: string) => t(e.includes(':') ? e : `common:${e}`)).join(' ')}
            </span>
          ) : null}
        </fieldset>
        <Field
          name="provider"
          label={t('interpreters.provider')}
          errors={errors?.provider}
          defaultValue={values.provider}
        />
        <Field name="notes" label={t('interpreters.notes')} errors={errors?.notes} defaultValue={values.notes} />
        <div>
          <button type="submit">{t('interpreters.save')}</button>
        </div>
      </Form>
    </>
  )
}
