/** Child process for the race test: registers people [from, to) for one event on a shared database file. */
import { openDatabase } from '#db/client'
import { registerForEvent } from '~/services/registrations.server'

const [file, eventId, from, to] = process.argv.slice(2)
// Four processes write at once here: wait for each other longer than the server's one second.
const db = openDatabase(file, { busyTimeoutMs: 15_000 })
const counts = { confirmed: 0, waitlisted: 0, errors: 0 }
for (let personId = Number(from); personId < Number(to); personId++) {
  try {
    const r = registerForEvent(db, {
      eventId: Number(eventId),
      personId,
      channelLanguage: 'en',
      dialOutNumber: null,
      baseUrl: 'http://app.test',
    })
    if (r.ok) counts[r.status as 'confirmed' | 'waitlisted']++
    else counts.errors++
  } catch {
    counts.errors++
  }
}
process.stdout.write(JSON.stringify(counts))
