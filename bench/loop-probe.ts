/**
 * How free the event loop stays while a step runs, seen two ways:
 * - a `/livez`-like HTTP probe: a tiny HTTP server in this process answers `ok`, and a
 *   worker thread (its own event loop) asks it every PROBE_EVERY_MS over a kept-alive
 *   connection and times each answer, as a load balancer's liveness check would;
 * - `perf_hooks.monitorEventLoopDelay`: the longest the loop was held (max lag).
 * `measure(name, fn)` runs one step and returns its duration, the max lag and the
 * probe's p99 / max latency during the step.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { Worker } from 'node:worker_threads'

const PROBE_EVERY_MS = 20

const PROBE = `
const http = require('node:http')
const { parentPort, workerData } = require('node:worker_threads')
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
let stopped = false
parentPort.on('message', (m) => { if (m === 'stop') stopped = true })
function once() {
  if (stopped) { agent.destroy(); parentPort.close(); return }
  const at = Date.now()
  const t = performance.now()
  const req = http.get({ host: '127.0.0.1', port: workerData.port, path: '/livez', agent }, (res) => {
    res.resume()
    res.on('end', () => {
      parentPort.postMessage({ at, ms: performance.now() - t })
      setTimeout(once, Math.max(0, ${PROBE_EVERY_MS} - (performance.now() - t)))
    })
  })
  req.on('error', () => setTimeout(once, ${PROBE_EVERY_MS}))
}
once()
`

export type StepFigures = {
  step: string
  seconds: number
  max_event_loop_lag_ms: number
  p99_probe_ms: number
  max_probe_ms: number
  probes: number
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0

export async function startLoopProbe() {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const samples: { at: number; ms: number }[] = []
  const worker = new Worker(PROBE, { eval: true, workerData: { port } })
  worker.on('message', (m: { at: number; ms: number }) => samples.push(m))
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  await sleep(200)

  return {
    async measure<T>(step: string, fn: () => Promise<T> | T): Promise<{ figures: StepFigures; result: T }> {
      histogram.reset()
      // After a reset the monitor needs one tick to take its bearings, or a block right away goes unseen.
      await sleep(20)
      const from = Date.now()
      const t0 = performance.now()
      const result = await fn()
      const seconds = (performance.now() - t0) / 1000
      const to = Date.now()
      // A probe waiting during the step belongs to it, whenever it was sent or answered (one sent just
      // before a step that holds the loop throughout is answered after it); the lag monitor records a
      // long block when its timer next fires, after the block.
      await sleep(150)
      const lag = histogram.max / 1e6
      const during = samples
        .filter((s) => s.at <= to && s.at + s.ms >= from)
        .map((s) => s.ms)
        .sort((a, b) => a - b)
      return {
        result,
        figures: {
          step,
          seconds: Math.round(seconds * 100) / 100,
          max_event_loop_lag_ms: Math.round(lag),
          p99_probe_ms: Math.round(percentile(during, 99)),
          max_probe_ms: Math.round(during.at(-1) ?? 0),
          probes: during.length,
        },
      }
    },
    async stop() {
      histogram.disable()
      worker.postMessage('stop')
      await worker.terminate()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The step table, one line per step. */
export function printSteps(rows: StepFigures[]) {
  const head = ['step', 'seconds', 'max lag ms', 'p99 probe ms', 'max probe ms', 'probes']
  const cells = rows.map((r) => [
    r.step,
    r.seconds.toFixed(2),
    String(r.max_event_loop_lag_ms),
    String(r.p99_probe_ms),
    String(r.max_probe_ms),
    String(r.probes),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)))
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ')
  console.log(line(head))
  for (const c of cells) console.log(line(c))
}
