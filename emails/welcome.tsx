import type { Language } from '#db/schema'
import { fixedT } from '~/i18n.server'

import { buttonStyle, renderMail } from './render'

export function renderWelcome(language: Language, data: { name: string; link: string }) {
  const t = fixedT(language, 'emails')
  const subject = t('welcome.subject')
  const greeting = t('greeting', { name: data.name })
  const intro = t('welcome.intro')
  const next = t('welcome.next')
  return renderMail({
    language,
    subject,
    body: (
      <>
        <p>{greeting}</p>
        <p>{intro}</p>
        <p>{next}</p>
        <p>
          <a href={data.link} style={buttonStyle}>
            {t('welcome.button')}
          </a>
        </p>
      </>
    ),
    footer: t('footer'),
  })
}
