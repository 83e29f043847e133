/**
 * `npm run bench:client`: what the browser downloads to show a page. Starts the built server
 * on the demo data, opens each kind of page (home, a webinar, a survey answering page, the
 * staff webinar form signed in as staff) in headless Chromium with a French browser, and adds
 * up the gzipped bytes of every script (route modules and the translation chunks the page
 * imports) and style sheet it loads. Targets (issue 18): at most 100 kB of JavaScript on
 * public pages, 160 kB on staff pages. The smoke run is the same run (it takes seconds).
 * Figures, never assertions. Prints a table, then one JSON line.
 */
import zlib from 'node:zlib'

import { launchChromium, startServer } from '../tests/e2e/launch'

const PAGES: { key: string; path: string; as?: string; target: number }[] = [
  { key: 'home', path: '/', target: 100 },
  { key: 'webinar', path: '/webinars/dns-abuse-for-end-users', target: 100 },
  { key: 'survey', path: '/surveys/capacity-building-webinars-feedback', as: 'participant@example.org', target: 100 },
  { key: 'staff-webinar-form', path: '/staff/webinars/new', as: 'staff@example.org', target: 160 },
]

async function gzipKb(body: Buffer): Promise<number> {
  return zlib.gzipSync(body).length / 1024
}

const server = await startServer({ WORKER: 'off' })
try {
  // Signed-in pages: sign in through the real form (the survey is for signed-in people).
  const sessions = new Map<string, string>()
  for (const email of new Set(PAGES.flatMap((p) => (p.as ? [p.as] : [])))) {
    const login = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password: 'demo-password' }),
    })
    const session = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('__session='))
    if (!session) throw new Error(`sign-in as ${email} failed: ${login.status}`)
    sessions.set(email, session.slice('__session='.length))
  }
  const browser = await launchChromium()
  const pages: Record<string, { js_gzip_kb: number; css_gzip_kb: number; js_files: number }> = {}
  try {
    for (const page of PAGES) {
      const context = await browser.newContext({ locale: 'fr-FR' })
      if (page.as) await context.addCookies([{ name: '__session', value: sessions.get(page.as)!, url: server.url }])
      const tab = await context.newPage()
      const bodies: Promise<{ kind: 'js' | 'css'; kb: number }>[] = []
      tab.on('response', (response) => {
        const type = response.request().resourceType()
        if (type !== 'script' && type !== 'stylesheet') return
        bodies.push(
          response.body().then(async (body) => ({ kind: type === 'script' ? 'js' : 'css', kb: await gzipKb(body) })),
        )
      })
      const res = await tab.goto(server.url + page.path, { waitUntil: 'networkidle' })
      if (!res?.ok() || new URL(tab.url()).pathname !== page.path)
        throw new Error(`${page.path}: ${res?.status()} at ${tab.url()}`)
      const loaded = await Promise.all(bodies)
      const sum = (kind: 'js' | 'css') => loaded.filter((b) => b.kind === kind).reduce((n, b) => n + b.kb, 0)
      pages[page.key] = {
        js_gzip_kb: Math.round(sum('js') * 10) / 10,
        css_gzip_kb: Math.round(sum('css') * 10) / 10,
        js_files: loaded.filter((b) => b.kind === 'js').length,
      }
      await context.close()
    }
  } finally {
    await browser.close()
  }
  console.log(
    'page'.padEnd(22),
    'JS kB gz'.padStart(9),
    'CSS kB gz'.padStart(10),
    'files'.padStart(6),
    'target'.padStart(8),
  )
  for (const page of PAGES.filter((p) => pages[p.key]))
    console.log(
      page.key.padEnd(22),
      String(pages[page.key].js_gzip_kb).padStart(9),
      String(pages[page.key].css_gzip_kb).padStart(10),
      String(pages[page.key].js_files).padStart(6),
      `≤${page.target}`.padStart(8),
    )
  console.log(JSON.stringify({ pages }))
} finally {
  await server.stop()
}
