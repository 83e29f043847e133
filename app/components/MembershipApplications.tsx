import { Form, Link, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import type { Language } from '#db/domain'
import { formatDate } from '~/lib/format'

type Application = {
  id: number
  regionCode: string
  motivation: string | null
  createdAt: Date
  personId: number
  name: string
  email: string
  memberType: string
  structure: string | null
}

/**
 * Open applications for individual membership, each with its approve/decline form (a
 * decline needs a note, mailed to the applicant). Staff get a link to the person's record.
 */
export function MembershipApplications({
  applications,
  language,
  timeZone,
  failed,
  linkPeople,
}: {
  applications: Application[]
  language: Language
  timeZone: string
  failed?: { applicationId: number; errors: Record<string, string[] | undefined> }
  linkPeople?: boolean
}) {
  const { t } = useTranslation('participation')
  const busy = useNavigation().state !== 'idle'
  if (applications.length === 0) return <p className="muted">{t('membershipDesk.none')}</p>
  return (
    <div className="card-list">
      {applications.map((app) => {
        const errors = failed?.applicationId === app.id ? failed.errors : undefined
        const errorText = (k: string) => errors?.[k]?.map((e) => t(`common:${e}`)).join(' ')
        return (
          <section key={app.id} className="card stack" aria-labelledby={`member-app-${app.id}`}>
            <h3 id={`member-app-${app.id}`}>
              {linkPeople ? <Link to={`/staff/people/${app.personId}`}>{app.name}</Link> : app.name}
            </h3>
            <p className="break">
              {app.regionCode} · {app.email} · {t(`common:memberTypes.${app.memberType}`)}
              {app.structure ? ` · ${app.structure}` : ''}
            </p>
            <p className="hint">
              {t('membershipDesk.applied', { date: formatDate(app.createdAt, language, timeZone) })}
            </p>
            {app.motivation ? <blockquote className="break pre-line">{app.motivation}</blockquote> : null}
            <Form method="post" className="stack">
              {errors?.form ? (
                <p className="error-summary" role="alert">
                  {errorText('form')}
                </p>
              ) : null}
              <input type="hidden" name="intent" value="decideMembership" />
              <input type="hidden" name="applicationId" value={app.id} />
              <fieldset
                aria-invalid={Boolean(errors?.decision)}
                aria-describedby={errors?.decision ? `decision-error-${app.id}` : undefined}
              >
                <legend>{t('membershipDesk.decision')}</legend>
                <label className="choice">
                  <input type="radio" name="decision" value="approve" /> <span>{t('membershipDesk.approve')}</span>
                </label>
                <label className="choice">
                  <input type="radio" name="decision" value="decline" /> <span>{t('membershipDesk.decline')}</span>
                </label>
                {errors?.decision ? (
                  <span className="field-error" id={`decision-error-${app.id}`}>
                    {errorText('decision')}
                  </span>
                ) : null}
              </fieldset>
              <div className="field">
                <label htmlFor={`member-note-${app.id}`}>{t('membershipDesk.note')}</label>
                <span className="hint" id={`member-note-hint-${app.id}`}>
                  {t('membershipDesk.noteHint')}
                </span>
                <textarea
                  id={`member-note-${app.id}`}
                  name="note"
                  rows={2}
                  maxLength={2000}
                  aria-invalid={Boolean(errors?.note)}
                  aria-describedby={
                    errors?.note
                      ? `member-note-hint-${app.id} member-note-error-${app.id}`
                      : `member-note-hint-${app.id}`
                  }
                />
                {errors?.note ? (
                  <span className="field-error" id={`member-note-error-${app.id}`}>
                    {errorText('note')}
                  </span>
                ) : null}
              </div>
              <p>
                <button type="submit" disabled={busy}>
                  {t('membershipDesk.submit')}
                </button>
              </p>
            </Form>
          </section>
        )
      })}
    </div>
  )
}
