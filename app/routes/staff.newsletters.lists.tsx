/**
 * Topic lists: staff add and edit them (name and description per language, a region for
 * regional news) and see how many people receive each, and how many by monthly digest.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { REGION_CODES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { LanguageFieldsets, languageValues } from '~/components/LanguageFieldsets'
import { ScrollRegion } from '~/components/ScrollRegion'
import { requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatNumber, languageName } from '~/lib/format'
import { loc, missingLanguages } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { OptionalSlugSchema, slugify } from '~/lib/slug'
import { optionalLine, parseForm, RegionSchema, requiredLine } from '~/lib/validation'
import { formValues } from '~/lib/webinar-form-values.server'
import { type ListInput, listMailingLists, saveMailingList } from '~/services/newsletters/lists.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['newsletters'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'mailingLists')

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  const lists = listMailingLists(getDb())
  return {
    language,
    lists: lists.map((l) => ({
      id: l.id,
      slug: l.slug,
      regionCode: l.regionCode,
      label: loc(l.name, language),
      about: loc(l.description, language),
      name: l.name,
      description: l.description,
      missing: missingLanguages(l.name, l.description),
      subscribers: l.subscribers,
      digest: l.digest,
    })),
  }
}

const ListSchema = z
  .object({
    id: z.string().optional(),
    slug: OptionalSlugSchema,
    regionCode: z
      .union([z.literal(''), RegionSchema])
      .optional()
      .default(''),
    name_en: requiredLine(80),
    name_fr: optionalLine(80),
    name_es: optionalLine(80),
    description_en: requiredLine(300),
    description_fr: optionalLine(300),
    description_es: optionalLine(300),
  })
  .transform((v, ctx): ListInput & { id: number | null } => {
    const id = v.id ? Number(v.id) : null
    if (id !== null && !(Number.isInteger(id) && id > 0))
      ctx.addIssue({ code: 'custom', path: ['form'], message: 'errors.form.rejected' })
    const slug = v.slug || slugify(v.name_en)
    if (!slug) ctx.addIssue({ code: 'custom', path: ['slug'], message: 'errors.webinar.slug' })
    return {
      id,
      slug,
      regionCode: v.regionCode || null,
      name: { en: v.name_en, fr: v.name_fr, es: v.name_es },
      description: { en: v.description_en, fr: v.description_fr, es: v.description_es },
    }
  })

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const form = await readForm(request)
  const parsed = parseForm(ListSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors, values: formValues(form) }, { status: 400 })
  const { id, ...list } = parsed.data
  const result = saveMailingList(getDb(), { id, list }, { actorId: staff.id })
  if (!result.ok) {
    if (result.error === 'notFound') throw new Response('Not found', { status: 404 })
    return data({ errors: { slug: ['errors.newsletter.listSlugTaken'] }, values: formValues(form) }, { status: 409 })
  }
  return redirectWithNotice(
    request,
    '/staff/newsletters/lists',
    id === null ? 'notices.newsletter.listCreated' : 'notices.newsletter.listSaved',
  )
}

export default function MailingLists() {
  const { t } = useTranslation('newsletters')
  const { lists, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const editing = lists.find((l) => String(l.id) === params.get('edit'))
  const errors = actionData?.errors as Record<string, string[] | undefined> | undefined
  const values: Record<string, string> = actionData?.values ?? {
    ...(editing
      ? {
          id: String(editing.id),
          slug: editing.slug,
          regionCode: editing.regionCode ?? '',
          ...languageValues({ name: editing.name, description: editing.description }),
        }
      : {}),
  }
  const n = (x: number) => formatNumber(x, language)
  return (
    <>
      <h1>{t('lists.title')}</h1>
      <p className="lede">{t('lists.lede')}</p>
      <p>
        <Link to="/staff/newsletters">{t('newsletters.back')}</Link>
      </p>
      {lists.length === 0 ? (
        <p>{t('lists.none')}</p>
      ) : (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('lists.name')}</th>
                <th scope="col" className="num">
                  {t('lists.subscribers')}
                </th>
              </tr>
            </thead>
            <tbody>
              {lists.map((l) => (
                <tr key={l.id}>
                  <th scope="row">
                    {l.label} {l.regionCode ? <span className="badge">{l.regionCode}</span> : null}
                    <span className="hint">{l.about}</span>
                    {l.missing.length ? (
                      <span className="badge warn">
                        {t('lists.missing', { languages: l.missing.map((x) => languageName(x, language)).join(', ') })}
                      </span>
                    ) : null}{' '}
                    <Link to={`?edit=${l.id}#list-form`} aria-label={t('lists.editNamed', { name: l.label })}>
                      {t('lists.edit')}
                    </Link>
                  </th>
                  <td className="num">
                    {n(l.subscribers)}
                    <span className="hint">{t('lists.digestCount', { count: l.digest, n: n(l.digest) })}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h2 id="list-form">{editing ? t('lists.editTitle', { name: editing.label }) : t('lists.new')}</h2>
      <Form method="post" className="stack wide" noValidate key={editing?.id ?? 'new'}>
        {errors ? (
          <p className="error-summary" role="alert">
            {t('common:errors.form.fix')}
          </p>
        ) : null}
        {values.id ? <input type="hidden" name="id" value={values.id} /> : null}
        <LanguageFieldsets
          viewerLanguage={language}
          line={{ name: 'name', label: t('lists.name') }}
          text={{ name: 'description', label: t('lists.description'), hint: t('lists.descriptionHint'), rows: 2 }}
          fallbackHint={t('lists.fallbackHint')}
          values={values}
          errors={errors}
        />
        <Field
          name="slug"
          label={t('newsletters.slug')}
          hint={t('lists.slugHint')}
          errors={errors?.slug}
          defaultValue={values.slug}
        />
        <Field name="regionCode" label={t('lists.region')} hint={t('lists.regionHint')} errors={errors?.regionCode}>
          {(p) => (
            <select {...p} defaultValue={values.regionCode ?? ''}>
              <option value="">{t('lists.noRegion')}</option>
              {REGION_CODES.map((r) => (
                <option key={r} value={r}>
                  {t(`common:regions.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="inline-actions">
          <button type="submit">{editing ? t('lists.save') : t('lists.create')}</button>
          {editing ? (
            <Link to="/staff/newsletters/lists" className="button secondary">
              {t('lists.cancel')}
            </Link>
          ) : null}
        </div>
      </Form>
    </>
  )
}
