import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

// Each test file runs in its own process: keep its files (session secret) in a temp folder.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-test-'))
process.env.DATABASE_PATH = path.join(dir, 'app.db')
process.env.SESSION_SECRET = 'test-secret-for-vitest-only'
process.env.MAIL_FROM = 'At-Large Program <no-reply@atlarge.test>'
process.env.APP_URL = 'http://app.test'
delete process.env.SMTP_URL
