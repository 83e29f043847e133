import { foldForSearch } from './format'

export type ZoneOption = { id: string; label: string; search: string; offset: number }

const cache = new Map<string, ZoneOption[]>()

/** Minutes east of UTC of `zone` at `at` ("GMT+5:30" → 330). */
function offsetMinutes(zone: string, at: Date): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name)
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0
}

function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+'
  const abs = Math.abs(minutes)
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/**
 * The zones as a person picks them: "UTC+01:00 · Paris (Europe) — heure normale d’Europe
 * centrale", the zone's name in the reader's language from Intl, sorted by today's offset,
 * with a folded text to search in (city, region, the zone's name, its IANA id). Intl has no
 * translated city names, so the city stays as the IANA database spells it.
 */
export function zoneOptions(zones: string[], language: string, at = new Date()): ZoneOption[] {
  const key = `${language}|${zones.length}|${zones[0]}`
  const hit = cache.get(key)
  if (hit) return hit
  const options = zones.map((id) => {
    const offset = offsetMinutes(id, at)
    const [area, ...rest] = id.split('/')
    const place = rest.length ? `${rest.join(' / ').replaceAll('_', ' ')} (${area})` : id.replaceAll('_', ' ')
    let generic = ''
    try {
      generic =
        new Intl.DateTimeFormat(language, { timeZone: id, timeZoneName: 'longGeneric' })
          .formatToParts(at)
          .find((p) => p.type === 'timeZoneName')?.value ?? ''
    } catch {
      generic = ''
    }
    const named = generic && !generic.startsWith('GMT') && generic !== id ? ` — ${generic}` : ''
    const label = `${offsetLabel(offset)} · ${place}${named}`
    return { id, label, offset, search: foldForSearch(`${label} ${id}`) }
  })
  options.sort((a, b) => a.offset - b.offset || a.label.localeCompare(b.label))
  cache.set(key, options)
  return options
}
