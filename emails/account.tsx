/**
 * Mails of the sign-up and sign-in flows: confirm an address, "you already have an account", an invitation to set
 * a password, and a one-time sign-in link.
 */
import type { Language } from '#db/schema'
import { fixedT } from '~/i18n.server'

import { buttonStyle, renderMail } from './render'

type LinkMail = { kind: 'signupLink' | 'invitation'; name?: string; link: string; validHours: number }
type ExistsMail = { kind: 'accountExists'; name: string; signInLink: string; resetLink: string }
type SignInMail = { kind: 'signInLink'; name: string; link: string; validMinutes: number }

export function renderAccountMail(language: Language, data: LinkMail | ExistsMail | SignInMail) {
  const t = fixedT(language, 'emails')
  const key = `account.${data.kind}`
  const subject = t(`${key}.subject`)
  const greeting = data.name ? t('greeting', { name: data.name }) : t('account.hello')
  const intro = t(`${key}.intro`)
  const ignore = t(`${key}.ignore`)
  if (data.kind === 'accountExists') {
    const reset = t(`${key}.reset`)
    return renderMail({
      language,
      subject,
      body: (
        <>
          <p>{greeting}</p>
          <p>{intro}</p>
          <p>
            <a href={data.signInLink} style={buttonStyle}>
              {t(`${key}.button`)}
            </a>
          </p>
          <p>
            {reset} <a href={data.resetLink}>{data.resetLink}</a>
          </p>
          <p>{ignore}</p>
        </>
      ),
      footer: t('footer'),
    })
  }
  const validity =
    data.kind === 'signInLink'
      ? t('account.signInLink.validity', { minutes: data.validMinutes })
      : t('account.validity', { hours: data.validHours })
  return renderMail({
    language,
    subject,
    body: (
      <>
        <p>{greeting}</p>
        <p>{intro}</p>
        <p>
          <a href={data.link} style={buttonStyle}>
            {t(`${key}.button`)}
          </a>
        </p>
        <p style={{ fontSize: 14, wordBreak: 'break-all' }}>{data.link}</p>
        <p>{validity}</p>
        <p>{ignore}</p>
      </>
    ),
    footer: t('footer'),
  })
}
