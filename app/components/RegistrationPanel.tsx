import { Form, Link, useLocation, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import type { Language } from '#db/domain'
import { languageName } from '~/lib/format'

import { Field } from './Field'

export type RegistrationPanelData = {
  signedIn: boolean
  state: 'open' | 'closed' | 'not_open' | 'cancelled' | 'past'
  registration: {
    status: 'confirmed' | 'waitlisted' | 'cancelled'
    channelLanguage: Language
    dialOutNumber: string | null
    waitlistPosition: number
  } | null
  channelLanguages: Language[]
  defaultChannel: Language
  full: boolean
}

/** Register in one step, change channel or dial-out, cancel, download the invite. */
export function RegistrationPanel({
  data,
  slug,
  language,
  errors,
}: {
  data: RegistrationPanelData
  slug: string
  language: Language
  errors?: Record<string, string[] | undefined>
}) {
  const { t } = useTranslation()
  const location = useLocation()
  const busy = useNavigation().state === 'submitting'
  const reg = data.registration && data.registration.status !== 'cancelled' ? data.registration : null
  return (
    <section className="card registration" aria-labelledby="registration-heading">
      <h2 id="registration-heading">{t('registration.title')}</h2>
      {reg?.status === 'confirmed' ? <p className="badge ok">{t('registration.youAreConfirmed')}</p> : null}
      {reg?.status === 'waitlisted' ? (
        <p className="badge warn">{t('registration.youAreWaitlisted', { position: reg.waitlistPosition })}</p>
      ) : null}
      {reg && data.channelLanguages.length && !data.channelLanguages.includes(reg.channelLanguage) ? (
        <p className="notice warn" role="status">
          {t('registration.channelCancelled', { channel: languageName(reg.channelLanguage, language) })}
        </p>
      ) : null}
      {errors?.form ? (
        <p className="error-summary" role="alert">
          {t(errors.form[0])}
        </p>
      ) : null}
      {data.state !== 'open' && !reg ? <p>{t(`registration.state.${data.state}`)}</p> : null}
      {data.state === 'open' && !data.signedIn ? (
        <p>
          <Link className="button" to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>
            {t('registration.signInToRegister')}
          </Link>
        </p>
      ) : null}
      {data.state === 'open' && data.signedIn ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="register" />
          {data.channelLanguages.length ? (
            <Field
              name="channelLanguage"
              label={t('registration.channel')}
              hint={t('registration.channelHint')}
              errors={errors?.channelLanguage}
            >
              {(p) => (
                <select {...p} defaultValue={reg?.channelLanguage ?? data.defaultChannel}>
                  {data.channelLanguages.map((l) => (
                    <option key={l} value={l}>
                      {languageName(l, language)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            <input type="hidden" name="channelLanguage" value={data.defaultChannel} />
          )}
          <Field
            name="dialOutNumber"
            type="tel"
            label={t('registration.dialOut')}
            hint={t('registration.dialOutHint')}
            errors={errors?.dialOutNumber}
            defaultValue={reg?.dialOutNumber ?? ''}
            autoComplete="tel"
          />
          <div>
            <button type="submit" disabled={busy}>
              {reg ? t('registration.update') : data.full ? t('registration.joinWaitlist') : t('registration.register')}
            </button>
          </div>
        </Form>
      ) : null}
      {reg ? (
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="secondary" disabled={busy}>
            {reg.status === 'waitlisted' ? t('registration.leaveWaitlist') : t('registration.cancel')}
          </button>
        </Form>
      ) : null}
      <p>
        <a href={`/webinars/${slug}/invite.ics`} download>
          {t('registration.downloadInvite')}
        </a>
      </p>
    </section>
  )
}
