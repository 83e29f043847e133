import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { LANGUAGES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { readForm } from '~/lib/form.server'
import { pageTitle } from '~/lib/meta'
import { OptionalIdSchema, parseForm, requiredLine } from '~/lib/validation'
import { allCriteria, saveCriterion } from '~/services/structures/accreditation.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'criteria')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireViewer(request, { role: 'staff' })
  return { criteria: allCriteria(getDb()) }
}

const CriterionSchema = z.object({
  id: OptionalIdSchema,
  en: requiredLine(300),
  fr: requiredLine(300),
  es: requiredLine(300),
  active: z.enum(['yes', 'no']).optional(),
})

/** Staff edit the due-diligence checklist: add a criterion, reword one, take one out of use or back. */
export async function action({ request }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  const form = await readForm(request)
  const parsed = parseForm(CriterionSchema, form)
  const id = String(form.get('id') ?? '') || 'new'
  if (!parsed.ok) return data({ id, errors: parsed.errors }, { status: 400 })
  const { en, fr, es, active } = parsed.data
  const result = saveCriterion(
    getDb(),
    { id: parsed.data.id ?? undefined, text: { en, fr, es }, active: active ? active === 'yes' : undefined },
    { actorId: staff.id },
  )
  if (!result.ok) return data({ id, errors: { form: ['errors.notFoundNothingChanged'] } }, { status: 404 })
  return redirectWithNotice(request, '/staff/structures/criteria', 'notices.structure.criterionSaved')
}

export default function Criteria() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>() as { id: string; errors: Record<string, string[] | undefined> } | undefined
  const busy = useNavigation().state !== 'idle'
  const fields = (key: string, values: Partial<Record<'en' | 'fr' | 'es', string>>) => {
    const errors = a?.id === key ? a.errors : undefined
    return LANGUAGES.map((l) => (
      <div className="field" key={l}>
        <label htmlFor={`criterion-${key}-${l}`}>{t('criteria.text', { language: l.toUpperCase() })}</label>
        <input
          id={`criterion-${key}-${l}`}
          name={l}
          type="text"
          defaultValue={values[l] ?? ''}
          required
          aria-invalid={Boolean(errors?.[l])}
          aria-describedby={errors?.[l] ? `criterion-${key}-${l}-error` : undefined}
        />
        {errors?.[l] ? (
          <span className="field-error" id={`criterion-${key}-${l}-error`}>
            {errors[l]!.map((e) => t(`common:${e}`)).join(' ')}
          </span>
        ) : null}
      </div>
    ))
  }
  return (
    <>
      <p>
        <Link to="/staff/structures">← {t('structures.title')}</Link>
      </p>
      <h1>{t('criteria.title')}</h1>
      <p className="lede">{t('criteria.lede')}</p>
      <ol className="cards">
        {d.criteria.map((c) => (
          <li key={c.id} className="card">
            <Form method="post" className="stack" aria-label={c.text.en}>
              <input type="hidden" name="id" value={c.id} />
              {c.active ? null : <p className="badge muted">{t('criteria.outOfUse')}</p>}
              {fields(String(c.id), c.text)}
              <p>
                <button type="submit" className="secondary small" disabled={busy}>
                  {t('criteria.save')}
                </button>{' '}
                <button
                  type="submit"
                  name="active"
                  value={c.active ? 'no' : 'yes'}
                  className="secondary small"
                  disabled={busy}
                >
                  {c.active ? t('criteria.retire') : t('criteria.restore')}
                </button>
              </p>
            </Form>
          </li>
        ))}
      </ol>
      <h2>{t('criteria.add')}</h2>
      <Form method="post" className="stack card">
        {fields('new', {})}
        <p>
          <button type="submit" disabled={busy}>
            {t('criteria.addButton')}
          </button>
        </p>
      </Form>
    </>
  )
}
