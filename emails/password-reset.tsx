import type { Language } from '#db/schema'
import { fixedT } from '~/i18n.server'

import { buttonStyle, renderMail } from './render'

export function renderPasswordReset(language: Language, data: { name: string; link: string; validMinutes: number }) {
  const t = fixedT(language, 'emails')
  const subject = t('passwordReset.subject')
  const greeting = t('greeting', { name: data.name })
  const intro = t('passwordReset.intro')
  const validity = t('passwordReset.validity', { minutes: data.validMinutes })
  const ignore = t('passwordReset.ignore')
  const button = t('passwordReset.button')
  return renderMail({
    language,
    subject,
    body: (
      <>
        <p>{greeting}</p>
        <p>{intro}</p>
        <p>
          <a href={data.link} style={buttonStyle}>
            {button}
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
