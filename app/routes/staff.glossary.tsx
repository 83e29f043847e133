/**
 * Staff manage the shared glossary: add, edit and delete terms, each with its expansion and
 * definition per language (English required, the others fall back to it).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { LanguageFieldsets, languageValues } from '~/components/LanguageFieldsets'
import { ScrollRegion } from '~/components/ScrollRegion'
import { requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { languageName } from '~/lib/format'
import { loc, missingLanguages } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { idField } from '~/lib/params.server'
import { optionalLine, parseForm, requiredLine } from '~/lib/validation'
import { formValues } from '~/lib/webinar-form-values.server'
import { deleteTerm, getTerm, listTerms, saveTerm, type TermInput } from '~/services/glossary.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['glossary'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'glossary')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const edit = idField(new URL(request.url).searchParams.get('edit'))
  const editing = edit ? getTerm(db, edit) : null
  return { language, terms: listTerms(db), editing }
}

const TermSchema = z
  .object({
    id: z.string().optional(),
    term: requiredLine(40),
    expansion_en: requiredLine(200),
    expansion_fr: optionalLine(200),
    expansion_es: optionalLine(200),
    definition_en: requiredLine(1000),
    definition_fr: optionalLine(1000),
    definition_es: optionalLine(1000),
  })
  .transform((v, ctx): TermInput & { id: number | null } => {
    const id = v.id ? idField(v.id) : null
    if (v.id && id === null) ctx.addIssue({ code: 'custom', path: ['form'], message: 'errors.form.rejected' })
    return {
      id,
      term: v.term,
      expansion: { en: v.expansion_en, fr: v.expansion_fr, es: v.expansion_es },
      definition: { en: v.definition_en, fr: v.definition_fr, es: v.definition_es },
    }
  })

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const form = await readForm(request)
  const db = getDb()
  if (form.get('intent') === 'delete') {
    const id = idField(form.get('id'))
    if (!id || !deleteTerm(db, id, { actorId: staff.id })) throw new Response('Not found', { status: 404 })
    return redirectWithNotice(request, '/staff/glossary', 'notices.glossary.deleted')
  }
  const parsed = parseForm(TermSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors, values: formValues(form) }, { status: 400 })
  const { id, ...term } = parsed.data
  const result = saveTerm(db, { id, term }, { actorId: staff.id })
  if (!result.ok) {
    if (result.error === 'notFound') throw new Response('Not found', { status: 404 })
    return data({ errors: { term: ['glossary:staff.termTaken'] }, values: formValues(form) }, { status: 409 })
  }
  return redirectWithNotice(
    request,
    `/staff/glossary#term-${result.id}`,
    id === null ? 'notices.glossary.created' : 'notices.glossary.saved',
  )
}

export default function StaffGlossary() {
  const { t } = useTranslation('glossary')
  const { terms, editing, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = actionData?.errors as Record<string, string[] | undefined> | undefined
  const values: Record<string, string> = actionData?.values ?? {
    ...(editing
      ? {
          id: String(editing.id),
          term: editing.term,
          ...languageValues({ expansion: editing.expansion, definition: editing.definition }),
        }
      : {}),
  }
  return (
    <>
      <h1>{t('staff.title')}</h1>
      <p className="lede">{t('staff.lede')}</p>
      <p>
        <Link to="/glossary">{t('staff.publicLink')}</Link>
      </p>
      {terms.length === 0 ? (
        <p>{t('staff.none')}</p>
      ) : (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('staff.term')}</th>
                <th scope="col">{t('staff.expansion')}</th>
              </tr>
            </thead>
            <tbody>
              {terms.map((term) => {
                const missing = missingLanguages(term.expansion, term.definition).map((l) => languageName(l, language))
                return (
                  <tr key={term.id} id={`term-${term.id}`}>
                    <th scope="row">{term.term}</th>
                    <td>
                      {loc(term.expansion, language)}
                      {missing.length ? (
                        <span className="hint">
                          <span className="badge warn">{t('staff.missing', { languages: missing.join(', ') })}</span>
                        </span>
                      ) : null}
                      <span className="inline-actions">
                        <Link to={`?edit=${term.id}#term-form`} aria-label={t('staff.editNamed', { term: term.term })}>
                          {t('staff.edit')}
                        </Link>
                        <Form
                          method="post"
                          onSubmit={(e) => {
                            if (!confirm(t('staff.deleteConfirm', { term: term.term }))) e.preventDefault()
                          }}
                        >
                          <input type="hidden" name="intent" value="delete" />
                          <input type="hidden" name="id" value={term.id} />
                          <button
                            type="submit"
                            className="secondary small"
                            aria-label={t('staff.deleteNamed', { term: term.term })}
                          >
                            {t('staff.delete')}
                          </button>
                        </Form>
                      </span>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h2 id="term-form">{editing ? t('staff.editTitle', { term: editing.term }) : t('staff.new')}</h2>
      <Form method="post" className="stack wide" noValidate key={params.get('edit') ?? 'new'}>
        {errors ? (
          <p className="error-summary" role="alert">
            {t('common:errors.form.fix')}
          </p>
        ) : null}
        {values.id ? <input type="hidden" name="id" value={values.id} /> : null}
        <Field
          name="term"
          label={t('staff.term')}
          hint={t('staff.termHint')}
          required
          errors={errors?.term}
          defaultValue={values.term}
        />
        <LanguageFieldsets
          viewerLanguage={language}
          line={{ name: 'expansion', label: t('staff.expansion') }}
          text={{ name: 'definition', label: t('staff.definition') }}
          fallbackHint={t('staff.fallbackHint')}
          values={values}
          errors={errors}
        />
        <div className="inline-actions">
          <button type="submit">{editing ? t('staff.save') : t('staff.create')}</button>
          {editing ? (
            <Link to="/staff/glossary" className="button secondary">
              {t('staff.cancel')}
            </Link>
          ) : null}
        </div>
      </Form>
    </>
  )
}
