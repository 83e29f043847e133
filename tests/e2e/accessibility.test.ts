import fs from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'

import { signIn, withServerAndBrowser } from './server'

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

const e2e = withServerAndBrowser()

/** WCAG 2.1 A/AA violations axe-core finds on the page, as "rule: target" lines. */
async function violations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy (rightly) refuses inline scripts.
  await page.evaluate(axeSource)
  const result = await page.evaluate(async () => {
    // @ts-expect-error injected above
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })
    return r.violations.map(
      (v: { id: string; nodes: { target: string[] }[] }) =>
        `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    )
  })
  return result as string[]
}

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  it('the check itself reports an unlabelled field', async () => {
    // A fixed page rather than a change to an app page, which React would undo on hydration.
    const page = await (await e2e.browser.newContext()).newPage()
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>Check</title></head><body><main><h1>Form</h1><input type="text" name="x"></main></body></html>',
    )
    expect((await violations(page)).some((v) => v.startsWith('label:'))).toBe(true)
  })

  it('finds nothing on the public pages and account forms', async () => {
    const page = await (await e2e.browser.newContext({ locale: 'fr-FR' })).newPage()
    for (const path of [
      '/',
      '/webinars',
      '/webinars?when=past',
      '/webinars/atlas-ii-security-and-stability',
      '/webinars/atlas-ii-communications',
      '/summits/atlas-ii-london-2014',
      '/summits/atlas-ii-london-2014/logistics',
      '/surveys/atlas-ii-post-summit-survey',
      '/webinars/no-such-webinar',
      '/newsletters',
      '/newsletters/atlas-ii-newsletter-1/fr',
      '/statements',
      '/signup',
      '/login',
      '/forgot-password',
      '/login/link/not-a-real-link',
    ]) {
      await page.goto(e2e.server.url + path)
      expect(await violations(page), path).toEqual([])
    }
    // The sign-in link: asked for on /login, then the page its mail opens.
    await page.goto(`${e2e.server.url}/login`)
    await page.locator('input[name=email]').fill('analyst@example.org')
    await page.locator('button[value=link]').click()
    await page.getByRole('status').waitFor()
    expect(await violations(page), 'sign-in link sent').toEqual([])
    const db = new Database(join(e2e.server.dir, 'app.db'), { readonly: true })
    const mail = db
      .prepare("select text from outbox where kind = 'signin-link' order by id desc limit 1")
      .pluck()
      .get() as string
    db.close()
    await page.goto(mail.match(/https?:\/\/\S+\/login\/link\/\S+/)![0])
    await page.getByRole('main').getByRole('button').waitFor()
    expect(await violations(page), 'sign-in link page').toEqual([])
  })

  it('finds nothing on the survey pages: answering, building, results and comparison', async () => {
    const participant = await (await e2e.browser.newContext()).newPage()
    await signIn(participant, e2e.server.url, 'participant@example.org')
    await participant.goto(`${e2e.server.url}/surveys/capacity-building-webinars-feedback`)
    expect(await violations(participant), 'answering').toEqual([])
    await participant.locator('button[value="next"]').click()
    await participant.getByRole('alert').waitFor()
    expect(await violations(participant), 'answering with errors').toEqual([])
    const staff = await (await e2e.browser.newContext()).newPage()
    await signIn(staff, e2e.server.url, 'staff@example.org')
    for (const path of [
      '/staff/surveys',
      '/staff/surveys/1',
      '/staff/surveys/1?edit=3',
      '/analysis/accreditation',
      '/analysis/accreditation?region=AFRALO',
      '/analysis/surveys',
      '/analysis/surveys/1',
      '/analysis/surveys/1?region=NARALO&memberType=guest',
      '/analysis/surveys/compare?a=1&b=2',
    ]) {
      await staff.goto(e2e.server.url + path)
      expect(await violations(staff), path).toEqual([])
    }
  })

  it('finds nothing on the directory, structures and RALO pages', async () => {
    const staff = await (await e2e.browser.newContext()).newPage()
    await signIn(staff, e2e.server.url, 'staff@example.org')
    for (const path of [
      '/staff/people',
      '/staff/people?region=AFRALO&q=amina',
      '/staff/people/new',
      '/staff/people/2',
      '/staff/people/2/erase',
      '/staff/people/import',
      '/staff/people/duplicates',
      '/staff/people/merge?a=2&b=3',
      '/staff/people/retention',
      '/staff/structures',
      '/staff/structures/1',
      '/staff/structures/6',
      '/staff/structures/new',
      '/staff/structures/criteria',
      '/staff/structures/review',
      '/staff/membership',
    ]) {
      await staff.goto(e2e.server.url + path)
      expect(await violations(staff), path).toEqual([])
    }
    const leader = await (await e2e.browser.newContext()).newPage()
    await signIn(leader, e2e.server.url, 'ralo.leader@example.org')
    await leader.goto(`${e2e.server.url}/ralo`)
    expect(await violations(leader), '/ralo').toEqual([])
    await leader.goto(`${e2e.server.url}/membership`)
    expect(await violations(leader), '/membership').toEqual([])
  })

  // About forty pages, each checked by axe: it needs more than the default minute on a busy machine.
  it('finds nothing on the signed-in participant, staff and analyst pages', { timeout: 180_000 }, async () => {
    const participant = await (await e2e.browser.newContext()).newPage()
    await signIn(participant, e2e.server.url, 'participant@example.org')
    for (const path of [
      '/',
      '/glossary?q=comite',
      '/webinars/dns-abuse-for-end-users',
      '/profile',
      '/membership',
      '/participation',
      '/summits/atlas-ii-london-2014/me',
      '/profile/delete',
      '/privacy',
      '/structures',
      '/structures/apply',
      '/structures/mine',
      '/working-groups',
      '/working-groups/cpwg',
      '/working-groups/cpwg/meetings/1',
      '/working-groups/cpwg/meetings/51',
      '/statements',
      '/statements/13/volunteer',
    ]) {
      await participant.goto(e2e.server.url + path)
      expect(await violations(participant), path).toEqual([])
    }
    // The mail preference page (reached by its token from the profile).
    await participant.goto(`${e2e.server.url}/profile`)
    await participant.getByRole('link', { name: 'Preferencias de correo' }).click()
    await participant.getByRole('heading', { level: 1, name: 'Sus preferencias de correo' }).waitFor()
    expect(await violations(participant), 'preference page').toEqual([])
    const staff = await (await e2e.browser.newContext()).newPage()
    await signIn(staff, e2e.server.url, 'staff@example.org')
    for (const path of [
      '/staff',
      '/staff/webinars',
      '/staff/webinars/new',
      '/staff/series',
      '/staff/outbox',
      '/staff/newsletters',
      '/staff/newsletters/new',
      '/staff/newsletters/1',
      '/staff/newsletters/2',
      '/staff/newsletters/audiences',
      '/staff/newsletters/lists',
      '/staff/glossary',
      '/staff/interpreters',
      '/staff/webinars/7/booths',
      '/staff/webinars/7/prep',
      '/staff/webinars/7/forecast',
      '/staff/webinars/1/forecast',
      '/staff/webinars/1?tab=materials',
      '/staff/planner?group=1&date=2026-12-09&time=13:00&zone=UTC&duration=60&sessions=3',
      '/staff/newsletters/lists?edit=1',
      '/staff/summits',
      '/staff/working-groups',
      '/staff/working-groups/6',
      '/staff/working-groups/6?tab=meetings',
      '/staff/working-groups/6?tab=details',
      '/staff/working-groups/new',
      '/staff/working-groups/6/meetings/new',
      '/staff/working-groups/6/meetings/1',
      '/staff/working-groups/6/meetings/51',
      '/staff/statements',
      '/staff/statements/13',
      '/analysis',
      '/analysis/participation',
      '/analysis/participation/structures',
      '/analysis/participation/people',
      '/analysis/participation/records',
      '/analysis/tracker',
      '/analysis/tracker/report?from=2020-07-01&to=2020-12-31&lang=en',
      '/analysis/recommendations',
      '/analysis/recommendations/new',
      '/analysis/recommendations/9',
      '/summits/atlas-ii-london-2014/recommendations',
    ]) {
      await staff.goto(e2e.server.url + path)
      expect(await violations(staff), path).toEqual([])
    }
    await staff.goto(`${e2e.server.url}/staff/webinars`)
    await staff.getByRole('link', { name: 'DNS Abuse: what end users should know' }).click()
    await staff.getByRole('heading', { level: 2, name: 'Overview' }).waitFor()
    expect(await violations(staff), 'manage webinar').toEqual([])
    // Every section of the webinar page.
    for (const [tab, heading] of [
      [/^Registrants/, /^Registrants/],
      [/^Dial-outs/, 'Dial-out requests'],
      ['Attendance', 'Import attendance'],
      ['Materials', 'Presentations and recordings'],
      ['Edit', 'Edit'],
      ['Cancel', 'Cancel this webinar'],
    ] as const) {
      await staff.getByRole('navigation', { name: 'Sections of this webinar' }).getByRole('link', { name: tab }).click()
      await staff.getByRole('heading', { level: 2, name: heading }).waitFor()
      expect(await violations(staff), `manage webinar: ${String(tab)}`).toEqual([])
    }
    await staff.goto(`${e2e.server.url}/staff/summits`)
    await staff
      .getByRole('link', { name: /ATLAS II/ })
      .first()
      .click()
    await staff.getByRole('heading', { level: 2, name: 'Roster' }).waitFor()
    expect(await violations(staff), 'summit roster').toEqual([])
    await staff.locator('a[href$="/groups"]').click()
    await staff.getByRole('heading', { level: 2, name: 'Assign by hand' }).waitFor()
    expect(await violations(staff), 'summit groups').toEqual([])
    await staff.goBack()
    await staff.getByRole('link', { name: 'Travel and logistics' }).click()
    await staff.getByRole('button', { name: /^Remind them/ }).waitFor()
    expect(await violations(staff), 'summit travel').toEqual([])
    await staff.goBack()
    await staff.getByRole('link', { name: 'Programme', exact: true }).click()
    await staff.getByRole('heading', { level: 2, name: 'Add a session' }).waitFor()
    expect(await violations(staff), 'summit programme').toEqual([])
    await staff.getByRole('link', { name: 'Logistics page' }).click()
    await staff.getByRole('heading', { level: 1, name: /^Logistics page:/ }).waitFor()
    expect(await violations(staff), 'summit logistics').toEqual([])
    await staff.goBack()
    await staff.goBack()
    await staff.getByRole('link', { name: 'Venue desk check-in' }).click()
    await staff.getByLabel('Find a participant (name or structure)').fill('a')
    await staff.getByRole('button', { name: 'Find' }).click()
    await staff
      .getByRole('list')
      .filter({ has: staff.getByRole('button', { name: /^Undo: / }) })
      .waitFor()
    expect(await violations(staff), 'check-in').toEqual([])
  })
})
