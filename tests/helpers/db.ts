import { type DB, openDatabase, setDb } from '#db/client'
import { seed, type SeedOptions } from '#db/seed'

/** A fresh in-memory SQLite with the real migrations, made the process's database. */
export function freshDb(): DB {
  const db = openDatabase(':memory:')
  setDb(db)
  return db
}

// The demo data, seeded once per test file and size, kept as the bytes of the database.
const seeded = new Map<string, Buffer>()

/**
 * A fresh in-memory SQLite holding the demo data, made the process's database. The first
 * call with given options seeds it; later calls get their own copy of that result (in
 * milliseconds), so each `describe` or test can start from untouched demo data.
 */
export async function seededDb(options: SeedOptions = { participants: 60 }): Promise<DB> {
  const key = JSON.stringify(options)
  const image = seeded.get(key)
  if (image) {
    const db = openDatabase(image)
    setDb(db)
    return db
  }
  const db = freshDb()
  await seed(db, options)
  seeded.set(key, db.$client.serialize())
  return db
}
