import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import { signIn, withServerAndBrowser } from './server'

const e2e = withServerAndBrowser()

/** The same-site pages a page's navigation (header and side menu) links to. */
async function navLinks(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator('header nav a[href^="/"], nav.side-nav a[href^="/"], footer a[href^="/"]')
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!))
  return [...new Set(hrefs)].filter((h) => !h.startsWith('/logout'))
}

/** The same-site pages a page's main content links to (one of each kind of address, at most `max`). */
async function mainLinks(page: Page, max: number): Promise<string[]> {
  const hrefs = await page
    .locator('main a[href^="/"]:not([download])')
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!))
  const seenShapes = new Set<string>()
  const picked: string[] = []
  for (const h of hrefs) {
    // One page per shape: /staff/people/12 and /staff/people/13 are the same page.
    const path = h.split(/[?#]/)[0]
    const shape = path.replace(/\/\d+/g, '/:id')
    if (seenShapes.has(shape) || /\.(csv|xlsx|ics|zip)$|\/export|\/logout|\/confirm\/|\/html$/.test(path)) continue
    seenShapes.add(shape)
    picked.push(h)
    if (picked.length >= max) break
  }
  return picked
}

/**
 * Every page reachable from the navigation (and the pages those link to), as each kind of user, on a 390 px phone:
 * none answers 5xx and none is wider than the screen (a wide table scrolls inside its
 * own frame, the page does not).
 */
describe('on a 390 px phone', () => {
  it('the header folds its links behind a Menu button, which opens them and closes after a choice', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' })
    const page = await context.newPage()
    await signIn(page, e2e.server.url, 'staff@example.org')
    await page.goto(`${e2e.server.url}/webinars`)
    const menu = page.getByRole('button', { name: 'Menu' })
    await menu.waitFor()
    const header = await page.locator('header.site-header').boundingBox()
    expect(header!.height).toBeLessThan(120)
    expect(await page.getByRole('link', { name: 'Staff', exact: true }).isVisible()).toBe(false)
    await menu.click()
    expect(await menu.getAttribute('aria-expanded')).toBe('true')
    await page.getByRole('link', { name: 'Staff', exact: true }).click()
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Staff' }).first().waitFor()
    await expect.poll(() => page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('false')
    await context.close()
  })

  for (const who of [
    null,
    'participant@example.org',
    'staff@example.org',
    'analyst@example.org',
    'ralo.leader@example.org',
  ]) {
    it(`every page in the navigation fits, as ${who ?? 'a visitor'}`, async () => {
      const context = await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' })
      const page = await context.newPage()
      if (who) await signIn(page, e2e.server.url, who)
      const start =
        who === 'staff@example.org' ? ['/', '/staff'] : who === 'analyst@example.org' ? ['/', '/analysis'] : ['/']
      const toVisit = new Set<string>()
      for (const path of start) {
        await page.goto(e2e.server.url + path)
        for (const link of await navLinks(page)) toVisit.add(link)
      }
      const problems: string[] = []
      const visited = new Set<string>()
      const visit = async (path: string) => {
        visited.add(path)
        const response = await page.goto(e2e.server.url + path)
        const status = response?.status() ?? 0
        if (status >= 500) problems.push(`${path}: HTTP ${status}`)
        const width = await page.evaluate(() => document.documentElement.scrollWidth)
        if (width > 391) problems.push(`${path}: ${width} px wide`)
      }
      for (const path of toVisit) {
        await visit(path)
        for (const link of await mainLinks(page, 12)) if (!visited.has(link) && !toVisit.has(link)) await visit(link)
      }
      expect(toVisit.size).toBeGreaterThan(3)
      expect(problems).toEqual([])
      await context.close()
    })
  }
})
