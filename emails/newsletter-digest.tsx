import type { Language } from '#db/schema'
import { fixedT } from '~/i18n.server'

import { renderMail } from './render'

export type DigestItem = { subject: string; summary: string; url: string; sentOn: string }

/** The monthly digest: the issues of a person's lists last month, each with a summary and its archive link. */
export function renderDigest(
  language: Language,
  d: { name: string; month: string; items: DigestItem[]; preferencesUrl: string },
) {
  const t = fixedT(language, 'emails')
  const subject = t('digest.subject', { month: d.month })
  const greeting = t('greeting', { name: d.name })
  const intro = t('digest.intro', { month: d.month, count: d.items.length })
  const read = t('digest.read')
  const why = t('digest.why')
  const preferences = t('newsletter.preferences')
  return renderMail({
    language,
    subject,
    body: (
      <>
        <p>{greeting}</p>
        <p>{intro}</p>
        {d.items.map((item) => (
          <div key={item.url} style={{ margin: '0 0 18px' }}>
            <h2 style={{ fontSize: 18, margin: '0 0 4px' }}>{item.subject}</h2>
            <p style={{ margin: '0 0 4px', fontSize: 13, color: '#5b6470' }}>{item.sentOn}</p>
            {item.summary ? <p style={{ margin: '0 0 6px' }}>{item.summary}</p> : null}
            <a href={item.url}>{read}</a>
          </div>
        ))}
        <p style={{ fontSize: 13, color: '#5b6470' }}>
          {why} <a href={d.preferencesUrl}>{preferences}</a>
        </p>
      </>
    ),
    footer: t('newsletter.footer'),
  })
}
