/** Vitest hooks around the production server and Chromium of tests/e2e/launch.ts. */
import type { Browser, Page } from 'playwright-core'
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

/**
 * Signs a demo account in through the sign-in form, in whatever language the page is
 * (the form's labels are passed when a test wants to check them), and waits for the
 * "signed in" notice.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  email: string,
  labels?: { email: string; password: string; button: string },
) {
  await page.goto(`${baseUrl}/login`)
  const main = page.getByRole('main')
  await (labels ? main.getByLabel(labels.email) : main.locator('input[name=email]')).fill(email)
  await (labels ? main.getByLabel(labels.password) : main.locator('input[name=password]')).fill('demo-password')
  await (
    labels ? main.getByRole('button', { name: labels.button }) : main.locator('button[type=submit]').first()
  ).click()
  await page.getByRole('status').waitFor()
}
