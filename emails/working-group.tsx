import type { Language } from '#db/schema'
import { fixedT } from '~/i18n.server'

import { buttonStyle, renderMail } from './render'

/** An action item's owner is reminded on its due date, in their language. */
export function renderActionReminder(
  language: Language,
  d: { name: string; group: string; text: string; due: string; link: string },
) {
  const t = fixedT(language, 'emails')
  const subject = t('actionReminder.subject', { group: d.group })
  const greeting = t('greeting', { name: d.name })
  const intro = t('actionReminder.intro', { group: d.group, due: d.due })
  const next = t('actionReminder.next')
  const button = t('actionReminder.button')
  return renderMail({
    language,
    subject,
    body: (
      <>
        <p>{greeting}</p>
        <p>{intro}</p>
        <blockquote style={{ margin: '8px 0 16px', paddingLeft: 12, borderLeft: '3px solid #c8d3e0' }}>
          {d.text}
        </blockquote>
        <p>{next}</p>
        <p>
          <a href={d.link} style={buttonStyle}>
            {button}
          </a>
        </p>
      </>
    ),
    footer: t('footer'),
  })
}
