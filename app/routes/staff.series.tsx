import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { LANGUAGES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { requireRole } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { optionalLine, parseForm, requiredLine } from '~/lib/validation'
import { listSeriesForStaff, saveSeries } from '~/services/webinars-admin.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'series')

const text = (max: number) => z.string().trim().max(max, { error: 'errors.field.tooLong' }).optional().default('')
const SeriesSchema = z.object({
  seriesId: z.string().optional().default(''),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'errors.webinar.slug' }),
  title_en: requiredLine(200),
  description_en: text(2000),
  title_fr: optionalLine(200),
  description_fr: text(2000),
  title_es: optionalLine(200),
  description_es: text(2000),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const { language } = await requireViewer(request, { role: 'staff' })
  return { series: listSeriesForStaff(getDb()), language }
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const form = await readForm(request)
  const parsed = parseForm(SeriesSchema, form)
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  const v = parsed.data
  const texts = Object.fromEntries(
    LANGUAGES.filter((l) => v[`title_${l}`]).map((l) => [
      l,
      { title: v[`title_${l}`], description: v[`description_${l}`] },
    ]),
  ) as Parameters<typeof saveSeries>[2]['texts']
  const result = saveSeries(getDb(), v.seriesId ? Number(v.seriesId) : null, { slug: v.slug, texts }, staff.id)
  if (!result.ok) return data({ errors: { slug: [`errors.webinar.${result.error}`] } }, { status: 409 })
  return redirectWithNotice(request, '/staff/series', 'notices.seriesSaved')
}

export default function StaffSeries() {
  const { t } = useTranslation('staff')
  const { series, language } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.errors as Record<string, string[] | undefined> | undefined
  const [params] = useSearchParams()
  const editing = series.find((s) => String(s.id) === params.get('edit'))
  const value = (l: string, f: 'title' | 'description') => editing?.texts.find((x) => x.language === l)?.[f] ?? ''
  return (
    <>
      <h1>{t('series.title')}</h1>
      <ul className="event-list">
        {series.map((s) => (
          <li key={s.id}>
            <strong>
              {(s.texts.find((x) => x.language === language) ?? s.texts.find((x) => x.language === 'en'))?.title ??
                s.slug}
            </strong>{' '}
            <span className="muted">
              {t('series.webinars', { count: s.webinars })} · {s.texts.map((x) => x.language.toUpperCase()).join(' ')}
            </span>{' '}
            <Link to={`/staff/series?edit=${s.id}`}>{t('series.edit')}</Link>
          </li>
        ))}
      </ul>
      <h2>{editing ? t('series.editTitle') : t('series.new')}</h2>
      <Form method="post" className="stack wide" key={editing?.id ?? 'new'} noValidate>
        {errors ? (
          <p className="error-summary" role="alert">
            {t('common:errors.form.fix')}
          </p>
        ) : null}
        <input type="hidden" name="seriesId" value={editing?.id ?? ''} />
        <Field
          name="slug"
          label={t('webinarForm.slug')}
          hint={t('series.slugHint')}
          errors={errors?.slug}
          defaultValue={editing?.slug ?? ''}
          required
        />
        {LANGUAGES.map((l) => (
          <fieldset key={l}>
            <legend>{t('webinarForm.textIn', { language: languageName(l, language) })}</legend>
            <Field
              name={`title_${l}`}
              label={t('webinarForm.title')}
              errors={errors?.[`title_${l}`]}
              defaultValue={value(l, 'title')}
              required={l === 'en'}
            />
            <Field name={`description_${l}`} label={t('webinarForm.description')} errors={errors?.[`description_${l}`]}>
              {(p) => <textarea {...p} rows={3} defaultValue={value(l, 'description')} />}
            </Field>
          </fieldset>
        ))}
        <div>
          <button type="submit">{t('series.save')}</button>
        </div>
      </Form>
    </>
  )
}
