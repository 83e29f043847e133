/**
 * Newsletter rendering: a staff member's Markdown (sanitised), with schedule
 * blocks filled per reader (their zone, their interpretation channel), in the
 * reader's language or English with a note. The same function renders the mail,
 * the staff preview and the public archive page, so they always agree.
 */
import { renderToStaticMarkup } from 'react-dom/server'

import type { Language } from '#db/domain'
import { fixedT } from '~/i18n.server'
import { formatDate, formatRange, languageName } from '~/lib/format'
import { type GlossaryEntry, glossaryMarker } from '~/lib/glossary'
import { loc, pickRow } from '~/lib/localised'
import { markdownToSafeHtml } from '~/lib/markdown.server'

import { mailDocument } from './render'
import { mailText } from './text.server'

export const NEWSLETTER_BLOCKS = ['upcoming-webinars', 'recent-recordings'] as const
export type NewsletterBlock = (typeof NEWSLETTER_BLOCKS)[number]

/** A block is written on a line of its own: {{upcoming-webinars}} or {{recent-recordings}}. */
const BLOCK_LINE = /^[ \t]*\{\{[ \t]*(upcoming-webinars|recent-recordings)[ \t]*\}\}[ \t]*$/gm

export type VersionText = {
  language: Language
  subject: string
  preheader: string
  bodyMarkdown: string
  complete: boolean
}

export type UpcomingWebinar = {
  id: number
  slug: string
  titles: Partial<Record<Language, string>>
  startsAt: Date
  endsAt: Date
  platformName: string | null
  platformUrl: string | null
  channels: { language: Language; conferenceId: string; dialInNumbers: string }[]
}
export type RecentRecording = {
  id: number
  slug: string
  titles: Partial<Record<Language, string>>
  startsAt: Date
  recordings: { language: Language; title: string; url: string }[]
}
export type BlockData = {
  upcoming: UpcomingWebinar[]
  recordings: RecentRecording[]
  /** Glossary terms per reader language, marked at their first occurrence in the issue. */
  glossary?: Record<Language, GlossaryEntry[]>
}

export type Reader = {
  language: Language
  timeZone: string
  /** The interpretation channel language this reader uses for a webinar (their registration's, else their language). */
  channelFor?: (eventId: number) => Language | undefined
}

type Part = { kind: 'markdown'; text: string } | { kind: 'block'; block: NewsletterBlock }

export function splitBody(bodyMarkdown: string): Part[] {
  const parts: Part[] = []
  let last = 0
  for (const match of bodyMarkdown.matchAll(BLOCK_LINE)) {
    if (match.index > last) parts.push({ kind: 'markdown', text: bodyMarkdown.slice(last, match.index) })
    parts.push({ kind: 'block', block: match[1] as NewsletterBlock })
    last = match.index + match[0].length
  }
  if (last < bodyMarkdown.length) parts.push({ kind: 'markdown', text: bodyMarkdown.slice(last) })
  return parts
}

/** The version a reader gets: theirs when complete, else English (and the mail says so). */
export function chooseVersion(
  versions: VersionText[],
  readerLanguage: Language,
): { version: VersionText; fallback: boolean } | null {
  // The reader's language when complete, else English complete, else English as it is (sending requires it complete).
  const picked = pickRow(
    versions.filter((v) => v.language === readerLanguage || v.language === 'en'),
    readerLanguage,
    (v) => v.complete,
  )
  if (picked) return { version: picked.value, fallback: picked.fallback }
  const english = versions.find((v) => v.language === 'en')
  return english ? { version: english, fallback: readerLanguage !== 'en' } : null
}

function upcomingItems(blocks: BlockData, language: Language, reader: Reader, baseUrl: string) {
  return blocks.upcoming.map((w) => {
    const wanted = reader.channelFor?.(w.id) ?? reader.language
    const channel =
      w.channels.find((c) => c.language === wanted) ?? w.channels.find((c) => c.language === 'en') ?? w.channels[0]
    return {
      key: w.id,
      title: loc(w.titles, language),
      url: `${baseUrl}/webinars/${w.slug}`,
      when: formatRange(w.startsAt, w.endsAt, language, reader.timeZone),
      platform: w.platformUrl ? `${w.platformName ?? ''} ${w.platformUrl}`.trim() : null,
      channel: channel
        ? {
            label: fixedT(language, 'emails')('newsletter.channel', {
              language: languageName(channel.language, language),
              id: channel.conferenceId,
            }),
            dialIn: channel.dialInNumbers,
          }
        : null,
    }
  })
}

function recordingItems(blocks: BlockData, language: Language, reader: Reader) {
  return blocks.recordings.map((r) => {
    const own = r.recordings.filter((m) => m.language === language)
    return {
      key: r.id,
      title: loc(r.titles, language),
      date: formatDate(r.startsAt, language, reader.timeZone),
      links: own.length ? own : r.recordings.filter((m) => m.language === 'en'),
    }
  })
}

function BlockHtml({
  block,
  blocks,
  language,
  reader,
  baseUrl,
}: {
  block: NewsletterBlock
  blocks: BlockData
  language: Language
  reader: Reader
  baseUrl: string
}) {
  const t = fixedT(language, 'emails')
  if (block === 'upcoming-webinars') {
    const items = upcomingItems(blocks, language, reader, baseUrl)
    return (
      <div className="nl-block">
        <h2>{t('newsletter.upcoming')}</h2>
        {items.length === 0 ? <p>{t('newsletter.noUpcoming')}</p> : null}
        {items.map((w) => (
          <div key={w.key} style={{ borderLeft: '4px solid #0b5cad', padding: '4px 12px', margin: '0 0 16px' }}>
            <p style={{ margin: '0 0 4px' }}>
              <strong>
                <a href={w.url}>{w.title}</a>
              </strong>
            </p>
            <p style={{ margin: '0 0 4px' }}>{w.when}</p>
            {w.channel ? <p style={{ margin: '0 0 4px' }}>{w.channel.label}</p> : null}
            {w.channel?.dialIn ? (
              <p style={{ margin: '0 0 4px' }}>{t('newsletter.dialIn', { numbers: w.channel.dialIn })}</p>
            ) : null}
            {w.platform ? <p style={{ margin: 0 }}>{w.platform}</p> : null}
          </div>
        ))}
      </div>
    )
  }
  const items = recordingItems(blocks, language, reader)
  return (
    <div className="nl-block">
      <h2>{t('newsletter.recordings')}</h2>
      {items.length === 0 ? <p>{t('newsletter.noRecordings')}</p> : null}
      <ul>
        {items.map((r) => (
          <li key={r.key}>
            <strong>{r.title}</strong> ({r.date})
            {r.links.map((m) => (
              <span key={m.url}>
                {' · '}
                <a href={m.url}>{t('newsletter.recording')}</a>
              </span>
            ))}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** The content (no mail frame): for the archive page, the preview and inside the mail. */
export function renderContent(
  version: VersionText,
  blocks: BlockData,
  reader: Reader,
  baseUrl: string,
): { html: string } {
  let html = ''
  // Glossary terms: the first occurrence in the issue, the expansion in the reader's language.
  const glossary = glossaryMarker(blocks.glossary?.[reader.language] ?? [])
  for (const part of splitBody(version.bodyMarkdown)) {
    if (part.kind === 'markdown') {
      html += markdownToSafeHtml(part.text, glossary)
    } else {
      html += renderToStaticMarkup(
        <BlockHtml block={part.block} blocks={blocks} language={version.language} reader={reader} baseUrl={baseUrl} />,
      )
    }
  }
  return { html }
}

/** Per-reader links are put in after rendering, so one rendering serves many readers. */
export type MailLinks = { unsubscribeUrl: string; archiveUrl: string }

export type RenderedNewsletter = { subject: string; html: string; text: string; language: Language; fallback: boolean }

/** The whole mail for one kind of reader (language, zone, channels), with the links as given. */
export function renderNewsletterMail({
  chosen,
  reader,
  blocks,
  links,
  baseUrl,
}: {
  chosen: { version: VersionText; fallback: boolean }
  reader: Reader
  blocks: BlockData
  links: MailLinks
  baseUrl: string
}): RenderedNewsletter {
  const { version, fallback } = chosen
  const language = version.language
  const t = fixedT(language, 'emails')
  const readerT = fixedT(reader.language, 'emails')
  const content = renderContent(version, blocks, reader, baseUrl)
  const note = fallback
    ? readerT('newsletter.fallbackNote', { language: languageName(reader.language, reader.language) })
    : null
  const footer = t('newsletter.footer')
  const html = mailDocument(
    language,
    version.subject,
    <>
      <tr>
        <td style={{ padding: '12px 28px 0', fontSize: 12, color: '#5b6470' }}>
          {note ? (
            <p lang={reader.language} style={{ margin: '0 0 6px', fontWeight: 'bold', color: '#1b1f24' }}>
              {note}
            </p>
          ) : null}
          <a href={links.archiveUrl}>{t('newsletter.readOnline')}</a>
        </td>
      </tr>
      <tr>
        <td
          style={{ padding: '12px 28px 24px', fontSize: 16, lineHeight: 1.5 }}
          dangerouslySetInnerHTML={{ __html: content.html }}
        />
      </tr>
      <tr>
        <td
          data-text="signature"
          style={{ padding: '12px 28px 24px', fontSize: 12, color: '#5b6470', borderTop: '1px solid #e3e6ea' }}
        >
          <p style={{ margin: '0 0 6px' }}>{footer}</p>
          <p style={{ margin: 0 }}>
            <a href={links.unsubscribeUrl}>{t('newsletter.unsubscribe')}</a>
            {' · '}
            <a href={links.unsubscribeUrl}>{t('newsletter.preferences')}</a>
          </p>
        </td>
      </tr>
    </>,
    version.preheader,
  )
  // The text part is derived from the HTML before its links go through the click counter.
  const text = mailText(html)
  return { subject: version.subject, html, text, language, fallback }
}
