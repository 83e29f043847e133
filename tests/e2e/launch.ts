/**
 * Starts the built production server (server/index.ts) on a free port with a fresh
 * database, and Chromium. Nothing here imports the test runner: benchmarks use it too.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { type Browser, chromium } from 'playwright-core'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

export async function startServer(env: Record<string, string> = {}) {
  if (!fs.existsSync('build/server/index.js')) throw new Error('Run `npm run build` first (npm run test:e2e does).')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlarge-e2e-'))
  const port = await freePort()
  // The demo data, as `npm start` loads it (SEED=none: an empty database, as `npm run serve` starts).
  const demo = env.SEED === 'none' ? [] : ['--demo']
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts', ...demo], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: path.join(dir, 'app.db'),
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const url = `http://localhost:${port}`
  let healthy = false
  for (let i = 0; i < 600 && !healthy; i++) {
    try {
      healthy = (await fetch(`${url}/healthz`)).ok
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`)
    if (!healthy) await new Promise((r) => setTimeout(r, 100))
  }
  if (!healthy) {
    child.kill('SIGKILL')
    throw new Error(`server did not become healthy within 60 s:\n${output}`)
  }
  return {
    url,
    dir,
    output: () => output,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    },
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}
