import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { REGION_CODES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { Field } from '~/components/Field'
import { baseUrl } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatDate } from '~/lib/format'
import { loc } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { RegionSchema } from '~/lib/validation'
import { applyForMembership, membershipOf, withdrawMembership } from '~/services/structures/membership.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'membership')

/** Where a person applies to be an individual member of their RALO and follows the decision. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { person, language, timeZone } = await requireViewer(request)
  const state = membershipOf(getDb(), person.id)!
  return { ...state, language, timeZone }
}

const ApplySchema = z.object({
  regionCode: RegionSchema,
  motivation: z.string().trim().max(2000, { error: 'errors.field.tooLong' }).optional().default(''),
})

const ERROR_STATUS = { alreadyMember: 409, throughStructure: 409, pending: 409, rateLimited: 429, notFound: 404 }

export async function action({ request }: ActionFunctionArgs) {
  const { person } = await requireViewer(request)
  const form = await readForm(request)
  const db = getDb()
  if (form.get('intent') === 'withdraw') {
    if (!withdrawMembership(db, { personId: person.id }))
      return data({ errors: { form: ['errors.membership.nothingToWithdraw'] } }, { status: 409 })
    return redirectWithNotice(request, '/membership', 'notices.membership.withdrawn')
  }
  const parsed = ApplySchema.safeParse(Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])))
  if (!parsed.success)
    return data({ errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> }, { status: 400 })
  const result = applyForMembership(db, { personId: person.id, ...parsed.data }, { baseUrl: baseUrl() })
  if (!result.ok)
    return data(
      { errors: { form: [`errors.membership.${result.error}`] } },
      {
        status: ERROR_STATUS[result.error],
        headers: result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : undefined,
      },
    )
  return redirectWithNotice(
    request,
    '/membership',
    result.status === 'approved' ? 'notices.membership.approved' : 'notices.membership.applied',
  )
}

export default function Membership() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const errors = a?.errors as Record<string, string[] | undefined> | undefined
  const err = (k: string) => errors?.[k]?.map((e) => t(`common:${e}`))
  const when = (at: Date | null) => (at ? formatDate(at, d.language, d.timeZone) : '')
  const approved = d.applications.find((x) => x.status === 'approved')
  const mayApply = !d.through && !d.pending && !d.isMember
  return (
    <>
      <h1>{t('membership.title')}</h1>
      <p className="lede">{t('membership.lede')}</p>
      {errors?.form ? (
        <p className="error-summary" role="alert" tabIndex={-1}>
          {errors.form.map((e) => t(`common:${e}`)).join(' ')}
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="standing">
        <h2 id="standing">{t('membership.standing')}</h2>
        {d.through ? (
          <p>{t('membership.through', { region: d.through.regionCode, structure: d.through.name })}</p>
        ) : d.isMember ? (
          <p>
            {approved
              ? t('membership.memberSince', { region: d.regionCode ?? '', date: when(approved.decidedAt) })
              : t('membership.member', { region: d.regionCode ?? '' })}
          </p>
        ) : d.pending ? (
          <>
            <p>{t('membership.pending', { region: d.pending.regionCode, date: when(d.pending.createdAt) })}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw" />
              <button type="submit" className="secondary" disabled={busy}>
                {t('membership.withdraw')}
              </button>
            </Form>
          </>
        ) : (
          <p>{t('membership.notMember')}</p>
        )}
      </section>

      {mayApply ? (
        <section aria-labelledby="apply" className="stack">
          <h2 id="apply">{t('membership.applyTitle')}</h2>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="apply" />
            <Field name="regionCode" label={t('membership.region')} errors={err('regionCode')}>
              {(p) => (
                <select {...p} defaultValue={d.regionCode ?? ''} required>
                  <option value="">{t('membership.chooseRegion')}</option>
                  {REGION_CODES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              name="motivation"
              label={t('membership.motivation')}
              hint={t('membership.motivationHint')}
              errors={err('motivation')}
            >
              {(p) => <textarea {...p} rows={4} maxLength={2000} />}
            </Field>
            <div>
              <button type="submit" disabled={busy}>
                {t('membership.apply')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="rules" className="folds">
        <h2 id="rules">{t('membership.rulesTitle')}</h2>
        {d.settings.map((s) => (
          <details key={s.regionCode} open={s.regionCode === d.regionCode}>
            <summary>{s.regionCode}</summary>
            <p className="hint">{s.requiresApproval ? t('membership.approvalNeeded') : t('membership.openJoin')}</p>
            {loc(s.criteria, d.language) ? (
              <p className="break pre-line">{loc(s.criteria, d.language)}</p>
            ) : (
              <p className="muted">{t('membership.noCriteria')}</p>
            )}
          </details>
        ))}
      </section>

      {d.applications.length ? (
        <section aria-labelledby="history">
          <h2 id="history">{t('membership.history')}</h2>
          <ol className="timeline">
            {d.applications.map((x) => (
              <li key={x.id}>
                {when(x.createdAt)}
                {t('common:colon')}
                {t('membership.appliedTo', { region: x.regionCode })} —{' '}
                <strong>{t(`membership.statuses.${x.status}`)}</strong>
                {x.decidedAt && x.status !== 'pending' ? ` (${when(x.decidedAt)})` : ''}
                {x.decisionNote ? <div className="hint break">{x.decisionNote}</div> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <p>
        <Link to="/profile">{t('membership.backToProfile')}</Link>
      </p>
    </>
  )
}
