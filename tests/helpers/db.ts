import { type DB, openDatabase, setDb } from '#db/client'
import { seed, type SeedOptions } from '#db/seed'

/** A fresh in-memory SQLite with the real migrations, made the process's database. */
export function freshDb(): DB {
  const db = openDatabase(':memory:')
  setDb(db)
  return db
}

export async function seededDb(options: SeedOptions = { participants: 60 }): Promise<DB> {
  const db = freshDb()
  await seed(db, options)
  return db
}
