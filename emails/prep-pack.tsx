import type { Language } from '#db/schema'
import { fixedT } from '~/i18n.server'
import { languageInText } from '~/lib/format'
import { loc } from '~/lib/localised'
import type { PackChanges, PrepPack } from '~/services/prep-pack.server'

import { buttonStyle, renderMail, renderStepMail } from './render'

const LANGS: Language[] = ['en', 'fr', 'es']
const cell = { padding: '4px 8px', borderBottom: '1px solid #e3e8ef', verticalAlign: 'top' as const, fontSize: 14 }

/** An interpreter's prep pack (or its update), in the interpreter's language. */
export function renderPrepPack(
  language: Language,
  d: {
    name: string
    title: string
    when: string
    booths: Language[]
    pack: PrepPack
    changes: PackChanges | null
    link: string
  },
) {
  const t = fixedT(language, 'emails')
  const booths = d.booths.map((b) => languageInText(b, language)).join(', ')
  const subject = t(d.changes ? 'prepPack.updateSubject' : 'prepPack.subject', { title: d.title })
  const greeting = t('greeting', { name: d.name })
  const intro = t(d.changes ? 'prepPack.updateIntro' : 'prepPack.intro', {
    title: d.title,
    when: d.when,
    booths,
    count: d.booths.length,
  })
  const changeLines = d.changes
    ? [
        ...d.changes.added.map((title) => t('prepPack.added', { title })),
        ...d.changes.removed.map((title) => t('prepPack.removed', { title })),
        ...d.changes.other.map((part) => t(`prepPack.changed.${part}`)),
      ]
    : []
  const { pack } = d
  const agenda = loc(pack.agenda, language)
  return renderMail({
    language,
    subject,
    body: (
      <>
        <p>{greeting}</p>
        <p>{intro}</p>
        {changeLines.length ? (
          <>
            <p style={{ fontWeight: 600, marginBottom: 4 }}>{t('prepPack.whatChanged')}</p>
            <ul>
              {changeLines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          </>
        ) : null}
        <h2 style={{ fontSize: 18 }}>{t('prepPack.materials')}</h2>
        {pack.contents.materials.length ? (
          <ul>
            {pack.contents.materials.map((m) => (
              <li key={m.id}>
                <a href={m.url}>{m.title}</a> — {t(`prepPack.kinds.${m.kind}`)}, {languageInText(m.language, language)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('prepPack.noMaterials')}</p>
        )}
        <h2 style={{ fontSize: 18 }}>{t('prepPack.speakers')}</h2>
        {pack.speakers.length ? (
          <ul>
            {pack.speakers.map((s) => (
              <li key={s.name}>
                {s.name}
                {loc(s.role, language) ? ` (${loc(s.role, language)})` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('prepPack.noSpeakers')}</p>
        )}
        {agenda ? (
          <>
            <h2 style={{ fontSize: 18 }}>{t('prepPack.agenda')}</h2>
            <p style={{ whiteSpace: 'pre-line' }}>{agenda}</p>
          </>
        ) : null}
        {pack.terms.length ? (
          <>
            <h2 style={{ fontSize: 18 }}>{t('prepPack.glossary')}</h2>
            <table role="presentation" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'collapse' }}>
              <tbody>
                {pack.terms.map((g) => (
                  <tr key={g.term}>
                    <td style={{ ...cell, fontWeight: 600 }}>{g.term}</td>
                    <td style={cell}>
                      {LANGS.map((l) => (
                        <div key={l} lang={l}>
                          {l.toUpperCase()} {loc(g.expansion, l)}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
        <p style={{ marginTop: 16 }}>
          <a href={d.link} style={buttonStyle}>
            {t('prepPack.button')}
          </a>
        </p>
      </>
    ),
    footer: t('footer'),
  })
}

/** A presenter is asked to add their slides before the interpreters' pack goes out. */
export function renderSlidesReminder(
  language: Language,
  d: { name: string; title: string; before: string; link: string },
) {
  const t = fixedT(language, 'emails')
  return renderStepMail({
    language,
    subject: t('slidesReminder.subject', { title: d.title }),
    greeting: t('greeting', { name: d.name }),
    intro: t('slidesReminder.intro', { title: d.title }),
    reason: null,
    next: t('slidesReminder.next', { before: d.before }),
    button: t('slidesReminder.button'),
    url: d.link,
    footer: t('footer'),
  })
}

/** Registrants of a cancelled interpretation channel are told, with what they can do instead. */
export function renderChannelCancelled(
  language: Language,
  d: {
    name: string
    title: string
    when: string
    channel: Language
    alternatives: { language: Language; conferenceId: string }[]
    note: string
    link: string
  },
) {
  const t = fixedT(language, 'emails')
  const channel = languageInText(d.channel, language)
  const subject = t('channelCancelled.subject', { title: d.title, channel })
  const greeting = t('greeting', { name: d.name })
  const intro = t('channelCancelled.intro', { title: d.title, when: d.when, channel })
  const options = d.alternatives.map((a) =>
    t('channelCancelled.alternative', { channel: languageInText(a.language, language), id: a.conferenceId }),
  )
  const later = t('channelCancelled.recording')
  const change = t('channelCancelled.change')
  const button = t('channelCancelled.button')
  return renderMail({
    language,
    subject,
    body: (
      <>
        <p>{greeting}</p>
        <p>{intro}</p>
        {d.note ? (
          <blockquote style={{ margin: '8px 0 16px', paddingLeft: 12, borderLeft: '3px solid #c8d3e0' }}>
            {d.note}
          </blockquote>
        ) : null}
        <p style={{ marginBottom: 4 }}>{t('channelCancelled.options')}</p>
        <ul>
          {options.map((o) => (
            <li key={o}>{o}</li>
          ))}
          <li>{later}</li>
        </ul>
        <p>{change}</p>
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
