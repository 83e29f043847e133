import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { LANGUAGES, MATERIAL_KINDS } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { PhoneLink } from '~/components/PhoneLink'
import { ScrollRegion } from '~/components/ScrollRegion'
import { WebinarForm } from '~/components/WebinarForm'
import { baseUrl, requireRole } from '~/guards.server'
import { formatCompact, languageName, timeZones, zoneLabel } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { idField, idParam } from '~/lib/params.server'
import { emailsByLine } from '~/lib/pasted-emails'
import { LanguageSchema, parseForm, requiredLine } from '~/lib/validation'
import { WebinarFormSchema } from '~/lib/webinar-form'
import { formValues, webinarFormValues } from '~/lib/webinar-form-values.server'
import { listSeries } from '~/services/events.server'
import {
  addMaterial,
  cancelWebinar,
  getWebinarForEdit,
  importAttendance,
  listMaterials,
  listRegistrants,
  markDialOutDone,
  removeMaterial,
  setAttendance,
  updateWebinar,
} from '~/services/webinars-admin.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'staffWebinars', data?.title)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  const id = idParam(params.id)
  const webinar = getWebinarForEdit(db, id)
  if (!webinar) throw new Response('Not found', { status: 404 })
  const title =
    (webinar.texts.find((t) => t.language === language) ?? webinar.texts.find((t) => t.language === 'en'))?.title ??
    webinar.event.slug
  return {
    id,
    title,
    slug: webinar.event.slug,
    status: webinar.event.status,
    sequence: webinar.event.sequence,
    values: webinarFormValues(webinar),
    registrants: listRegistrants(db, id),
    materials: listMaterials(db, id),
    timeZones: timeZones(),
    series: listSeries(db, language),
    language,
    timeZone,
  }
}

const MaterialSchema = z.object({
  language: LanguageSchema,
  kind: z.enum(MATERIAL_KINDS, { error: 'errors.field.invalid' }),
  title: requiredLine(200),
  url: z
    .string()
    .trim()
    .regex(/^https:\/\/[^\s<>"]+$/, { error: 'errors.webinar.url' }),
})

/** A registration or material that is not this webinar's (or no longer exists): say so, change nothing. */
const nothingChanged = () =>
  data({ errors: { form: ['errors.notFoundNothingChanged'] }, values: undefined }, { status: 404 })

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireRole(request, 'staff')
  const id = idParam(params.id)
  const db = getDb()
  const form = await request.formData()
  const here = `/staff/webinars/${id}`
  switch (form.get('intent')) {
    case 'save': {
      const parsed = parseForm(WebinarFormSchema, form)
      if (!parsed.ok) return data({ errors: parsed.errors, values: formValues(form) }, { status: 400 })
      const result = updateWebinar(db, { eventId: id, webinar: parsed.data }, { actorId: staff.id, baseUrl: baseUrl() })
      if (!result.ok) {
        const field =
          result.error === 'capacity_below_confirmed'
            ? 'capacity'
            : result.error === 'slug_taken'
              ? 'slug'
              : result.error === 'unknown_series'
                ? 'seriesId'
                : 'form'
        const status = result.error === 'not_found' ? 404 : result.error === 'unknown_series' ? 400 : 409
        return data({ errors: { [field]: [`errors.webinar.${result.error}`] }, values: formValues(form) }, { status })
      }
      return redirectWithNotice(
        request,
        here,
        result.notified ? 'notices.webinar.updatedNotified' : 'notices.webinar.updated',
      )
    }
    case 'cancel-webinar': {
      if (form.get('confirm') !== 'yes')
        return data({ errors: { confirm: ['errors.webinar.confirmCancel'] }, values: undefined }, { status: 400 })
      const result = cancelWebinar(db, { eventId: id }, { actorId: staff.id, baseUrl: baseUrl() })
      if (!result.ok)
        return data({ errors: { confirm: [`errors.webinar.${result.error}`] }, values: undefined }, { status: 409 })
      return redirectWithNotice(request, here, 'notices.webinar.cancelled')
    }
    case 'dial-out-done': {
      const registrationId = idField(form.get('registrationId'))
      if (!registrationId || !markDialOutDone(db, { eventId: id, registrationId }, { actorId: staff.id }))
        return nothingChanged()
      return redirectWithNotice(request, `${here}#dial-outs`, 'notices.webinar.dialOutDone')
    }
    case 'attendance': {
      const registrationId = idField(form.get('registrationId'))
      if (
        !registrationId ||
        !setAttendance(
          db,
          { eventId: id, registrationId, attended: form.get('attended') === 'yes' },
          { actorId: staff.id },
        )
      )
        return nothingChanged()
      return redirectWithNotice(request, `${here}#registrants`, 'notices.webinar.attendanceSaved')
    }
    case 'import-attendance': {
      const emails = emailsByLine(String(form.get('attendees') ?? '')).flatMap((l) => (l.email ? [l.email] : []))
      if (emails.length === 0)
        return data({ errors: { attendees: ['errors.webinar.noEmails'] }, values: undefined }, { status: 400 })
      const result = importAttendance(db, id, emails, staff.id)
      return data({ imported: result, errors: undefined, values: undefined })
    }
    case 'add-material': {
      const parsed = parseForm(MaterialSchema, form)
      if (!parsed.ok)
        return data({ materialErrors: parsed.errors, errors: undefined, values: undefined }, { status: 400 })
      addMaterial(db, id, parsed.data, staff.id)
      return redirectWithNotice(request, `${here}#materials`, 'notices.webinar.materialAdded')
    }
    case 'remove-material': {
      const materialId = idField(form.get('materialId'))
      if (!materialId || !removeMaterial(db, id, materialId, staff.id)) return nothingChanged()
      return redirectWithNotice(request, `${here}#materials`, 'notices.webinar.materialRemoved')
    }
    default:
      return data({ errors: { form: ['errors.form.rejected'] }, values: undefined }, { status: 400 })
  }
}

export default function ManageWebinar() {
  const { t } = useTranslation('staff')
  const loaderData = useLoaderData<typeof loader>()
  const { id, title, slug, status, sequence, registrants, materials, timeZones, series, language, timeZone } =
    loaderData
  const actionData = useActionData<typeof action>() as
    | {
        errors?: Record<string, string[] | undefined>
        materialErrors?: Record<string, string[] | undefined>
        values?: Record<string, string>
        imported?: { marked: number; unknown: string[] }
      }
    | undefined
  const pendingDialOuts = registrants.filter((r) => r.status === 'confirmed' && r.dialOutNumber && !r.dialOutDoneAt)
  return (
    <>
      <p>
        <Link to="/staff/webinars">← {t('webinars.title')}</Link>
      </p>
      <h1>{title}</h1>
      {actionData?.errors?.form && !actionData.values ? (
        <p className="error-summary" role="alert">
          {t(`common:${actionData.errors.form[0]}`)}
        </p>
      ) : null}
      <p>
        <span className={status === 'cancelled' ? 'badge bad' : 'badge'}>{t(`common:events.status.${status}`)}</span>{' '}
        <span className="muted">{t('webinars.sequence', { sequence })}</span> ·{' '}
        <Link to={`/webinars/${slug}`}>{t('webinars.publicPage')}</Link> ·{' '}
        <a href={`/staff/webinars/${id}/registrants.csv`}>{t('webinars.exportCsv')}</a>
      </p>

      <section aria-labelledby="dial-outs">
        <h2 id="dial-outs">{t('webinars.dialOutQueue')}</h2>
        {pendingDialOuts.length === 0 ? (
          <p className="muted">{t('webinars.noDialOuts')}</p>
        ) : (
          <ul className="event-list">
            {pendingDialOuts.map((r) => (
              <li key={r.id}>
                <strong>{r.name}</strong> · <PhoneLink number={r.dialOutNumber!} /> ·{' '}
                {t('webinars.channelIs', { language: languageName(r.channelLanguage, language) })}
                <Form method="post" style={{ display: 'inline', marginLeft: '1rem' }}>
                  <input type="hidden" name="intent" value="dial-out-done" />
                  <input type="hidden" name="registrationId" value={r.id} />
                  <button type="submit" className="small">
                    {t('webinars.markDone')}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="registrants">
        <h2 id="registrants">{t('webinars.registrants', { count: registrants.length })}</h2>
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('webinars.name')}</th>
                <th scope="col">{t('webinars.status')}</th>
                <th scope="col">{t('webinars.channel')}</th>
                <th scope="col">{t('webinars.dialOut')}</th>
                <th scope="col">
                  {t('webinars.registeredAt')} ({zoneLabel(timeZone)})
                </th>
                <th scope="col">{t('webinars.attendance')}</th>
              </tr>
            </thead>
            <tbody>
              {registrants.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.name}
                    <br />
                    <span className="muted">{r.email}</span>
                  </td>
                  <td>{t(`webinars.registrationStatus.${r.status}`)}</td>
                  <td>{languageName(r.channelLanguage, language)}</td>
                  <td>
                    {r.dialOutNumber ? (
                      <>
                        <PhoneLink number={r.dialOutNumber} />
                        {r.dialOutDoneAt ? ' ✓' : ''}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{formatCompact(new Date(r.createdAt), language, timeZone)}</td>
                  <td>
                    {r.status === 'cancelled' ? (
                      '—'
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="attendance" />
                        <input type="hidden" name="registrationId" value={r.id} />
                        <input type="hidden" name="attended" value={r.attended ? 'no' : 'yes'} />
                        <button
                          type="submit"
                          className={r.attended ? 'small' : 'small secondary'}
                          aria-pressed={Boolean(r.attended)}
                        >
                          {r.attended ? t('webinars.attended') : t('webinars.markAttended')}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        <h3>{t('webinars.importTitle')}</h3>
        {actionData?.imported ? (
          <p className="notice" role="status">
            {t('webinars.imported', { count: actionData.imported.marked })}
            {actionData.imported.unknown.length
              ? ` ${t('webinars.importUnknown', { list: actionData.imported.unknown.join(', ') })}`
              : ''}
          </p>
        ) : null}
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="import-attendance" />
          <div className="field">
            <label htmlFor="field-attendees">{t('webinars.importLabel')}</label>
            <span className="hint" id="field-attendees-hint">
              {t('webinars.importHint')}
            </span>
            <textarea
              id="field-attendees"
              name="attendees"
              rows={4}
              aria-describedby="field-attendees-hint"
              aria-invalid={Boolean(actionData?.errors?.attendees)}
            />
            {actionData?.errors?.attendees ? (
              <span className="field-error">{t(`common:${actionData.errors.attendees[0]}`)}</span>
            ) : null}
          </div>
          <div>
            <button type="submit" className="secondary">
              {t('webinars.importSubmit')}
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="materials">
        <h2 id="materials">{t('webinars.materials')}</h2>
        {materials.length === 0 ? (
          <p className="muted">{t('webinars.noMaterials')}</p>
        ) : (
          <ul>
            {materials.map((m) => (
              <li key={m.id}>
                {t(`common:events.materialKinds.${m.kind}`)} ({languageName(m.language, language)}):{' '}
                <a href={m.url}>{m.title}</a>{' '}
                <Form method="post" style={{ display: 'inline' }}>
                  <input type="hidden" name="intent" value="remove-material" />
                  <input type="hidden" name="materialId" value={m.id} />
                  <button type="submit" className="small secondary">
                    {t('webinars.removeMaterial')}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <Form method="post" className="filters">
          <input type="hidden" name="intent" value="add-material" />
          <div className="field">
            <label htmlFor="material-kind">{t('webinars.materialKind')}</label>
            <select id="material-kind" name="kind">
              {MATERIAL_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`common:events.materialKinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="material-language">{t('webinars.materialLanguage')}</label>
            <select id="material-language" name="language">
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {languageName(l, language)}
                </option>
              ))}
            </select>
          </div>
          {(['title', 'url'] as const).map((f) => (
            <div className="field" key={f}>
              <label htmlFor={`material-${f}`}>{t(`webinars.material_${f}`)}</label>
              <input
                id={`material-${f}`}
                name={f}
                type={f === 'url' ? 'url' : 'text'}
                aria-invalid={Boolean(actionData?.materialErrors?.[f])}
              />
              {actionData?.materialErrors?.[f] ? (
                <span className="field-error">{t(`common:${actionData.materialErrors[f]![0]}`)}</span>
              ) : null}
            </div>
          ))}
          <div>
            <button type="submit" className="secondary">
              {t('webinars.addMaterial')}
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="edit">
        <h2 id="edit">{t('webinars.edit')}</h2>
        <p className="hint">{t('webinars.editHint')}</p>
        <WebinarForm
          values={actionData?.values ?? loaderData.values}
          errors={actionData?.values ? actionData.errors : undefined}
          timeZones={timeZones}
          series={series}
          language={language}
          submitLabel={t('webinarForm.save')}
        />
      </section>

      {status !== 'cancelled' ? (
        <section aria-labelledby="cancel">
          <h2 id="cancel">{t('webinars.cancelTitle')}</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="cancel-webinar" />
            <div className="field">
              <label>
                <input type="checkbox" name="confirm" value="yes" /> {t('webinars.cancelConfirm')}
              </label>
              {actionData?.errors?.confirm ? (
                <span className="field-error">{t(`common:${actionData.errors.confirm[0]}`)}</span>
              ) : null}
            </div>
            <div>
              <button type="submit" className="danger">
                {t('webinars.cancelSubmit')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  )
}
