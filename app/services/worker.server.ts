/**
 * Background work in the server's own process, driven by rows in SQLite:
 * queueing webinar reminders and interpreters' prep packs, importing contact lists into the directory
 * (and undoing imports), dispatching the outbox, starting scheduled
 * newsletters and sending their deliveries, queueing the monthly digests, pruning expired rows, and whatever
 * steps the server adds (daily backups).
 *
 * The loop cannot wedge: a timer ticks every `intervalMs` whatever the steps do.
 * Each step runs in its own lane: a step still running is not started again, a
 * step that throws is logged with its name and tried again after a pause that
 * doubles with each failure (up to a minute), and no step waits for another. Every tick updates a heartbeat that
 * /healthz reads.
 * See docs/decisions/010-worker-locking-and-origin.md.
 */
import type { Transporter } from 'nodemailer'

import type { DB } from '#db/client'

import { runEventMailJobs } from './event-mail-jobs.server'
import { pruneExpired } from './housekeeping.server'
import { queueMonthlyDigests } from './newsletters/digest.server'
import { dispatchNewsletters } from './newsletters/dispatch.server'
import { startDueNewsletters } from './newsletters/newsletter.server'
import { dispatchOutbox } from './outbox.server'
import { runImportJobs } from './people/import-jobs.server'
import { applyRetention } from './people/privacy.server'
import { queuePrepPacks, queueSlidesReminders } from './prep-pack.server'
import { queueDueReminders } from './reminders.server'
import { recordAnonymousCompletions } from './surveys/completions.server'
import { prepareSurveyMarks } from './surveys/results.server'
import { queueActionReminders } from './working-group-meetings.server'

export type WorkerStep = {
  name: string
  /** How often the step runs; it runs at the first tick, then once this long has passed. */
  everyMs: number
  run: () => unknown
}

type StepState = {
  /** A queue step runs on every tick (everyMs 0): outbox, newsletters, event mail. */
  queue: boolean
  lastStartedAt: number | null
  /** After a failure the step waits (doubling up to a minute) before it is tried again. */
  notBefore: number
  lastOkAt: number | null
  lastErrorAt: number | null
  lastError: string | null
  runningSince: number | null
  failures: number
}

export type WorkerHeartbeat = {
  startedAt: number
  intervalMs: number
  ticks: number
  lastTickAt: number | null
  lastError: { step: string; message: string; at: number } | null
  steps: Record<string, StepState>
}

export type Worker = { stop: () => Promise<void>; tick: () => Promise<void>; heartbeat: WorkerHeartbeat }

// Shared through globalThis: the server entry and the Remix build each load their own copy of this module.
const registry = globalThis as unknown as { __workerHeartbeat?: WorkerHeartbeat | null }

/** The running worker's heartbeat in this process, or null when no worker runs here. */
export function workerHeartbeat(): WorkerHeartbeat | null {
  return registry.__workerHeartbeat ?? null
}

export type WorkerOptions = {
  intervalMs?: number
  baseUrl?: string
  /** Extra steps (the server adds backups). */
  steps?: WorkerStep[]
  /** Days after an event before its personal details are erased (RETENTION_DAYS). */
  retentionDays?: number
  /** Override a built-in step's period, e.g. `{ reminders: 50 }` in tests. */
  everyMs?: Partial<Record<string, number>>
  log?: (message: string, error: unknown) => void
  /**
   * Asked at each tick; false skips the steps this tick (the heartbeat still beats). The server
   * passes "is the write lock free?", so while another process holds it no step waits for it.
   */
  canWrite?: () => boolean
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message)
  return String(error)
}

export function startWorker(db: DB, transport: Transporter | null, options: WorkerOptions = {}): Worker {
  const {
    intervalMs = 2000,
    baseUrl = 'http://localhost:3000',
    everyMs = {},
    log = (m, e) => console.error(m, e),
  } = options
  const builtIn: WorkerStep[] = [
    { name: 'reminders', everyMs: 30_000, run: () => queueDueReminders(db, baseUrl) },
    { name: 'action-reminders', everyMs: 600_000, run: () => queueActionReminders(db, baseUrl) },
    // Interpreters' prep packs whose date has come (changes made in the app queue at once), presenters' reminders.
    { name: 'prep-packs', everyMs: 300_000, run: () => queuePrepPacks(db, { baseUrl }) },
    { name: 'slides-reminders', everyMs: 3600_000, run: () => queueSlidesReminders(db, { baseUrl }) },
    { name: 'newsletters:start', everyMs: 0, run: () => startDueNewsletters(db) },
    // Last month's digests, queued once early in the month (checking hourly costs one indexed read).
    { name: 'newsletters:digest', everyMs: 3600_000, run: () => queueMonthlyDigests(db, { baseUrl }) },
    // A moved or cancelled event's mails, rendered a batch at a time (the change only queued a job).
    { name: 'event-mail', everyMs: 0, run: () => runEventMailJobs(db, { baseUrl }) },
    // Directory imports and their undo, a slice at a time (the page only queued a job and shows its progress).
    { name: 'import-jobs', everyMs: 0, run: () => runImportJobs(db) },
    ...(transport
      ? [
          { name: 'outbox', everyMs: 0, run: () => dispatchOutbox(db, transport) },
          // A newsletter can take minutes to send: its lane runs beside the others, so
          // transactional mail (confirmations, password resets) keeps going out meanwhile.
          { name: 'newsletters:send', everyMs: 0, run: () => dispatchNewsletters(db, transport, { baseUrl }) },
        ]
      : []),
    { name: 'survey-completions', everyMs: 60_000, run: () => recordAnonymousCompletions(db) },
    // Which figures of an anonymous survey to hide, decided again after each submission (in slices).
    { name: 'survey-marks', everyMs: 0, run: () => prepareSurveyMarks(db) },
    { name: 'housekeeping', everyMs: 3600_000, run: () => pruneExpired(db) },
    { name: 'retention', everyMs: 3600_000, run: () => applyRetention(db, { days: options.retentionDays ?? 180 }) },
  ]
  const steps = [...builtIn, ...(options.steps ?? [])].map((s) => ({ ...s, everyMs: everyMs[s.name] ?? s.everyMs }))
  const heartbeat: WorkerHeartbeat = {
    startedAt: Date.now(),
    intervalMs,
    ticks: 0,
    lastTickAt: null,
    lastError: null,
    steps: Object.fromEntries(
      steps.map((s) => [
        s.name,
        {
          queue: s.everyMs === 0,
          lastStartedAt: null,
          notBefore: 0,
          lastOkAt: null,
          lastErrorAt: null,
          lastError: null,
          runningSince: null,
          failures: 0,
        },
      ]),
    ),
  }
  registry.__workerHeartbeat = heartbeat
  const inFlight = new Map<string, Promise<void>>()
  let stopped = false
  const lastLogged = new Map<string, { message: string; at: number }>()

  const runStep = (step: WorkerStep): Promise<void> => {
    const state = heartbeat.steps[step.name]
    const started = Date.now()
    state.lastStartedAt = started
    state.runningSince = started
    const lane = Promise.resolve()
      .then(step.run)
      .then(
        () => {
          state.lastOkAt = Date.now()
          state.failures = 0
          state.notBefore = 0
        },
        (error: unknown) => {
          const now = Date.now()
          const message = describe(error)
          state.lastErrorAt = now
          state.lastError = message
          state.failures++
          state.notBefore = now + Math.min(60_000, intervalMs * 2 ** (state.failures - 1))
          heartbeat.lastError = { step: step.name, message, at: now }
          // The same failure every tick (a locked database) is logged once a minute, not 30 times.
          const previous = lastLogged.get(step.name)
          if (!previous || previous.message !== message || now - previous.at >= 60_000) {
            lastLogged.set(step.name, { message, at: now })
            log(`[worker] step "${step.name}" failed (${state.failures} in a row):`, error)
          }
        },
      )
      .finally(() => {
        state.runningSince = null
        inFlight.delete(step.name)
      })
    inFlight.set(step.name, lane)
    return lane
  }

  /** One pass: starts every step that is due and not running; resolves when those finish. */
  const tick = async () => {
    if (stopped) return
    const now = Date.now()
    heartbeat.ticks++
    heartbeat.lastTickAt = now
    if (options.canWrite && !options.canWrite()) return
    const started: Promise<void>[] = []
    for (const step of steps) {
      if (inFlight.has(step.name)) continue
      const state = heartbeat.steps[step.name]
      if (now < state.notBefore) continue
      if (state.lastStartedAt !== null && now - state.lastStartedAt < step.everyMs) continue
      started.push(runStep(step))
    }
    await Promise.all(started)
  }

  const timer = setInterval(() => void tick(), intervalMs)
  timer.unref()
  const first = setImmediate(() => void tick())
  return {
    tick,
    heartbeat,
    async stop() {
      stopped = true
      clearInterval(timer)
      clearImmediate(first)
      await Promise.allSettled([...inFlight.values()])
      if (registry.__workerHeartbeat === heartbeat) registry.__workerHeartbeat = null
      transport?.close()
    },
  }
}
