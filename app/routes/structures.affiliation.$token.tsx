import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { baseUrl } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatDate } from '~/lib/format'
import { pageTitle } from '~/lib/meta'
import { parseForm } from '~/lib/validation'
import { affiliationByToken, decideByToken } from '~/services/structures/affiliation.server'
import { getViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation'] }

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'structureAffiliation')

const STATUS = {
  unknown: 404,
  used: 410,
  expired: 410,
  notContact: 410,
  notFound: 404,
  notPending: 410,
  notAccepting: 409,
}

const token = (params: LoaderFunctionArgs['params']) => String(params.token ?? '').slice(0, 100)

/**
 * The link mailed to a structure's contact when someone asks to represent it: who asks, and
 * a choice to confirm or decline. Opening it reads only; deciding spends it. No sign-in.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { language, timeZone } = await getViewer(request)
  const found = affiliationByToken(getDb(), token(params))
  if (!found.ok) return data({ request: null, error: found.error, language, timeZone }, { status: STATUS[found.error] })
  const { contactId: _contact, ...shown } = found.request
  return { request: shown, error: null, language, timeZone }
}

const DecisionSchema = z.object({
  decision: z.enum(['confirm', 'decline'], { error: 'errors.affiliation.decisionRequired' }),
  note: z.string().trim().max(2000, { error: 'errors.field.tooLong' }).optional().default(''),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request)
  const parsed = parseForm(DecisionSchema, form)
  if (!parsed.ok) return data({ done: null, errors: parsed.errors, error: null }, { status: 400 })
  const result = decideByToken(
    getDb(),
    { token: token(params), decision: parsed.data.decision, note: parsed.data.note },
    { baseUrl: baseUrl() },
  )
  if (!result.ok) return data({ done: null, errors: null, error: result.error }, { status: STATUS[result.error] })
  // Said outright: the loader, run again after this, finds the link spent (410), and a status the
  // action does not give would be taken from it.
  return data({ done: result, errors: null, error: null }, { status: 200 })
}

export default function ConfirmAffiliation() {
  const { t } = useTranslation('participation')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  if (a?.done) {
    return (
      <>
        <h1>{t('affiliation.title')}</h1>
        <p role="status">
          {t(a.done.decision === 'confirm' ? 'affiliation.confirmed' : 'affiliation.declined', {
            person: a.done.person,
            structure: a.done.structure,
          })}
        </p>
      </>
    )
  }
  const error = a?.error ?? d.error
  if (error || !d.request) {
    return (
      <>
        <h1>{t('affiliation.title')}</h1>
        <p role="alert">{t(`affiliation.errors.${error ?? 'unknown'}`)}</p>
      </>
    )
  }
  const r = d.request
  const errors = a?.errors as Record<string, string[] | undefined> | null | undefined
  return (
    <>
      <h1>{t('affiliation.title')}</h1>
      <p className="lede">{t('affiliation.lede', { person: r.person, structure: r.structure })}</p>
      <dl className="details">
        <dt>{t('affiliation.who')}</dt>
        <dd className="break">
          {r.person} &lt;{r.email}&gt;
        </dd>
        <dt>{t('affiliation.region')}</dt>
        <dd>{r.regionCode ?? t('affiliation.noRegion')}</dd>
        <dt>{t('affiliation.asked')}</dt>
        <dd>{formatDate(new Date(r.requestedAt), d.language, d.timeZone)}</dd>
      </dl>
      <p>{t('affiliation.explain', { structure: r.structure })}</p>
      {errors ? (
        <p className="error-summary" role="alert" tabIndex={-1}>
          {t('common:errors.form.fix')}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <fieldset
          aria-invalid={Boolean(errors?.decision)}
          aria-describedby={errors?.decision ? 'decision-error' : undefined}
        >
          <legend>{t('affiliation.decision')}</legend>
          <label className="choice">
            <input type="radio" name="decision" value="confirm" required />{' '}
            <span>{t('affiliation.confirm', { person: r.person })}</span>
          </label>
          <label className="choice">
            <input type="radio" name="decision" value="decline" /> <span>{t('affiliation.decline')}</span>
          </label>
          {errors?.decision ? (
            <span id="decision-error" className="field-error">
              {errors.decision.map((e) => t(`common:${e}`)).join(' ')}
            </span>
          ) : null}
        </fieldset>
        <div className="field">
          <label htmlFor="note">{t('affiliation.note')}</label>
          <span className="hint" id="note-hint">
            {t('affiliation.noteHint')}
          </span>
          <textarea
            id="note"
            name="note"
            rows={3}
            maxLength={2000}
            aria-describedby={errors?.note ? 'note-hint note-error' : 'note-hint'}
            aria-invalid={Boolean(errors?.note)}
          />
          {errors?.note ? (
            <span id="note-error" className="field-error">
              {errors.note.map((e) => t(`common:${e}`)).join(' ')}
            </span>
          ) : null}
        </div>
        <p className="hint">{t('affiliation.once')}</p>
        <div>
          <button type="submit" disabled={busy}>
            {t('affiliation.submit')}
          </button>
        </div>
      </Form>
    </>
  )
}
