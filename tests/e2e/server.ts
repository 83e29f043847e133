/** Vitest hooks around the production server and Chromium of tests/e2e/launch.ts. */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'

import { launchChromium, startServer } from './launch'

export { launchChromium, startServer }

/**
 * One production server and one Chromium for a test file: started before its
 * tests, stopped after. Use `e2e.server.url` and `e2e.browser` inside tests.
 */
export function withServerAndBrowser(env: Record<string, string> = {}) {
  const e2e = {} as { server: Awaited<ReturnType<typeof startServer>>; browser: Browser }
  beforeAll(async () => {
    e2e.server = await startServer(env)
    e2e.browser = await launchChromium()
  })
  afterAll(async () => {
    await e2e.browser?.close()
    await e2e.server?.stop()
  })
  return e2e
}
