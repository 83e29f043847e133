import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { LANGUAGES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { MembershipApplications } from '~/components/MembershipApplications'
import { readForm } from '~/lib/form.server'
import { formatDate } from '~/lib/format'
import { decideFromForm, type DecisionErrors } from '~/lib/membership-decision.server'
import { pageTitle } from '~/lib/meta'
import { parseForm, RegionSchema } from '~/lib/validation'
import {
  pendingMemberships,
  raloSettingsList,
  recentMembershipDecisions,
  saveRaloSetting,
} from '~/services/structures/membership.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['staff', 'participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'staffMembership')

/** Staff's view of individual membership: every RALO's open applications, its rules, and the latest decisions. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { person, language, timeZone } = await requireViewer(request, { role: 'staff' })
  const db = getDb()
  return {
    pending: pendingMemberships(db, person),
    settings: raloSettingsList(db),
    decisions: recentMembershipDecisions(db),
    language,
    timeZone,
  }
}

const criteriaText = z.string().trim().max(4000, { error: 'errors.field.tooLong' }).optional().default('')
const SettingsSchema = z.object({
  regionCode: RegionSchema,
  requiresApproval: z.enum(['yes', 'no'], { error: 'errors.field.invalid' }),
  en: criteriaText,
  fr: criteriaText,
  es: criteriaText,
})

export async function action({ request }: ActionFunctionArgs) {
  const { person } = await requireViewer(request, { role: 'staff' })
  const form = await readForm(request)
  const db = getDb()
  if (form.get('intent') === 'decideMembership') {
    const result = decideFromForm(db, form, person)
    if (!('ok' in result)) return result
    return redirectWithNotice(request, '/staff/membership', 'notices.membership.decided')
  }
  const parsed = parseForm(SettingsSchema, form)
  const region = String(form.get('regionCode') ?? '')
  if (!parsed.ok) return data({ region, errors: parsed.errors }, { status: 400 })
  const { regionCode, requiresApproval, en, fr, es } = parsed.data
  const criteria = Object.fromEntries(Object.entries({ en, fr, es }).filter(([, v]) => v))
  saveRaloSetting(db, { regionCode, requiresApproval: requiresApproval === 'yes', criteria }, { actorId: person.id })
  return redirectWithNotice(request, `/staff/membership#ralo-${regionCode}`, 'notices.membership.settingsSaved')
}

export default function StaffMembership() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>() as
    { region?: string; applicationId?: number; errors: Record<string, string[] | undefined> } | undefined
  const busy = useNavigation().state !== 'idle'
  return (
    <>
      <p>
        <Link to="/staff/structures">← {t('structures.title')}</Link>
      </p>
      <h1>{t('membership.title')}</h1>
      <p className="lede">{t('membership.lede')}</p>

      <section aria-labelledby="pending" className="stack">
        <h2 id="pending">{t('membership.pending', { count: d.pending.length })}</h2>
        <MembershipApplications
          applications={d.pending}
          language={d.language}
          timeZone={d.timeZone}
          failed={a?.applicationId ? (a as DecisionErrors) : undefined}
          linkPeople
        />
      </section>

      <section aria-labelledby="rules">
        <h2 id="rules">{t('membership.rules')}</h2>
        <p className="hint">{t('membership.rulesHint')}</p>
        <div className="card-grid">
          {d.settings.map((s) => {
            const errors = a?.region === s.regionCode ? a.errors : undefined
            const id = (f: string) => `ralo-${s.regionCode}-${f}`
            return (
              <Form key={s.regionCode} method="post" className="card stack" id={`ralo-${s.regionCode}`}>
                <h3>{s.regionCode}</h3>
                <input type="hidden" name="regionCode" value={s.regionCode} />
                <fieldset>
                  <legend>{t('membership.approval')}</legend>
                  <label className="choice">
                    <input type="radio" name="requiresApproval" value="yes" defaultChecked={s.requiresApproval} />{' '}
                    <span>{t('membership.approvalYes')}</span>
                  </label>
                  <label className="choice">
                    <input type="radio" name="requiresApproval" value="no" defaultChecked={!s.requiresApproval} />{' '}
                    <span>{t('membership.approvalNo')}</span>
                  </label>
                </fieldset>
                {LANGUAGES.map((l) => (
                  <div className="field" key={l}>
                    <label htmlFor={id(l)}>{t('membership.criteria', { language: l.toUpperCase() })}</label>
                    <textarea
                      id={id(l)}
                      name={l}
                      rows={3}
                      maxLength={4000}
                      defaultValue={s.criteria[l] ?? ''}
                      aria-invalid={Boolean(errors?.[l])}
                      aria-describedby={errors?.[l] ? `${id(l)}-error` : undefined}
                    />
                    {errors?.[l] ? (
                      <span className="field-error" id={`${id(l)}-error`}>
                        {errors[l]!.map((e) => t(`common:${e}`)).join(' ')}
                      </span>
                    ) : null}
                  </div>
                ))}
                {errors?.requiresApproval || errors?.regionCode ? (
                  <p className="error-summary" role="alert">
                    {[...(errors.requiresApproval ?? []), ...(errors.regionCode ?? [])]
                      .map((e) => t(`common:${e}`))
                      .join(' ')}
                  </p>
                ) : null}
                <p>
                  <button type="submit" className="secondary" disabled={busy}>
                    {t('membership.save', { region: s.regionCode })}
                  </button>
                </p>
              </Form>
            )
          })}
        </div>
      </section>

      <section aria-labelledby="decisions">
        <h2 id="decisions">{t('membership.decisions')}</h2>
        {d.decisions.length === 0 ? (
          <p className="muted">{t('membership.noDecisions')}</p>
        ) : (
          <ul className="plain-list">
            {d.decisions.map((x) => (
              <li key={x.id}>
                {x.decidedAt ? formatDate(x.decidedAt, d.language, d.timeZone) : ''} ·{' '}
                <Link to={`/staff/people/${x.personId}`}>{x.name}</Link> · {x.regionCode} ·{' '}
                <strong>{t(`participation:membership.statuses.${x.status}`)}</strong>
                {x.decisionNote ? <span className="hint break"> — {x.decisionNote}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}
