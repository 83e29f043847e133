import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { RALO_ADVICE } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { MembershipApplications } from '~/components/MembershipApplications'
import { baseUrl } from '~/guards.server'
import { countryName } from '~/lib/countries'
import { readForm } from '~/lib/form.server'
import { formatDate } from '~/lib/format'
import { loc } from '~/lib/localised'
import { decideFromForm, type DecisionErrors } from '~/lib/membership-decision.server'
import { pageTitle } from '~/lib/meta'
import { IdSchema } from '~/lib/validation'
import { awaitingAdvice, pastAdvice, recordStep } from '~/services/structures/accreditation.server'
import { pendingMemberships } from '~/services/structures/membership.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'raloAdvice')

/**
 * A RALO leader's desk: their region's structure applications waiting for the RALO's
 * advice, and the individual membership applications they decide.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { person, language, timeZone } = await requireViewer(request, { role: ['ralo_leader', 'staff'] })
  const db = getDb()
  return {
    region: person.raloRegion,
    applications: awaitingAdvice(db, person),
    past: pastAdvice(db, person),
    memberships: pendingMemberships(db, person),
    language,
    timeZone,
  }
}

const AdviceSchema = z.object({
  structureId: IdSchema,
  advice: z.enum(RALO_ADVICE, { error: 'errors.structure.adviceRequired' }),
  note: z.string().trim().max(2000, { error: 'errors.field.tooLong' }).optional().default(''),
})

export async function action({ request }: ActionFunctionArgs) {
  const { person } = await requireViewer(request, { role: ['ralo_leader', 'staff'] })
  const form = await readForm(request)
  if (form.get('intent') === 'decideMembership') {
    const result = decideFromForm(getDb(), form, person)
    if (!('ok' in result)) return result
    return redirectWithNotice(request, '/ralo', 'notices.membership.decided')
  }
  const structureId = Number(form.get('structureId'))
  const parsed = AdviceSchema.safeParse(Object.fromEntries(form.entries()))
  if (!parsed.success)
    return data(
      { structureId, errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> },
      { status: 400 },
    )
  const result = recordStep(
    getDb(),
    {
      structureId: parsed.data.structureId,
      action: { kind: 'raloAdvice', advice: parsed.data.advice },
      note: parsed.data.note,
    },
    { actor: person, baseUrl: baseUrl() },
  )
  if (!result.ok) {
    const key = result.error === 'forbidden' ? 'errors.structure.forbidden' : 'errors.structure.invalidTransition'
    return data({ structureId, errors: { form: [key] } }, { status: result.error === 'forbidden' ? 403 : 409 })
  }
  return redirectWithNotice(request, '/ralo', 'notices.structure.steps.raloAdvice')
}

export default function RaloDesk() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>() as
    { structureId?: number; applicationId?: number; errors: Record<string, string[] | undefined> } | undefined
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <h1>{t('ralo.title', { region: d.region ?? '' })}</h1>
      <p className="lede">{t('ralo.lede')}</p>
      <h2>{t('ralo.structuresTitle')}</h2>
      {d.applications.length === 0 ? <p className="muted">{t('ralo.none')}</p> : null}
      {d.applications.map((app) => {
        const errors = a?.structureId === app.id ? a.errors : undefined
        return (
          <section key={app.id} className="card stack" aria-labelledby={`app-${app.id}`}>
            <h3 id={`app-${app.id}`}>{app.name}</h3>
            <p>
              {app.regionCode} · {countryName(app.country, d.language)}
              {app.website ? (
                <>
                  {' · '}
                  <a href={app.website} rel="noopener noreferrer nofollow" className="break">
                    {app.website}
                  </a>
                </>
              ) : null}
            </p>
            {app.description ? <p className="break">{app.description}</p> : null}
            <h4>{t('ralo.checks')}</h4>
            <ul>
              {app.checks.map((c) => (
                <li key={c.id}>
                  {loc(c.text, d.language)}
                  {t('common:colon')}
                  {c.met === null ? (
                    <strong>—</strong>
                  ) : (
                    <span className={c.met ? 'badge ok' : 'badge bad'}>{c.met ? t('ralo.met') : t('ralo.notMet')}</span>
                  )}
                  {app.answers?.[String(c.id)] ? (
                    <div className="hint break">
                      {t('ralo.answer')} {app.answers[String(c.id)]}
                    </div>
                  ) : null}
                  {c.note ? <div className="hint break">{c.note}</div> : null}
                </li>
              ))}
            </ul>
            <Form method="post" className="stack">
              {errors?.form ? (
                <p className="error-summary" role="alert">
                  {errors.form.map((e: string) => t(`common:${e}`)).join(' ')}
                </p>
              ) : null}
              <input type="hidden" name="structureId" value={app.id} />
              <fieldset
                aria-invalid={Boolean(errors?.advice)}
                aria-describedby={errors?.advice ? `advice-error-${app.id}` : undefined}
              >
                <legend>{t('ralo.advice')}</legend>
                {RALO_ADVICE.map((v) => (
                  <label key={v} className="choice">
                    <input type="radio" name="advice" value={v} /> <span>{t(`ralo.advices.${v}`)}</span>
                  </label>
                ))}
                {errors?.advice ? (
                  <span className="field-error" id={`advice-error-${app.id}`}>
                    {errors.advice.map((e: string) => t(`common:${e}`)).join(' ')}
                  </span>
                ) : null}
              </fieldset>
              <div className="field">
                <label htmlFor={`note-${app.id}`}>{t('ralo.note')}</label>
                <textarea id={`note-${app.id}`} name="note" rows={2} />
              </div>
              <p>
                <button type="submit" disabled={busy}>
                  {t('ralo.submit')}
                </button>
              </p>
            </Form>
          </section>
        )
      })}
      <h2 id="past-advice">{t('ralo.pastTitle')}</h2>
      {d.past.length === 0 ? (
        <p className="muted">{t('ralo.pastNone')}</p>
      ) : (
        <ol className="plain-list" aria-labelledby="past-advice">
          {d.past.map((p) => (
            <li key={p.id} className="stack-sm">
              <p>
                <strong>{p.name}</strong> <span className="hint">{p.regionCode}</span>
              </p>
              <p>
                <span
                  className={p.advice === 'oppose' ? 'badge bad' : p.advice === 'support' ? 'badge ok' : 'badge muted'}
                >
                  {p.advice ? t(`ralo.pastAdvices.${p.advice}`) : '—'}
                </span>{' '}
                <span className="hint">
                  {p.by
                    ? t('ralo.pastBy', { date: formatDate(p.changedAt, d.language, d.timeZone), name: p.by })
                    : t('ralo.pastOn', { date: formatDate(p.changedAt, d.language, d.timeZone) })}
                </span>
              </p>
              {p.note ? <p className="break pre-line">{p.note}</p> : null}
              <p className="hint">{t('ralo.pastNow', { status: t(`structures.statuses.${p.status}`) })}</p>
            </li>
          ))}
        </ol>
      )}
      <h2>{t('membershipDesk.title')}</h2>
      <MembershipApplications
        applications={d.memberships}
        language={d.language}
        timeZone={d.timeZone}
        failed={a?.applicationId ? (a as DecisionErrors) : undefined}
      />
    </>
  )
}
