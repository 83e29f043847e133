/** Wall-clock time in an IANA zone ↔ UTC instants, via Luxon (which uses Intl's zone data). */
import { DateTime } from 'luxon'

/** "2014-05-15" + "15:00" in Europe/Paris → 2014-05-15T13:00Z; null when not a real date/time. */
export function zonedToUtc(date: string, time: string, timeZone: string): Date | null {
  // 00:00–23:59 only: Luxon would read 24:00 as the next day's midnight.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^(?:[01]\d|2[0-3]):[0-5]\d$/.test(time)) return null
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: timeZone })
  return dt.isValid ? dt.toJSDate() : null
}

/** The date and time an instant shows in a zone, for pre-filling forms. */
export function utcToZoned(instant: Date, timeZone: string): { date: string; time: string } {
  const dt = DateTime.fromJSDate(instant, { zone: timeZone })
  return { date: dt.toFormat('yyyy-MM-dd'), time: dt.toFormat('HH:mm') }
}
