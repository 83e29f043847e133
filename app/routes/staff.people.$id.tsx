import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { getDb } from '#db/client'
import { REGION_CODES, ROLES } from '#db/domain'
import { redirectWithNotice } from '~/auth-session.server'
import { PersonForm } from '~/components/PersonForm'
import { Timeline } from '~/components/Timeline'
import { baseUrl } from '~/guards.server'
import { readForm } from '~/lib/form.server'
import { formatDate, formatDateTime, timeZones } from '~/lib/format'
import { loc } from '~/lib/localised'
import { pageTitle } from '~/lib/meta'
import { idField, idParam } from '~/lib/params.server'
import { PersonSchema, RECORD_ERRORS } from '~/lib/person-form'
import { parseForm } from '~/lib/validation'
import { invitePerson } from '~/services/accounts.server'
import { personMailEvents, resumeMail } from '~/services/mail-events.server'
import { subscriptionsOf } from '~/services/newsletters/lists.server'
import { listStructures } from '~/services/people.server'
import { listConsents } from '~/services/people/privacy.server'
import {
  addNote,
  getPersonRecord,
  personTimeline,
  setDeactivated,
  setRole,
  updatePersonRecord,
} from '~/services/people/record.server'
import { affiliationOf } from '~/services/structures/affiliation.server'
import { requireViewer } from '~/viewer.server'

/** The translation namespaces this page uses, beyond `common` (fetched by the browser for it). */
export const handle = { i18n: ['participation', 'staff'] }

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'person', data?.person.name)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { person: staff, language, timeZone } = await requireViewer(request, { role: 'staff' })
  const id = idParam(params.id)
  const db = getDb()
  const person = getPersonRecord(db, id)
  if (!person) throw new Response('Not found', { status: 404 })
  const page = idField(new URL(request.url).searchParams.get('page')) ?? 1
  return {
    person,
    consents: listConsents(db, id),
    mail: personMailEvents(db, id),
    lists: subscriptionsOf(db, id).map((l) => ({ ...l, name: loc(l.name, language) })),
    timeline: personTimeline(db, { personId: id, language, page }),
    isSelf: staff.id === id,
    structures: listStructures(db),
    affiliation: affiliationOf(db, id),
    timeZones: timeZones(),
    language,
    timeZone,
  }
}

const RoleSchema = z.object({
  role: z.enum(ROLES),
  granted: z.enum(['yes', 'no']),
  region: z.enum(REGION_CODES).nullable().catch(null),
})
const NoteSchema = z.object({
  body: z
    .string({ error: 'errors.field.required' })
    .trim()
    .min(1, { error: 'errors.field.required' })
    .max(5000, { error: 'errors.field.tooLong' }),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const { person: staff } = await requireViewer(request, { role: 'staff' })
  const id = idParam(params.id)
  const db = getDb()
  const form = await readForm(request)
  const here = `/staff/people/${id}`
  const ctx = { actorId: staff.id }
  const fail = (errors: Record<string, string[]>, status = 400) => data({ errors }, { status })
  switch (form.get('intent')) {
    case 'save': {
      const parsed = parseForm(PersonSchema, form)
      if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 })
      const result = updatePersonRecord(db, { personId: id, fields: parsed.data }, ctx)
      if (!result.ok) {
        const [field, key] = RECORD_ERRORS[result.error]
        return fail({ [field]: [key] }, result.error === 'notFound' ? 404 : result.error === 'emailTaken' ? 409 : 400)
      }
      return redirectWithNotice(
        request,
        here,
        result.changed.length ? 'notices.person.saved' : 'notices.person.unchanged',
      )
    }
    case 'role': {
      const parsed = RoleSchema.safeParse({
        role: form.get('role'),
        granted: form.get('granted'),
        region: form.get('region') || null,
      })
      if (!parsed.success) return fail({ roles: ['errors.field.invalid'] })
      const { role, granted, region } = parsed.data
      const result = setRole(db, { personId: id, role, granted: granted === 'yes', regionCode: region }, ctx)
      if (!result.ok) return fail({ roles: [`errors.person.${result.error}`] }, result.error === 'notFound' ? 404 : 409)
      return redirectWithNotice(
        request,
        `${here}#roles`,
        parsed.data.granted === 'yes' ? 'notices.person.roleGranted' : 'notices.person.roleRevoked',
      )
    }
    case 'deactivate':
    case 'reactivate': {
      const result = setDeactivated(db, { personId: id, deactivated: form.get('intent') === 'deactivate' }, ctx)
      if (!result.ok)
        return fail(
          { account: [`errors.person.${result.error === 'self' ? 'deactivateSelf' : 'notFound'}`] },
          result.error === 'self' ? 409 : 404,
        )
      return redirectWithNotice(
        request,
        here,
        form.get('intent') === 'deactivate' ? 'notices.person.deactivated' : 'notices.person.reactivated',
      )
    }
    case 'invite': {
      const result = invitePerson(db, id, { baseUrl: baseUrl() })
      if (!result.ok)
        return fail({ account: [`errors.person.${result.reason}`] }, result.reason === 'notFound' ? 404 : 409)
      return redirectWithNotice(request, here, 'notices.person.invited')
    }
    case 'mail-resume': {
      if (!resumeMail(db, id, ctx)) return fail({ mail: ['errors.notFoundNothingChanged'] }, 409)
      return redirectWithNotice(request, `${here}#mail`, 'notices.person.mailResumed')
    }
    case 'note': {
      const parsed = NoteSchema.safeParse({ body: form.get('body') })
      if (!parsed.success) return fail(z.flattenError(parsed.error).fieldErrors as Record<string, string[]>)
      if (!addNote(db, { personId: id, body: parsed.data.body }, ctx))
        return fail({ body: ['errors.notFoundNothingChanged'] }, 404)
      return redirectWithNotice(request, `${here}#notes`, 'notices.person.noted')
    }
    default:
      return fail({ form: ['errors.form.rejected'] })
  }
}

export default function PersonPage() {
  const { t } = useTranslation('staff')
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>()
  const errors = a?.errors as Record<string, string[] | undefined> | undefined
  const p = d.person
  const when = (at: number | string | Date) => formatDateTime(new Date(at), d.language, d.timeZone)
  const day = (at: number | string | Date) => formatDate(new Date(at), d.language, d.timeZone)
  const errorLine = (key: string) =>
    errors?.[key] ? (
      <p className="error-summary" role="alert">
        {errors[key]!.map((e) => t(`common:${e}`)).join(' ')}
      </p>
    ) : null
  return (
    <>
      <p>
        <Link to="/staff/people">← {t('people.title')}</Link>
      </p>
      <div className="page-head">
        <h1>{p.name}</h1>
        <p>
          <span className={p.state === 'active' ? 'badge' : p.state === 'invited' ? 'badge muted' : 'badge bad'}>
            {t(`people.states.${p.state}`)}
          </span>{' '}
          <span className="break">{p.email}</span>
        </p>
      </div>

      {p.erasedAt ? (
        <p className="notice" role="status">
          {t('people.erasedOn', { date: when(p.erasedAt) })}
        </p>
      ) : (
        <>
          <section aria-labelledby="account">
            <h2 id="account">{t('people.account')}</h2>
            {errorLine('account')}
            <div className="actions">
              {!p.hasPassword && !p.deactivatedAt ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="invite" />
                  <button type="submit">{t('people.sendInvitation')}</button>
                </Form>
              ) : null}
              {p.deactivatedAt ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="reactivate" />
                  <button type="submit">{t('people.reactivate')}</button>
                </Form>
              ) : d.isSelf ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="deactivate" />
                  <button type="submit" className="secondary">
                    {t('people.deactivate')}
                  </button>
                </Form>
              )}
            </div>
            <p className="hint">
              {p.deactivatedAt
                ? t('people.deactivatedSince', { date: when(p.deactivatedAt) })
                : t('people.deactivateHint')}
            </p>
          </section>

          <section aria-labelledby="mail">
            <h2 id="mail">{t('people.mail')}</h2>
            {errorLine('mail')}
            <p>
              {d.mail.bouncedAt
                ? t('people.mailBounced', { date: when(d.mail.bouncedAt) })
                : d.mail.heldAt
                  ? t('people.mailHeld', { date: when(d.mail.heldAt) })
                  : t('people.mailFine')}
            </p>
            {d.mail.bouncedAt || d.mail.heldAt ? (
              <Form method="post">
                <input type="hidden" name="intent" value="mail-resume" />
                <button type="submit" className="secondary">
                  {t('people.mailResume')}
                </button>
              </Form>
            ) : null}
            {d.mail.events.length ? (
              <ul className="plain">
                {d.mail.events.map((e) => (
                  <li key={e.id}>
                    {when(e.occurredAt)} · <strong>{t(`people.mailEvents.${e.kind}`)}</strong>
                    {e.status ? ` (${e.status})` : ''}
                    {e.detail ? <span className="muted break"> · {e.detail}</span> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('people.noMailEvents')}</p>
            )}
            <h3>{t('people.lists')}</h3>
            {d.lists.length ? (
              <ul className="plain">
                {d.lists.map((l) => (
                  <li key={`${l.listId}-${String(l.subscribedAt)}`}>
                    <strong>{l.name}</strong> ·{' '}
                    {l.unsubscribedAt
                      ? t('people.listLeft', { from: day(l.subscribedAt), to: day(l.unsubscribedAt) })
                      : t('people.listSince', { date: day(l.subscribedAt) })}
                    <div className="hint" lang={l.language}>
                      {l.wording}
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('people.noLists')}</p>
            )}
          </section>

          <section aria-labelledby="roles">
            <h2 id="roles">{t('people.roles')}</h2>
            {errorLine('roles')}
            <ul className="plain">
              {ROLES.map((role) => {
                const has = p.roles.includes(role)
                return (
                  <li key={role}>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="role" value={role} />
                      <input type="hidden" name="granted" value={has ? 'no' : 'yes'} />
                      <span>
                        {t(`common:roles.${role}`)}
                        {t('common:colon')}
                        <strong>
                          {has ? t('people.yes') : t('people.no')}
                          {has && role === 'ralo_leader' && p.raloRegion ? ` (${p.raloRegion})` : ''}
                        </strong>
                      </span>{' '}
                      {!has && role === 'ralo_leader' ? (
                        <>
                          <label className="visually-hidden" htmlFor="ralo-region">
                            {t('people.raloRegion')}
                          </label>
                          <select id="ralo-region" name="region" required defaultValue={p.regionCode ?? ''}>
                            <option value="">{t('people.raloRegion')}</option>
                            {REGION_CODES.map((r) => (
                              <option key={r} value={r}>
                                {r}
                              </option>
                            ))}
                          </select>{' '}
                        </>
                      ) : null}
                      <button type="submit" className="small secondary" disabled={has && role === 'staff' && d.isSelf}>
                        {has
                          ? t('people.revoke', { role: t(`common:roles.${role}`) })
                          : t('people.grant', { role: t(`common:roles.${role}`) })}
                      </button>
                    </Form>
                  </li>
                )
              })}
            </ul>
            <p className="hint">{t('people.rolesHint')}</p>
          </section>

          <section aria-labelledby="record">
            <h2 id="record">{t('people.record')}</h2>
            {d.affiliation.pending ? (
              <p>
                <span className="badge warn">{t('common:profile.pendingBadge')}</span>{' '}
                <Link to={`/staff/structures/${d.affiliation.pending.structureId}#requests`}>
                  {t('people.pendingAffiliation', {
                    structure: d.affiliation.pending.name,
                    date: formatDate(d.affiliation.pending.requestedAt, d.language, d.timeZone),
                  })}
                </Link>
              </p>
            ) : null}
            <PersonForm
              values={{ ...p, phone: p.phone ?? '' }}
              errors={errors && !errors.account && !errors.roles && !errors.body ? errors : undefined}
              timeZones={d.timeZones}
              structures={d.structures}
              submit={t('people.save')}
            />
          </section>

          <section aria-labelledby="notes">
            <h2 id="notes">{t('people.notes')}</h2>
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="note" />
              <div className="field">
                <label htmlFor="note-body">{t('people.newNote')}</label>
                <textarea
                  id="note-body"
                  name="body"
                  rows={3}
                  aria-invalid={Boolean(errors?.body)}
                  aria-describedby={errors?.body ? 'note-error' : undefined}
                />
                {errors?.body ? (
                  <span id="note-error" className="field-error">
                    {errors.body.map((e) => t(`common:${e}`)).join(' ')}
                  </span>
                ) : null}
              </div>
              <div>
                <button type="submit" className="secondary">
                  {t('people.addNote')}
                </button>
              </div>
            </Form>
            {p.notes.length === 0 ? (
              <p className="muted">{t('people.noNotes')}</p>
            ) : (
              <ul className="notes">
                {p.notes.map((n) => (
                  <li key={n.id}>
                    <p className="muted">{t('people.noteBy', { author: n.author ?? '—', date: when(n.createdAt) })}</p>
                    <p className="pre">{n.body}</p>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="privacy">
            <h2 id="privacy">{t('people.privacy')}</h2>
            {d.consents.length === 0 ? (
              <p className="muted">{t('people.noConsents')}</p>
            ) : (
              <ul className="plain">
                {d.consents.map((c, i) => (
                  <li key={i}>
                    {t(`people.consentKinds.${c.kind}`)} · {t('people.consentVersion', { version: c.version })} ·{' '}
                    {when(c.givenAt)}
                    {c.withdrawnAt ? <> · {t('people.consentWithdrawn', { date: when(c.withdrawnAt) })}</> : null}
                  </li>
                ))}
              </ul>
            )}
            {/* A subject-access request: the same download the person has at /profile/data (audited). */}
            <Form method="post" action={`/staff/people/${p.id}/data`} reloadDocument className="stack">
              <p className="hint">{t('people.exportDataHint')}</p>
              <div>
                <button type="submit" className="secondary">
                  {t('people.exportData')}
                </button>
              </div>
            </Form>
            <p className="actions">
              <Link className="button secondary" to={`/staff/people/merge?a=${p.id}`}>
                {t('people.mergeWith')}
              </Link>{' '}
              {d.isSelf ? null : (
                <Link className="button danger" to={`/staff/people/${p.id}/erase`}>
                  {t('people.erase')}
                </Link>
              )}
            </p>
          </section>
        </>
      )}

      <Timeline
        title={t('people.timeline')}
        empty={t('people.noHistory')}
        timeline={d.timeline}
        language={d.language}
        timeZone={d.timeZone}
      />
    </>
  )
}
