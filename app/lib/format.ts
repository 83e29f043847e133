/** Dates and times for people: always in the viewer's zone and language, with the zone named. */
import type { Language } from '#db/domain'

const locales: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES' }

type Style = 'dateTime' | 'date' | 'dayLong' | 'time' | 'zoneName' | 'compact'
const styles: Record<Style, Intl.DateTimeFormatOptions> = {
  dateTime: {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  },
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  dayLong: { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit' },
  zoneName: { timeZoneName: 'short' },
  compact: { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' },
}

// Building an Intl.DateTimeFormat costs far more than using one: keep them.
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(style: Style, language: Language, timeZone: string): Intl.DateTimeFormat {
  const key = `${style}|${language}|${timeZone}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locales[language], { ...styles[style], timeZone })
    formatters.set(key, f)
  }
  return f
}

/** Formats an instant; in French the first of the month is written "1er" ("1er décembre"), as French readers expect. */
function format(f: Intl.DateTimeFormat, language: Language, instant: Date | number): string {
  if (language !== 'fr') return f.format(instant)
  return f
    .formatToParts(instant)
    .map((part) => (part.type === 'day' && (part.value === '1' || part.value === '01') ? '1er' : part.value))
    .join('')
}

/** An IANA zone as people read it: "America/Mexico City", never "America/Mexico_City". */
export function zoneLabel(timeZone: string): string {
  return timeZone.replace(/_/g, ' ')
}

/** The zone named after a time, unless its short name already is the zone ("… 13:00 UTC", not "UTC (UTC)"). */
function withZone(text: string, shortName: string | undefined, timeZone: string): string {
  return shortName === timeZone ? text : `${text} (${zoneLabel(timeZone)})`
}

export function formatDateTime(instant: Date | number, language: Language, timeZone: string): string {
  const f = formatter('dateTime', language, timeZone)
  const short = f.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value
  return withZone(format(f, language, instant), short, timeZone)
}

/** "17 Nov 2026, 22:41" for tables whose header names the zone. */
export function formatCompact(instant: Date | number, language: Language, timeZone: string): string {
  return format(formatter('compact', language, timeZone), language, instant)
}

export function formatTime(instant: Date | number, language: Language, timeZone: string): string {
  return formatter('time', language, timeZone).format(instant)
}

export function formatDate(instant: Date | number, language: Language, timeZone: string): string {
  return format(formatter('date', language, timeZone), language, instant)
}

/** "Thu 15 May 2014, 13:00–14:00 UTC", "… 15:00–16:00 CEST (Europe/Paris)": one line for an event's slot. */
export function formatRange(start: Date, end: Date, language: Language, timeZone: string): string {
  const sameDay = formatDate(start, language, timeZone) === formatDate(end, language, timeZone)
  if (!sameDay) return `${formatDateTime(start, language, timeZone)} – ${formatDateTime(end, language, timeZone)}`
  const day = format(formatter('dayLong', language, timeZone), language, start)
  const zoneName =
    formatter('zoneName', language, timeZone)
      .formatToParts(start)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  return withZone(
    `${day}, ${formatTime(start, language, timeZone)}–${formatTime(end, language, timeZone)} ${zoneName}`,
    zoneName,
    timeZone,
  )
}

const dayFormats = new Map<Language, Intl.DateTimeFormat>()
/**
 * A calendar date "2027-01-15" (a resolution's date, a deadline's day: no time, no zone) as
 * people read it: "15 January 2027", "15 janvier 2027". Anything else is returned as it is.
 */
export function formatDay(isoDate: string | null | undefined, language: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate ?? '')
  if (!m) return isoDate ?? ''
  let f = dayFormats.get(language)
  if (!f) {
    f = new Intl.DateTimeFormat(locales[language], { ...styles.date, timeZone: 'UTC' })
    dayFormats.set(language, f)
  }
  return f.format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
}

/** Today's date "YYYY-MM-DD" where it is latest (UTC+14): nothing dated after it has happened anywhere yet. */
export function latestToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10)
}

const monthFormats = new Map<Language, Intl.DateTimeFormat>()
/** A calendar month "2014-05" as people read it: "May 2014", "mai 2014", "may 2014". */
export function formatMonth(yearMonth: string, language: Language): string {
  const [y, m] = yearMonth.split('-').map(Number)
  if (!y || !m) return yearMonth
  let f = monthFormats.get(language)
  if (!f) {
    f = new Intl.DateTimeFormat(locales[language], { month: 'short', year: 'numeric', timeZone: 'UTC' })
    monthFormats.set(language, f)
  }
  return f.format(Date.UTC(y, m - 1, 1))
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
    formatter('time', 'en', value)
    return true
  } catch {
    return false
  }
}

const displayNames = new Map<Language, Intl.DisplayNames>()
/** A language's name in the viewer's language ("Anglais" for a French reader), from Intl. */
/** A language named inside a sentence: capitalised in English, lower case in French and Spanish. */
export function languageInText(code: string, viewerLanguage: Language): string {
  const name = languageName(code, viewerLanguage)
  return viewerLanguage === 'en' ? name : name.toLocaleLowerCase(locales[viewerLanguage])
}

export function languageName(code: string, viewerLanguage: Language): string {
  let names = displayNames.get(viewerLanguage)
  if (!names) {
    names = new Intl.DisplayNames([locales[viewerLanguage]], { type: 'language' })
    displayNames.set(viewerLanguage, names)
  }
  const name = names.of(code) ?? code
  return name.charAt(0).toLocaleUpperCase(locales[viewerLanguage]) + name.slice(1)
}

/** Text as a search compares it: lower case, accents dropped ("Lucía" matches "lucia"). */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
}
