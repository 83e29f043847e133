/**
 * `npm run bench:smoke`: runs every bench at its smoke size (`--smoke`) so none can rot
 * unnoticed: each must exit 0 within two minutes and end with one JSON line. Prints one
 * line per bench, then one JSON object with every bench's figures (CI runs this after
 * `npm run build`, which the HTTP benches need).
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'

const BENCHES = ['directory', 'metrics', 'survey', 'newsletter', 'move', 'lists', 'seats', 'http', 'lock', 'client']
const here = path.dirname(new URL(import.meta.url).pathname)
const tsx = path.join(here, '..', 'node_modules', '.bin', 'tsx')

const results: Record<string, unknown> = {}
const failures: string[] = []
const t0 = performance.now()
for (const name of BENCHES) {
  const started = performance.now()
  const run = spawnSync(tsx, [path.join(here, `${name}.ts`), '--smoke'], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, BENCH_SMOKE: '1' },
  })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  const last = run.stdout?.trim().split('\n').at(-1) ?? ''
  let figures: unknown = null
  try {
    figures = JSON.parse(last)
  } catch {
    figures = null
  }
  if (run.status !== 0 || figures === null || typeof figures !== 'object') {
    failures.push(name)
    console.log(`✗ bench:${name} (${seconds} s): exit ${run.status ?? run.signal}, last line: ${last.slice(0, 200)}`)
    console.log((run.stderr ?? '').split('\n').slice(-20).join('\n'))
    continue
  }
  results[name] = figures
  console.log(`✓ bench:${name} (${seconds} s) ${last}`)
}
console.log(
  JSON.stringify({ seconds: Math.round((performance.now() - t0) / 1000), failed: failures, benches: results }),
)
if (failures.length) process.exit(1)
