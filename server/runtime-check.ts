/**
 * Imported first by the server's entry points. On a Node.js older than package.json's
 * `engines.node` floor, the start ends with one line that says what to install, before
 * any module that needs the newer runtime (sanitize-html needs 20.19) fails obscurely.
 * `routerPatched()` says whether `npm ci` applied patches/ (an install with
 * `--ignore-scripts` skips it; the server warns, a test fails).
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'

const floor = (
  JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    engines: { node: string }
  }
).engines.node.replace(/^>=\s*/, '')

/** Whether version a (e.g. "20.19.2") is at least version b ("20.19"). */
export function atLeast(a: string, b: string): boolean {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0)
  }
  return true
}

export const NODE_FLOOR = floor

if (!atLeast(process.versions.node, floor)) {
  console.error(`This app needs Node.js ${floor} or newer; this is ${process.versions.node}. Install a newer Node.js.`)
  process.exit(1)
}

/** Whether the route-matching patch (patches/@remix-run+router+*.patch) is in the installed router. */
export function routerPatched(): boolean {
  const require = createRequire(import.meta.url)
  const file = require.resolve('@remix-run/router')
  return fs.readFileSync(file, 'utf8').includes('rankedBranchesCache')
}
