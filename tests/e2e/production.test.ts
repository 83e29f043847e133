/**
 * A real deployment's first start: no demo data unless asked for, never the demo accounts
 * on a public https address, and the first staff account from `npm run staff:create`,
 * whose one-time link a person follows in the browser to choose a password.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'

import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { launchChromium, startServer } from './launch'

type Server = Awaited<ReturnType<typeof startServer>>
let empty: Server

beforeAll(async () => {
  empty = await startServer({ SEED: 'none' }) // as `npm run serve` starts: no --demo
})
afterAll(async () => {
  await empty?.stop()
})

function count(server: { dir: string }, sql: string): number {
  const db = new Database(path.join(server.dir, 'app.db'), { readonly: true })
  const n = db.prepare(sql).pluck().get() as number
  db.close()
  return n
}

function serve(env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/index.ts', ...args], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'production', WORKER: 'off', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })
}

describe('the production start', () => {
  it('loads no demo data, only the regions every deployment needs, and says how to make the first staff account', () => {
    expect(count(empty, 'select count(*) from people')).toBe(0)
    expect(count(empty, 'select count(*) from regions')).toBe(5)
    expect(empty.output()).toContain('npm run staff:create -- --email')
  })

  it('refuses the demo data on an https address, and a database whose demo accounts keep the published password', async () => {
    const demo = await startServer() // `npm start`: the demo data, on http://localhost
    await demo.stop()
    const file = path.join(demo.dir, 'app.db')
    const onHttps = { DATABASE_PATH: file, APP_URL: 'https://atlarge.example.org' }
    const refused = serve(onHttps)
    expect(refused.status).toBe(1)
    const lines = refused.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('staff@example.org')
    expect(lines[0]).toContain('npm run staff:create')
    const fresh = serve({ ...onHttps, DATABASE_PATH: path.join(empty.dir, 'other.db') }, ['--demo'])
    expect(fresh.status).toBe(1)
    expect(fresh.stderr).toMatch(/not loaded on a public address/)
    expect(count({ dir: empty.dir }, 'select count(*) from regions')).toBe(5)
  })

  it('npm run staff:create makes the first staff member, who chooses a password from the link and runs the place', async () => {
    const created = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/staff-create.ts',
        '--email',
        'Ana.Perez@example.org',
        '--name',
        'Ana Pérez',
        '--language',
        'es',
      ],
      {
        env: { ...process.env, DATABASE_PATH: path.join(empty.dir, 'app.db'), APP_URL: empty.url },
        encoding: 'utf8',
        timeout: 60_000,
      },
    )
    expect(created.status).toBe(0)
    const link = created.stdout.match(/http:\/\/\S+\/signup\/\S+/)?.[0]
    expect(link).toBeTruthy()
    expect(
      count(empty, "select count(*) from outbox where kind = 'invitation' and to_address = 'ana.perez@example.org'"),
    ).toBe(1)
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 800 } })
      await page.goto(link!)
      await page.locator('input[name=password]').fill('a long new password')
      await page.locator('input[name=privacy]').check()
      await page.getByRole('main').locator('button[type=submit]').click()
      await page.getByRole('status').waitFor()
      // Signed in, in Spanish, with the staff pages open to her.
      const staff = await page.goto(`${empty.url}/staff`)
      expect(staff?.status()).toBe(200)
      expect(await page.locator('html').getAttribute('lang')).toBe('es')
      // The link was for one use.
      const again = await page.context().browser()!.newPage()
      const res = await again.goto(link!)
      expect(res?.status()).toBe(410)
    } finally {
      await browser.close()
    }
  })
})
