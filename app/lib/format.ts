/** Dates and times for people: always in the viewer's zone and language, with the zone named. */
import type { Language } from '#db/domain'

const locales: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES' }

export function formatDateTime(instant: Date | number, language: Language, timeZone: string): string {
  const date = typeof instant === 'number' ? new Date(instant) : instant
  const text = new Intl.DateTimeFormat(locales[language], {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date)
  return `${text} (${timeZone})`
}

export function formatTime(instant: Date | number, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(locales[language], { hour: '2-digit', minute: '2-digit', timeZone }).format(instant)
}

export function formatDate(instant: Date | number, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(locales[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(
    instant,
  )
}

/** "Thu 15 May 2014, 13:00–14:00 UTC (UTC)": one line for an event's slot. */
export function formatRange(start: Date, end: Date, language: Language, timeZone: string): string {
  const sameDay = formatDate(start, language, timeZone) === formatDate(end, language, timeZone)
  if (!sameDay) return `${formatDateTime(start, language, timeZone)} – ${formatDateTime(end, language, timeZone)}`
  const day = new Intl.DateTimeFormat(locales[language], {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(start)
  const zoneName =
    new Intl.DateTimeFormat(locales[language], { timeZone, timeZoneName: 'short' })
      .formatToParts(start)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  return `${day}, ${formatTime(start, language, timeZone)}–${formatTime(end, language, timeZone)} ${zoneName} (${timeZone})`
}

export function formatNumber(n: number, language: Language): string {
  return new Intl.NumberFormat(locales[language]).format(n)
}

let zones: string[] | undefined
/** Every IANA zone this runtime knows, UTC first. */
export function timeZones(): string[] {
  if (!zones) zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')]
  return zones
}

/** An IANA zone name (canonical or alias) that Intl can convert to; raw offsets are not accepted. */
export function isTimeZone(value: string): boolean {
  if (!/^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+)+)$/.test(value)) return false
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

/** A language's name in the viewer's language ("anglais" for a French reader), from Intl. */
export function languageName(code: string, viewerLanguage: Language): string {
  const name = new Intl.DisplayNames([locales[viewerLanguage]], { type: 'language' }).of(code) ?? code
  return name.charAt(0).toLocaleUpperCase(locales[viewerLanguage]) + name.slice(1)
}
