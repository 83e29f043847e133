/**
 * The install and the runtime the server checks at start: the Node.js floor in
 * package.json (sanitize-html needs 20.19) and the patch of the router that npm ci applies.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

import { describe, expect, it } from 'vitest'

import { atLeast, NODE_FLOOR, routerPatched } from '../server/runtime-check'

describe('the runtime check', () => {
  it('states the real Node.js floor and compares versions part by part', () => {
    expect(NODE_FLOOR).toBe('20.19')
    expect(atLeast('20.19.0', '20.19')).toBe(true)
    expect(atLeast('22.1.0', '20.19')).toBe(true)
    expect(atLeast('20.18.3', '20.19')).toBe(false)
    expect(atLeast('20.9.0', '20.19')).toBe(false)
    expect(atLeast('18.20.4', '20.19')).toBe(false)
  })

  it('ends a start on an older Node.js with one line that says what to install', () => {
    // The check runs before anything else: pretend to be Node 18 and import it.
    const script = `Object.defineProperty(process.versions, 'node', { value: '18.20.4' }); await import(${JSON.stringify(
      new URL('../server/runtime-check.ts', import.meta.url).href,
    )})`
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    })
    expect(run.status).toBe(1)
    expect(run.stderr.trim()).toBe('This app needs Node.js 20.19 or newer; this is 18.20.4. Install a newer Node.js.')
  })

  it('finds the router patch applied by the install (an install without scripts would skip it)', () => {
    expect(routerPatched()).toBe(true)
    expect(fs.readdirSync(new URL('../patches/', import.meta.url))).toEqual([
      expect.stringMatching(/^@remix-run\+router\+[\d.]+\.patch$/),
    ])
  })
})
