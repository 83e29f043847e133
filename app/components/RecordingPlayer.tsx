import { useTranslation } from 'react-i18next'

import type { Language } from '#db/domain'
import { languageInText, languageName } from '~/lib/format'

export type RecordingData = {
  slug: string
  /** The recording in each language it exists in (the interpreted channel's audio, or video). */
  recordings: { language: Language; url: string; title: string }[]
  /** The one playing: the viewer's choice, else their language, else English, else the first. */
  playing: Language
  captions: Language[]
  transcripts: { language: Language; cues: { start: number; text: string }[] }[]
}

const clock = (seconds: number) => {
  const s = Math.floor(seconds)
  const hms = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60]
  return (hms[0] ? hms : hms.slice(1)).map((n, i) => (i ? String(n).padStart(2, '0') : String(n))).join(':')
}

/**
 * The recording of a past event: an HTML5 player with the caption tracks in every language
 * there is (the viewer's on by default), links to the other languages' recordings, and each
 * transcript as text (the viewer's open, the others folded).
 */
export function RecordingPlayer({ data, language }: { data: RecordingData; language: Language }) {
  const { t } = useTranslation()
  const current = data.recordings.find((r) => r.language === data.playing) ?? data.recordings[0]
  const captionDefault = data.captions.includes(language) ? language : null
  return (
    <section aria-labelledby="recording-heading" className="recording">
      <h2 id="recording-heading">{t('recording.title')}</h2>
      {current ? (
        <>
          {/* Captions come as <track> elements; the transcript below is the text alternative. */}
          {/* eslint-disable-next-line jsx-a11y/media-has-caption */}
          <video
            controls
            preload="metadata"
            src={current.url}
            aria-label={t('recording.player', { language: languageInText(current.language, language) })}
          >
            {data.captions.map((l) => (
              <track
                key={l}
                kind="captions"
                srcLang={l}
                label={languageName(l, l)}
                src={`/webinars/${data.slug}/captions/${l}`}
                default={l === captionDefault}
              />
            ))}
            <a href={current.url}>{t('recording.download')}</a>
          </video>
          <p className="hint">
            {t('recording.playing', { language: languageName(current.language, language) })}
            {data.recordings.length > 1 ? (
              <>
                {' '}
                {t('recording.otherLanguages')}{' '}
                {data.recordings
                  .filter((r) => r.language !== current.language)
                  .map((r, i) => (
                    <span key={r.language}>
                      {i ? ', ' : ''}
                      <a href={`?listen=${r.language}#recording-heading`} hrefLang={r.language}>
                        {languageName(r.language, language)}
                      </a>
                    </span>
                  ))}
              </>
            ) : null}
          </p>
        </>
      ) : null}
      {data.transcripts.length ? (
        <>
          <h3>{t('recording.transcripts')}</h3>
          {[...data.transcripts]
            .sort((a, b) => Number(b.language === language) - Number(a.language === language))
            .map((tr) => (
              <details key={tr.language} open={tr.language === language} className="transcript">
                <summary>{t('recording.transcriptIn', { language: languageInText(tr.language, language) })}</summary>
                <div lang={tr.language}>
                  {tr.cues.map((c, i) => (
                    <p key={i}>
                      <span className="muted">{clock(c.start)}</span> {c.text}
                    </p>
                  ))}
                </div>
              </details>
            ))}
        </>
      ) : null}
    </section>
  )
}
