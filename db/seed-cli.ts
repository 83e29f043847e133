/** `npm run db:seed`: load the demo data into DATABASE_PATH if it is empty. */
import { databasePath, getDb } from './client'
import { isEmpty, seed } from './seed'

const db = getDb()
if (!isEmpty(db)) {
  console.log(`${databasePath()} already has data; nothing loaded.`)
} else {
  await seed(db)
  console.log(`Demo data loaded into ${databasePath()}.`)
}
