/**
 * Faults the server must survive: a worker step that throws, no SMTP server, a
 * database locked by another process, a read-only database, an unwritable folder at
 * start, and a backup taken during writes that restores to the same rows.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import Database from 'better-sqlite3'
import { eq, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'

import { backupDatabase, checkBackup, restoreDatabase, RestoreError } from '#db/backup'
import { type DB, openDatabase, setDb } from '#db/client'
import { isDatabaseUnavailable } from '#db/errors'
import * as s from '#db/schema'
import * as home from '~/routes/_index'
import * as profile from '~/routes/profile'
import { checkHealth, QUEUE_FAILING_MS } from '~/services/health.server'
import { registerForEvent } from '~/services/registrations.server'
import { startWorker, type Worker } from '~/services/worker.server'

import { cookieFor, formRequest, getRequest, run, statusOf } from './helpers/http'
import { createPeople, createWebinar } from './helpers/webinar'

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-faults-'))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
let worker: Worker | null = null
afterEach(async () => {
  await worker?.stop()
  worker = null
})

async function until(check: () => boolean, ms = 3000) {
  const end = Date.now() + ms
  while (!check() && Date.now() < end) await sleep(20)
  return check()
}

describe('the background worker', () => {
  it('without SMTP_URL keeps ticking: a reminder that falls due after start-up is queued', async () => {
    const db = openDatabase(':memory:')
    const startsAt = new Date(Date.now() + 60 * 60_000 + 400)
    const eventId = createWebinar(db, { startsAt, slug: 'soon' })
    db.update(s.events)
      .set({ reminderOffsets: [60] })
      .where(eq(s.events.id, eventId))
      .run()
    const [personId] = createPeople(db, 1)
    registerForEvent(
      db,
      { eventId, personId, channelLanguage: 'en', dialOutNumber: null, baseUrl: 'http://app.test' },
      new Date(Date.now() - 3600_000),
    )
    const reminders = () => db.select().from(s.outbox).where(eq(s.outbox.kind, 'registration-reminder')).all().length
    worker = startWorker(db, null, { intervalMs: 30, everyMs: { reminders: 30 } })
    await sleep(100)
    // At start-up the one-hour reminder is not due yet.
    expect(reminders()).toBe(0)
    expect(await until(() => reminders() === 1)).toBe(true)
    // It goes on ticking afterwards (on a loaded machine a tick can come late: wait for them, not a fixed time).
    expect(await until(() => worker!.heartbeat.ticks > 5)).toBe(true)
  })

  it('isolates a step that throws: the others keep running, it is retried, and the error is logged with its name', async () => {
    const db = openDatabase(':memory:')
    let good = 0
    let bad = 0
    const logged: string[] = []
    worker = startWorker(db, null, {
      intervalMs: 20,
      steps: [
        {
          name: 'always-fails',
          everyMs: 0,
          run: () => (bad++, Promise.reject(new Error('CR/LF in mail header subject'))),
        },
        { name: 'counts', everyMs: 0, run: () => void good++ },
      ],
      log: (line) => logged.push(line),
    })
    expect(await until(() => good >= 10 && bad >= 3)).toBe(true)
    expect(worker.heartbeat.lastError).toMatchObject({ step: 'always-fails', message: 'CR/LF in mail header subject' })
    expect(worker.heartbeat.steps.counts.lastOkAt).not.toBeNull()
    expect(logged[0]).toContain('"always-fails"')
    // The same error is logged once, not at every retry.
    expect(logged).toHaveLength(1)
  })

  it('a step that never finishes does not hold up the others or the heartbeat', async () => {
    const db = openDatabase(':memory:')
    let good = 0
    worker = startWorker(db, null, {
      intervalMs: 20,
      steps: [
        { name: 'hangs', everyMs: 0, run: () => new Promise(() => {}) },
        { name: 'counts', everyMs: 0, run: () => void good++ },
      ],
    })
    expect(await until(() => good >= 5)).toBe(true)
    expect(worker.heartbeat.steps.hangs.runningSince).not.toBeNull()
    const lastTick = worker.heartbeat.lastTickAt!
    expect(Date.now() - lastTick).toBeLessThan(200)
    // stop() must not wait forever for the hung step either.
    const stopping = worker.stop()
    worker = null
    await Promise.race([stopping, sleep(50)])
  })

  it('healthz reports the heartbeat and answers 503 when the worker has not ticked for three intervals', async () => {
    const db = openDatabase(':memory:')
    worker = startWorker(db, null, { intervalMs: 50 })
    await until(() => worker!.heartbeat.lastTickAt !== null)
    const now = Date.now()
    const fine = await checkHealth(db, { now })
    expect(fine.ok).toBe(true)
    expect(fine.worker.running).toBe(true)
    expect(fine.worker.lastTickAt).not.toBeNull()
    expect(fine.outbox).toEqual({ pending: 0, oldestPendingSeconds: null, eventMailJobs: 0 })
    const stale = await checkHealth(db, { now: worker.heartbeat.lastTickAt! + 151 })
    expect(stale.ok).toBe(false)
  })
})

describe('/healthz tells the truth', () => {
  it('really writes: a database that cannot grow (a full disk) is not writable, though a rolled-back probe would pass', async () => {
    const file = path.join(tmp(), 'app.db')
    const db = openDatabase(file)
    expect((await checkHealth(db, { databasePath: file })).ok).toBe(true)
    // No page can be added any more: what a full disk does to every write that needs room.
    db.$client.exec('delete from health_probes')
    db.$client.exec('VACUUM') // no free pages left inside the file either
    db.$client.pragma(`max_page_count = ${Number(db.$client.pragma('page_count', { simple: true }))}`)
    const write = () =>
      db
        .insert(s.auditLog)
        .values({ action: 'x', entityType: 'x', entityId: 'x'.repeat(20_000), at: new Date() })
        .run()
    expect(write).toThrow(expect.objectContaining({ status: 503, data: { reason: 'full' } }))
    const report = await checkHealth(db, { databasePath: file })
    expect(report).toMatchObject({ ok: false, database: { readable: true, writable: false, error: 'database full' } })
    expect(report.problems.join(' ')).toMatch(/does not take writes/)
    db.$client.close()
  })

  it('reads the disk’s free space: below the minimum it is not writable', async () => {
    const file = path.join(tmp(), 'app.db')
    const db = openDatabase(file)
    const report = await checkHealth(db, { databasePath: file, minFreeBytes: Number.MAX_SAFE_INTEGER })
    expect(report).toMatchObject({ ok: false, database: { writable: false } })
    expect(report.problems.join(' ')).toMatch(/MB free/)
    db.$client.close()
  })

  it('answers not ok when due mail has waited past the limit, not for mail held until later on purpose', async () => {
    const db = openDatabase(':memory:')
    const now = Date.parse('2030-01-01T12:00:00Z')
    const mail = (key: string, due: number) =>
      db
        .insert(s.outbox)
        .values({
          uniqueKey: key,
          kind: 'test',
          toAddress: 'a@example.net',
          language: 'en',
          subject: 's',
          html: 'h',
          text: 't',
          nextAttemptAt: new Date(due),
          messageId: `<${key}@x>`,
          createdAt: new Date(due),
        })
        .run()
    mail('held', now + 30 * 60_000)
    const options = { now, mailConfigured: true, outboxMaxAgeSeconds: 600 }
    expect(await checkHealth(db, options)).toMatchObject({
      ok: true,
      outbox: { pending: 1, oldestPendingSeconds: null },
    })
    mail('stuck', now - 11 * 60_000)
    const stuck = await checkHealth(db, options)
    expect(stuck).toMatchObject({ ok: false, outbox: { pending: 2, oldestPendingSeconds: 660 } })
    expect(stuck.problems).toEqual(['mail has waited 660 s to be sent (limit 600 s)'])
    // Without an SMTP server mail stays in the outbox by design: reported, not judged.
    expect((await checkHealth(db, { ...options, mailConfigured: false })).ok).toBe(true)
  })

  it('answers not ok when a queue step has failed on every tick for five minutes', async () => {
    const db = openDatabase(':memory:')
    worker = startWorker(db, null, {
      intervalMs: 20,
      log: () => {},
      steps: [
        { name: 'broken-queue', everyMs: 0, run: () => Promise.reject(new Error('cannot read the queue')) },
        { name: 'hourly', everyMs: 3600_000, run: () => Promise.reject(new Error('hourly trouble')) },
      ],
    })
    await until(() => worker!.heartbeat.steps['broken-queue'].lastErrorAt !== null)
    const start = worker.heartbeat.startedAt
    // Ticks go on in the test's real time; judge as if five minutes had passed since the start.
    const early = await checkHealth(db, { now: start + 60_000 })
    expect(early.problems.filter((p) => !p.includes('ticked'))).toEqual([])
    const late = await checkHealth(db, { now: start + QUEUE_FAILING_MS + 1000 })
    expect(late.problems).toContain('the worker step "broken-queue" has failed on every try for 5 min')
    expect(late.problems.join(' ')).not.toMatch(/hourly/)
  })
})

/** A second process-like connection holding the write lock on the same file. */
function holdWriteLock(file: string) {
  const other = new Database(file)
  other.exec('BEGIN IMMEDIATE')
  other.prepare(`insert into audit_log (action, entity_type, entity_id, at) values ('lock', 'test', 0, 0)`).run()
  return () => {
    other.exec('ROLLBACK')
    other.close()
  }
}

describe('a database locked by another process', () => {
  it('still serves reads at once, refuses writes after the short busy timeout with a 503 "busy", and changes nothing', async () => {
    const file = path.join(tmp(), 'app.db')
    const db = openDatabase(file, { busyTimeoutMs: 150 })
    setDb(db)
    createWebinar(db, { startsAt: new Date(Date.now() + 86400_000), slug: 'next' })
    const [id] = createPeople(db, 1)
    const email = db.select().from(s.people).where(eq(s.people.id, id)).get()!.email
    const cookie = await cookieFor(email)
    const release = holdWriteLock(file)
    try {
      const started = Date.now()
      expect(statusOf(await run(home.loader, getRequest('/')))).toBe(200)
      expect(Date.now() - started).toBeLessThan(150)
      const form = {
        name: 'Changed',
        preferredLanguage: 'fr',
        timeZone: 'Europe/Paris',
        regionCode: '',
        structureId: '',
        memberType: 'individual_member',
      }
      const t0 = Date.now()
      const failure = await run(profile.action, formRequest('/profile', form, { cookie })).catch((e: unknown) => e)
      const waited = Date.now() - t0
      expect(isDatabaseUnavailable(failure)).toBe(true)
      expect(failure).toMatchObject({ status: 503, data: { reason: 'busy' } })
      expect(waited).toBeLessThan(1000)
      // Waiting for the other process's lock does not hold the event loop: timers keep firing.
      let ticks = 0
      const ticker = setInterval(() => ticks++, 5)
      const report = await checkHealth(db, { waitMs: 300 })
      clearInterval(ticker)
      expect(report).toMatchObject({ ok: false, database: { readable: true, writable: false } })
      expect(ticks).toBeGreaterThan(10)
    } finally {
      release()
    }
    expect(db.select().from(s.people).where(eq(s.people.id, id)).get()!.name).not.toBe('Changed')
    expect((await checkHealth(db)).database.writable).toBe(true)
    setDb(undefined)
  })
})

describe('a read-only database', () => {
  it('reads, answers writes with 503 "readonly", and /healthz says it is not writable', async () => {
    const file = path.join(tmp(), 'app.db')
    const rw = openDatabase(file)
    createPeople(rw, 1)
    rw.$client.close()
    // What SQLite does with a file this process may not write: it opens it read-only.
    const sqlite = new Database(file, { readonly: true })
    const db = drizzle(sqlite, { schema: s }) as unknown as DB
    expect(
      db
        .select({ n: sql<number>`count(*)` })
        .from(s.people)
        .get()!.n,
    ).toBe(1)
    const failure = (() => {
      try {
        db.update(s.people).set({ phone: '+1 555 0100' }).run()
      } catch (e) {
        return e
      }
    })()
    expect(failure).toMatchObject({ status: 503, data: { reason: 'readonly' } })
    expect(await checkHealth(db)).toMatchObject({ ok: false, database: { readable: true, writable: false } })
    sqlite.close()
  })

  it('at start-up in a folder it cannot write: one line naming the path and what to do, exit code 1, no stack trace', () => {
    const dir = tmp()
    const locked = path.join(dir, 'locked')
    fs.mkdirSync(locked)
    fs.chmodSync(dir, 0o755)
    const target = path.join(locked, 'data', 'app.db')
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: target, PORT: '0', NODE_ENV: 'production' }
    const server = [process.execPath, '--import', 'tsx', 'server/index.ts']
    let out: ReturnType<typeof spawnSync>
    const asRoot = process.getuid?.() === 0
    const nobodyCanRead =
      asRoot && spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-r', 'package.json']).status === 0
    if (!asRoot) {
      fs.chmodSync(locked, 0o555)
      out = spawnSync(server[0], server.slice(1), { env, encoding: 'utf8', timeout: 30_000 })
    } else if (nobodyCanRead) {
      // Root ignores file modes: run the server as an unprivileged user instead.
      fs.chmodSync(locked, 0o555)
      out = spawnSync('runuser', ['-u', 'nobody', '--', ...server], { env, encoding: 'utf8', timeout: 30_000 })
    } else {
      // Root, and the checkout is private to root: make the folder a read-only file system.
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', locked]).status).toBe(0)
      try {
        out = spawnSync(server[0], server.slice(1), { env, encoding: 'utf8', timeout: 30_000 })
      } finally {
        spawnSync('umount', [locked])
      }
    }
    expect(out.status).toBe(1)
    const stderr = String(out.stderr)
    const lines = stderr.trim().split('\n').filter(Boolean)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(target)
    expect(lines[0]).toMatch(/not writable/)
    expect(lines[0]).toMatch(/DATABASE_PATH/)
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})

describe('a data folder that refuses writes after the database opened', () => {
  it('ends the start with one line naming the path and what to do (the pid file and session secret live there too)', () => {
    const dir = tmp()
    const target = path.join(dir, 'app.db')
    // A server that was killed leaves the database with its -wal and -shm files: SQLite can open it again.
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "const { getDb } = await import('#db/client'); getDb(); process.kill(process.pid, 'SIGKILL')",
      ],
      { env: { ...process.env, DATABASE_PATH: target }, encoding: 'utf8', timeout: 30_000 },
    )
    expect(child.signal).toBe('SIGKILL')
    expect(fs.existsSync(`${target}-wal`)).toBe(true)
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: target, PORT: '0', NODE_ENV: 'production' }
    delete env.SESSION_SECRET
    const server = [process.execPath, '--import', 'tsx', 'server/index.ts']
    let out: ReturnType<typeof spawnSync>
    if (process.getuid?.() === 0) {
      // Root ignores file modes; an immutable folder refuses root too (EPERM), as the audit met it.
      expect(spawnSync('chattr', ['+i', dir]).status).toBe(0)
      try {
        out = spawnSync(server[0], server.slice(1), { env, encoding: 'utf8', timeout: 30_000 })
      } finally {
        spawnSync('chattr', ['-i', dir])
      }
    } else {
      fs.chmodSync(dir, 0o555)
      out = spawnSync(server[0], server.slice(1), { env, encoding: 'utf8', timeout: 30_000 })
      fs.chmodSync(dir, 0o755)
    }
    expect(out.status).toBe(1)
    const stderr = String(out.stderr)
    const lines = stderr.trim().split('\n').filter(Boolean)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(dir)
    expect(lines[0]).toMatch(/not writable/)
    expect(lines[0]).toMatch(/DATABASE_PATH/)
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})

describe('online backup and restore', () => {
  it('backs up while writes go on, and the restored copy has the same rows as the backup', async () => {
    const dir = tmp()
    const file = path.join(dir, 'app.db')
    const db = openDatabase(file)
    const [personId] = createPeople(db, 1)
    let writing = true
    let written = 0
    const writer = (async () => {
      while (writing) {
        db.insert(s.auditLog)
          .values({
            actorId: personId,
            action: 'test.write',
            entityType: 'test',
            entityId: String(written++),
            at: new Date(),
          })
          .run()
        await new Promise((r) => setImmediate(r))
      }
    })()
    await sleep(30)
    const result = await backupDatabase(db.$client, { dir: path.join(dir, 'backups'), keep: 2 })
    await sleep(30)
    writing = false
    await writer
    expect(written).toBeGreaterThan(20)
    const counts = (f: string) => {
      const c = new Database(f, { readonly: true })
      const n = (c.prepare('select count(*) as n from audit_log').get() as { n: number }).n
      const p = (c.prepare('select count(*) as n from people').get() as { n: number }).n
      c.close()
      return { n, p }
    }
    const backedUp = counts(result.file)
    expect(backedUp.n).toBeGreaterThan(0)
    expect(backedUp.n).toBeLessThanOrEqual(written)
    expect(checkBackup(result.file)).toMatchObject({ people: 1 })
    const restoredPath = path.join(tmp(), 'restored', 'app.db')
    await restoreDatabase(result.file, restoredPath)
    expect(counts(restoredPath)).toEqual(backedUp)
    // The restored file opens with the app's own migrations, as the server would.
    const reopened = openDatabase(restoredPath)
    expect(
      reopened
        .select({ n: sql<number>`count(*)` })
        .from(s.auditLog)
        .get()!.n,
    ).toBe(backedUp.n)
    reopened.$client.close()
    // Only the newest `keep` backups stay.
    await backupDatabase(db.$client, { dir: path.join(dir, 'backups'), keep: 2, now: new Date(Date.now() + 1000) })
    await backupDatabase(db.$client, { dir: path.join(dir, 'backups'), keep: 2, now: new Date(Date.now() + 2000) })
    expect(fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.endsWith('.db'))).toHaveLength(2)
    db.$client.close()
  })

  it('refuses to restore a file that is not a database of this program, and leaves the live one alone', async () => {
    const dir = tmp()
    const live = path.join(dir, 'app.db')
    const db = openDatabase(live)
    createPeople(db, 2)
    db.$client.close()
    const junk = path.join(dir, 'junk.db')
    fs.writeFileSync(junk, 'not a database at all, just some text '.repeat(200))
    const foreign = path.join(dir, 'foreign.db')
    const f = new Database(foreign)
    f.exec('create table t (x)')
    f.close()
    await expect(restoreDatabase(junk, live)).rejects.toBeInstanceOf(RestoreError)
    await expect(restoreDatabase(foreign, live)).rejects.toThrow(/not one of this program/)
    await expect(restoreDatabase(path.join(dir, 'missing.db'), live)).rejects.toThrow(/does not exist/)
    const c = new Database(live, { readonly: true })
    expect((c.prepare('select count(*) as n from people').get() as { n: number }).n).toBe(2)
    c.close()
  })
})
