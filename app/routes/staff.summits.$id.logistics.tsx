import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { type Language, LANGUAGES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { readForm } from '~/lib/form.server'
import { languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { staffSummit } from '~/lib/staff-summit.server'
import { optionalLine } from '~/lib/validation'
import { logisticsForEdit, saveLogistics } from '~/services/summits/programme.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['summits'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'logistics')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, db, id, summit } = await staffSummit(request, params)
  return { summit: { id, slug: summit.slug, title: summit.title }, values: logisticsForEdit(db, id)!, language }
}

const text = (max: number) => z.string().trim().max(max, { error: 'errors.field.tooLong' }).optional().default('')
const LogisticsSchema = z.object({
  venue: optionalLine(200),
  city: optionalLine(120),
  practicalInfo_en: text(10_000),
  practicalInfo_fr: text(10_000),
  practicalInfo_es: text(10_000),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const { staff, db, id } = await staffSummit(request, params)
  const values = Object.fromEntries([...(await readForm(request)).entries()].map(([k, v]) => [k, String(v)]))
  const parsed = LogisticsSchema.safeParse(values)
  if (!parsed.success)
    return data(
      { errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>, values },
      { status: 400 },
    )
  const v = parsed.data
  saveLogistics(
    db,
    {
      summitId: id,
      logistics: {
        venue: v.venue,
        city: v.city,
        practicalInfo: { en: v.practicalInfo_en, fr: v.practicalInfo_fr, es: v.practicalInfo_es },
      },
    },
    { actorId: staff.id },
  )
  return redirectWithNotice(request, `/staff/summits/${id}/logistics`, 'notices.summit.logisticsSaved')
}

export default function LogisticsAdmin() {
  const { t } = useTranslation('summits')
  const { summit, values, language } = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const v = a?.values ?? values
  const errors = a?.errors
  return (
    <>
      <h1>{t('logistics.adminTitle', { title: summit.title })}</h1>
      <p>
        <Link to={`/staff/summits/${summit.id}`}>{t('summits.roster')}</Link> ·{' '}
        <Link to={`/summits/${summit.slug}/logistics`}>{t('logistics.publicPage')}</Link>
      </p>
      <Form method="post" className="stack wide" noValidate>
        {errors ? (
          <p className="error-summary" role="alert">
            {t('common:errors.form.fix')}
          </p>
        ) : null}
        <Field name="venue" label={t('logistics.venue')} defaultValue={v.venue} errors={errors?.venue} />
        <Field name="city" label={t('logistics.city')} defaultValue={v.city} errors={errors?.city} />
        {LANGUAGES.map((l: Language) => (
          <Field
            key={l}
            name={`practicalInfo_${l}`}
            label={t('logistics.practicalIn', { language: languageName(l, language) })}
            hint={l === 'en' ? t('logistics.practicalHint') : undefined}
            errors={errors?.[`practicalInfo_${l}`]}
          >
            {(p) => <textarea {...p} rows={8} defaultValue={v[`practicalInfo_${l}`]} lang={l} />}
          </Field>
        ))}
        <div>
          <button type="submit">{t('logistics.save')}</button>
        </div>
      </Form>
    </>
  )
}
