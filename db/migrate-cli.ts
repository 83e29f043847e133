/** `npm run db:migrate`: apply db/migrations to DATABASE_PATH (the server also does this at start). */
import { databasePath, getDb } from './client'

getDb()
console.log(`Migrations applied to ${databasePath()}.`)
