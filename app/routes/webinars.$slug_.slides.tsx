/**
 * A presenter adds their slides (a link) for the interpreters: they join the prep pack at
 * once, and interpreters who already had it get an update. Presenters and staff only.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { LANGUAGES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { baseUrl } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatDate, languageName } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { LanguageSchema, parseForm, requiredLine } from '~/lib/validation'
import { getEventDetail } from '~/services/events.server'
import { eventPrepPackDate, isPresenter, packSlides, queuePrepPacks } from '~/services/prep-pack.server'
import { addMaterial } from '~/services/webinars-admin.server'
import { requireViewer } from '~/viewer.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'slides')

const SlidesSchema = z.object({
  language: LanguageSchema,
  title: requiredLine(200),
  url: z
    .string()
    .trim()
    .regex(/^https:\/\/[^\s<>"]+$/, { error: 'errors.webinar.url' }),
})

async function presenterOnly(request: Request, slug: string | undefined) {
  const viewer = await requireViewer(request)
  const event = getEventDetail(getDb(), slug ?? '', viewer.language, 'webinar')
  if (!event) throw new Response('Not found', { status: 404 })
  if (!viewer.person.roles.includes('staff') && !isPresenter(getDb(), event.id, viewer.person.id))
    throw new Response('Forbidden', { status: 403, statusText: 'Forbidden' })
  return { ...viewer, event }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, language, timeZone } = await presenterOnly(request, params.slug)
  return {
    slug: event.slug,
    title: event.title,
    language,
    before: formatDate(eventPrepPackDate(getDb(), event.id) ?? event.startsAt, language, timeZone),
    slides: packSlides(getDb(), event.id),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, person } = await presenterOnly(request, params.slug)
  const parsed = parseForm(SlidesSchema, await readForm(request))
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
  addMaterial(getDb(), event.id, { ...parsed.data, kind: 'slides', forInterpreters: true }, person.id)
  queuePrepPacks(getDb(), { baseUrl: baseUrl(), eventId: event.id })
  return redirectWithNotice(request, `/webinars/${event.slug}/slides`, 'notices.slidesAdded')
}

export default function Slides() {
  const { t } = useTranslation()
  const d = useLoaderData<typeof loader>()
  const errors = useActionData<typeof action>()?.errors
  return (
    <>
      <p>
        <Link to={`/webinars/${d.slug}`}>{d.title}</Link>
      </p>
      <h1>{t('slides.title')}</h1>
      <p className="lede">{t('slides.lede', { before: d.before })}</p>
      {d.slides.length ? (
        <ul>
          {d.slides.map((s) => (
            <li key={s.id}>
              <a href={s.url}>{s.title}</a> ({languageName(s.language, d.language)})
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('slides.none')}</p>
      )}
      <Form method="post" className="card stack" noValidate>
        <h2>{t('slides.add')}</h2>
        <Field name="title" label={t('slides.fieldTitle')} errors={errors?.title} />
        <Field name="url" label={t('slides.url')} type="url" errors={errors?.url} hint={t('slides.urlHint')} />
        <Field name="language" label={t('slides.language')} errors={errors?.language}>
          {(p) => (
            <select {...p} defaultValue={d.language}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {languageName(l, d.language)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div>
          <button type="submit">{t('slides.submit')}</button>
        </div>
      </Form>
    </>
  )
}
