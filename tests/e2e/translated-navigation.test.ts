/**
 * Every page reached by a click (a client-side navigation, not a fresh load) shows its
 * texts translated: no i18n key, no {{placeholder}}, and nothing wider than a 390 px phone.
 * For each kind of visitor, in their own language, the journey signs in through the form,
 * then clicks every link of the header and footer, every link of those pages (their side
 * menu and content), and the links of the pages those lead to, one page of each kind.
 * Each click starts from a fresh load of the page that holds the link, so a page never
 * borrows the translations an earlier page happened to fetch.
 */
import fs from 'node:fs'
import path from 'node:path'

import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import { signIn, withServerAndBrowser } from './server'

const e2e = withServerAndBrowser({ WORKER: 'off' })

// ---------------------------------------------------------------------------------------------
// What a key looks like: every key of the locale files (as i18next shows a missing one).

function leaves(tree: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
    if (v && typeof v === 'object') leaves(v, `${prefix}${k}.`, out)
    else out.set(prefix + k, String(v))
  }
  return out
}

const KEYS = new Set<string>()
for (const file of fs.readdirSync('locales/en')) {
  const ns = file.replace(/\.json$/, '')
  if (ns === 'emails') continue
  const texts = ['en', 'fr', 'es'].map((l) => leaves(JSON.parse(fs.readFileSync(`locales/${l}/${file}`, 'utf8'))))
  for (const key of texts[0].keys()) {
    // A plural key is asked for without its suffix; a key whose text is the key itself is no sign of anything.
    const base = key.replace(/_(zero|one|two|few|many|other)$/, '')
    if (texts.some((t) => t.get(key) === key || t.get(base) === base)) continue
    for (const k of [key, base]) {
      KEYS.add(k)
      KEYS.add(`${ns}:${k}`)
    }
  }
}

/** What in a page's text looks like an untranslated key, a placeholder or an object i18next could not show. */
function untranslated(texts: string[]): string[] {
  const found = new Set<string>()
  for (const text of texts) {
    for (const m of text.matchAll(/(?<![\w.:@/-])(?:\w+:)?[A-Za-z_]\w*(?:\.\w+)+(?![\w@])/g))
      if (KEYS.has(m[0])) found.add(m[0])
    // An i18next placeholder left unfilled ({{count}}); a newsletter's {{upcoming-webinars}} block is content.
    for (const m of text.matchAll(/\{\{\s*[A-Za-z_][\w.]*\s*\}\}/g)) found.add(m[0])
    if (/returned an object instead of string/.test(text)) found.add(text.slice(0, 80))
    if (KEYS.has(text.trim())) found.add(text.trim())
  }
  return [...found]
}

// ---------------------------------------------------------------------------------------------
// Which page a link opens (one of each kind is enough), read from app/routes.

type RouteShape = { file: string; segments: string[]; page: boolean }

const SHAPES: RouteShape[] = fs
  .readdirSync('app/routes')
  .filter((f) => f.endsWith('.tsx') && f !== '$.tsx')
  .map((file) => {
    const segments = file
      .replace(/\.tsx$/, '')
      .replace(/\[\.\]/g, '.')
      .replace(/\[([^\]]*)\]/g, '$1')
      .split('.')
      .filter((s) => s !== '_index' && s !== '')
      .map((s) => (s.startsWith('$') ? '*' : s.replace(/_$/, '')))
    // A resource route (no page component: files, feeds, redirects) is not a page to look at.
    const page = /export default function/.test(fs.readFileSync(path.join('app/routes', file), 'utf8'))
    return { file, segments, page }
  })

/** The route a path opens (static segments beat parameters), or null for the catch-all. */
function routeOf(pathname: string): RouteShape | null {
  const parts = pathname.split('/').filter(Boolean)
  let best: { shape: RouteShape; score: number } | null = null
  for (const shape of SHAPES) {
    if (shape.segments.length !== parts.length) continue
    if (!shape.segments.every((s, i) => s === '*' || s === parts[i])) continue
    const score = shape.segments.filter((s) => s !== '*').length + (shape.page ? 0.5 : 0)
    if (!best || score > best.score) best = { shape, score }
  }
  return best?.shape ?? null
}

/** One page of each kind: the route, and the section (`?tab=`) it shows. */
function kindOf(href: string): string | null {
  const url = new URL(href, 'http://x')
  if (/\.(csv|ics|xlsx|pdf|zip|vtt)$/.test(url.pathname)) return null
  const route = routeOf(url.pathname)
  if (!route?.page) return null
  if (/^(logout|language|login_\.link|r\.|hooks\.|healthz|livez)/.test(route.file)) return null
  return `${route.file}?${url.searchParams.get('tab') ?? ''}`
}

// ---------------------------------------------------------------------------------------------
// Clicking, and waiting until the page it opens has finished arriving.

/** Counts the requests in flight, so a check waits until nothing more (data, code, translations) is coming. */
function trackNetwork(page: Page) {
  let inFlight = 0
  let lastChange = Date.now()
  const change = (d: number) => () => {
    inFlight += d
    lastChange = Date.now()
  }
  page.on('request', change(1))
  page.on('requestfinished', change(-1))
  page.on('requestfailed', change(-1))
  return async function quiet(ms = 150, timeout = 15_000) {
    const start = Date.now()
    while ((inFlight > 0 || Date.now() - lastChange < ms) && Date.now() - start < timeout)
      await new Promise((r) => setTimeout(r, 25))
  }
}

type RemixWindow = Window & {
  __remixRouter?: { state: { navigation: { state: string }; location: { key: string } } }
}

async function hydrated(page: Page) {
  // The header's menu button appears once the page is interactive (a full-screen page has no header).
  await page.waitForFunction(
    () =>
      (window as RemixWindow).__remixRouter &&
      (document.querySelector('header.site-header.foldable') || !document.querySelector('header.site-header')),
  )
}

async function openFresh(page: Page, url: string, quiet: () => Promise<void>) {
  await page.goto(url)
  await hydrated(page)
  await quiet()
}

/** Clicks a link (opening the phone menu first for a header link) and waits for the page it opens. */
async function click(page: Page, selector: string, quiet: () => Promise<void>): Promise<'client' | 'document'> {
  const link = page.locator(selector).first()
  const before = await page.evaluate(() => {
    ;(window as unknown as { __sameDocument: boolean }).__sameDocument = true
    return (window as RemixWindow).__remixRouter!.state.location.key
  })
  if (selector.startsWith('header') && !(await link.isVisible())) {
    const menu = page.locator('header .menu-button')
    if (await menu.isVisible()) await menu.click()
  }
  if (await link.isVisible()) await link.click()
  else await link.dispatchEvent('click') // in a closed <details> or scrolled frame: a click all the same
  await page.waitForFunction(
    (key) => {
      const w = window as unknown as RemixWindow & { __sameDocument?: boolean }
      if (!w.__sameDocument) return document.readyState === 'complete'
      const state = w.__remixRouter?.state
      return state && state.location.key !== key && state.navigation.state === 'idle'
    },
    before,
    { timeout: 15_000 },
  )
  await quiet()
  if (!(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument))) {
    await hydrated(page)
    return 'document'
  }
  return 'client'
}

/** What a visitor reads or hears: the visible text, the title, labels and placeholders, and the page's width. */
async function readPage(page: Page) {
  return page.evaluate(() => {
    const texts = [document.body.innerText, document.title]
    for (const el of document.body.querySelectorAll('*')) {
      for (const attr of ['aria-label', 'placeholder', 'title', 'alt'])
        if (el.getAttribute(attr)) texts.push(el.getAttribute(attr)!)
      // An element whose own text is a bare key ("email").
      const own = [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent)
        .join('')
        .trim()
      if (own && own.length < 80) texts.push(own)
    }
    return { texts, width: document.documentElement.scrollWidth, lang: document.documentElement.lang }
  })
}

async function linksOn(page: Page, selector: string): Promise<string[]> {
  const hrefs = await page
    .locator(selector)
    .evaluateAll((as) =>
      as
        .filter((a) => !a.hasAttribute('download') && !(a as HTMLAnchorElement).target)
        .map((a) => a.getAttribute('href')!),
    )
  return [...new Set(hrefs)].filter((h) => h.startsWith('/') && !h.startsWith('//'))
}

// ---------------------------------------------------------------------------------------------

type Step = { from: string; selector: string; href: string }

const VISITORS = [
  { who: null, lang: 'en', locale: 'en-GB' },
  { who: 'participant@example.org', lang: 'es', locale: 'es-ES' },
  // An English browser: signing in turns the page French without a reload.
  { who: 'analyst@example.org', lang: 'fr', locale: 'en-GB' },
  { who: 'ralo.leader@example.org', lang: 'fr', locale: 'fr-FR' },
  {
    who: 'staff@example.org',
    lang: 'en',
    locale: 'en-GB',
    // A person with a history of participation, found in the directory.
    also: [
      {
        from: '/staff/people?q=participant%40example.org',
        selector: 'main a:text-is("Lucía Participante")',
        href: 'Lucía Participante',
      },
    ],
  },
] as const satisfies readonly { who: string | null; lang: string; locale: string; also?: Step[] }[]

/** How deep the journey goes from the header: its pages, their links, and those pages' links. */
const DEPTH = 3
/** At most this many links of one page (the first of each kind). */
const PER_PAGE = 25
/** Tabs per visitor, clicking side by side (most of a click is waiting for the server). */
const TABS = 2

// The visitors go round at the same time, each in their own browser context.
describe.concurrent('pages reached by a click are translated and fit a 390 px phone', () => {
  for (const visitor of VISITORS) {
    const { who, lang, locale } = visitor
    it(`as ${who ?? 'a visitor'} (${lang})`, { timeout: 600_000 }, async () => {
      const context = await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, locale })
      const problems: string[] = []
      const tabs: { page: Page; quiet: () => Promise<void> }[] = []
      for (let i = 0; i < TABS; i++) {
        const page = await context.newPage()
        tabs.push({ page, quiet: trackNetwork(page) })
      }
      const check = async (page: Page, label: string) => {
        const { texts, width, lang: shown } = await readPage(page)
        const keys = untranslated(texts)
        if (keys.length) problems.push(`${label}: ${keys.join(', ')}`)
        if (width > 391) problems.push(`${label}: ${width} px wide`)
        if (shown !== lang) problems.push(`${label}: shown in ${shown}`)
      }
      const [{ page, quiet }] = tabs
      if (who) {
        await signIn(page, e2e.server.url, who)
        await quiet()
        await check(page, `after signing in (${page.url()})`)
      }

      const seen = new Set<string>()
      let clicks = 0
      let steps = 0
      /**
       * The links of a page to follow: the first of each kind not seen yet, in the order of the journey (whichever
       * tab ran first). A page listing its children (the directory and a person) is followed to one of them even
       * when that kind was first reached from elsewhere: that is how people reach it.
       */
      const newLinks = (from: string, found: { selector: string; href: string }[]): Step[] => {
        const out: Step[] = []
        const fromPath = from.split('?')[0]
        for (const { selector, href } of found) {
          const kind = kindOf(href)
          if (!kind || out.length >= PER_PAGE) continue
          const fromList = `${kind} from ${fromPath}`
          const child = href.startsWith(`${fromPath}/`) && !seen.has(fromList)
          if (seen.has(kind) && !child) continue
          seen.add(kind)
          if (child) seen.add(fromList)
          out.push({ from, selector, href })
        }
        return out
      }

      await openFresh(page, `${e2e.server.url}/`, quiet)
      const inShell: { selector: string; href: string }[] = []
      for (const where of ['header', 'footer'])
        for (const href of await linksOn(page, `${where} a[href]`))
          inShell.push({ selector: `${where} a[href="${href}"]`, href })
      let level = [...newLinks('/', inShell), ...('also' in visitor ? visitor.also : [])]

      /** Opens `from` afresh, clicks the link, checks the page it opens; returns that page's links. */
      const step = async ({ page, quiet }: (typeof tabs)[number], { from, selector, href }: Step, depth: number) => {
        await openFresh(page, e2e.server.url + from, quiet)
        let how: 'client' | 'document'
        try {
          how = await click(page, selector, quiet)
        } catch (error) {
          problems.push(`${from} → ${href}: the click did not open a page (${(error as Error).message.split('\n')[0]})`)
          return { from, found: [] }
        }
        steps++
        if (how === 'client') clicks++
        const url = new URL(page.url())
        const here = url.pathname + url.search
        await check(page, `${from} → ${href}${here === href ? '' : ` (${here})`}`)
        if (depth === DEPTH || /^\/(login|signup|forgot-password)/.test(url.pathname)) return { from: here, found: [] }
        const found = (await linksOn(page, 'main a[href], nav.side-nav a[href]')).map((link) => ({
          selector: `:is(main, nav.side-nav) a[href="${link}"]`,
          href: link,
        }))
        return { from: here, found }
      }

      for (let depth = 1; depth <= DEPTH && level.length; depth++) {
        const results: { from: string; found: { selector: string; href: string }[] }[] = []
        let nextIndex = 0
        await Promise.all(
          tabs.map(async (tab) => {
            while (nextIndex < level.length) {
              const i = nextIndex++
              results[i] = await step(tab, level[i], depth)
            }
          }),
        )
        level = results.flatMap((r) => newLinks(r.from, r.found))
      }
      console.log(`${who ?? 'visitor'}: ${steps} pages opened by a click, ${clicks} of them without a reload`)
      expect(clicks).toBeGreaterThan(5)
      expect(problems).toEqual([])
      await context.close()
    })
  }
})
