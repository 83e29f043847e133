import { describe, expect, it } from 'vitest'

import { signIn, withServerAndBrowser } from './server'

const e2e = withServerAndBrowser()

describe('working groups', () => {
  it('staff create a working party, add members until every RALO is represented, change a role; the public page lists them', async () => {
    const context = await e2e.browser.newContext({ locale: 'en-GB' })
    const page = await context.newPage()
    await signIn(page, e2e.server.url, 'staff@example.org')
    // Someone from APRALO and from NARALO, found in the directory the way staff would.
    const emailIn = async (region: string) => {
      await page.goto(`${e2e.server.url}/staff/people?region=${region}`)
      return (await page.locator('tbody th .hint').first().textContent())!.trim()
    }
    const apralo = await emailIn('APRALO')
    const naralo = await emailIn('NARALO')

    await page.goto(`${e2e.server.url}/staff/working-groups`)
    await page.getByRole('link', { name: 'New group' }).click()
    await page.getByLabel('Working party').check()
    // A mistake first: the end before the start. The summary says so and nothing is lost.
    await page.getByLabel('Name').first().fill('Newcomers Working Party')
    await page.getByLabel('In one line').first().fill('How newcomers find their way in At-Large')
    await page.getByLabel('Starts on').fill('2026-06-01')
    await page.getByLabel('Ends on').fill('2026-05-01')
    await page.getByLabel(/Every RALO must be represented/).check()
    await page.getByLabel(/Show members’ names/).check()
    await page.getByRole('button', { name: 'Create the group' }).click()
    await page.getByRole('alert').getByText('The end date is before the start date.').waitFor()
    expect(await page.getByLabel('Name').first().inputValue()).toBe('Newcomers Working Party')
    await page.getByLabel('Ends on').fill('2027-06-01')
    await page.getByRole('button', { name: 'Create the group' }).click()
    await page.getByText('Group created. Add its members now.').waitFor()
    await page.getByRole('heading', { level: 1, name: 'Newcomers Working Party' }).waitFor()
    await page.getByText(/5 regions have no member/).waitFor()

    // Three regions from the demo accounts, then the other two.
    await page
      .getByLabel('People to add')
      .fill('Silvia <staff@example.org>\nparticipant@example.org\nralo.leader@example.org\nnobody@example.com')
    await page.getByRole('button', { name: 'Add them', exact: true }).click()
    await page.getByText('3 members added, 0 already members.').waitFor()
    await page.getByRole('listitem').filter({ hasText: 'nobody has this address' }).waitFor()
    await page.getByText(/2 regions have no member: APRALO, NARALO/).waitFor()
    await page.getByLabel('People to add').fill(`${apralo}\n${naralo}`)
    await page.getByRole('button', { name: 'Add them', exact: true }).click()
    await page.getByText('2 members added, 0 already members.').waitFor()
    await page.getByText('Every RALO is represented.').waitFor()

    // The RALO leader becomes chair; the member period stays in the history.
    const row = page.locator('.member-list > li').filter({ hasText: 'AFRALO' })
    await row.locator('summary').click()
    await row.getByLabel('New role').selectOption('chair')
    await row.getByRole('button', { name: 'Change role' }).click()
    await page.getByText('Role changed; the previous role stays in the history.').waitFor()
    await page
      .locator('.member-list > li')
      .filter({ hasText: 'AFRALO' })
      .locator('.badge', { hasText: 'Chair' })
      .waitFor()

    // The public page, in Spanish: members with their regions.
    const visitor = await (await e2e.browser.newContext({ locale: 'es-ES' })).newPage()
    await visitor.goto(`${e2e.server.url}/working-groups`)
    await visitor.getByRole('link', { name: 'Newcomers Working Party' }).click()
    await visitor.getByRole('heading', { level: 1, name: 'Newcomers Working Party' }).waitFor()
    await visitor.getByRole('heading', { level: 2, name: 'Miembros (5)' }).waitFor()
    await visitor.getByText('Presidencia').waitFor()
    await context.close()
  })

  it(
    'staff schedule a meeting with French and Spanish channels; a Spanish member gets the notice and the feed; minutes and an action',
    { timeout: 120_000 },
    async () => {
      const context = await e2e.browser.newContext({ locale: 'en-GB' })
      const page = await context.newPage()
      await signIn(page, e2e.server.url, 'staff@example.org')
      await page.goto(`${e2e.server.url}/staff/working-groups`)
      await page.getByRole('link', { name: 'Newcomers Working Party' }).click()
      await page.getByRole('link', { name: 'Meetings and attendance' }).click()
      await page.getByRole('link', { name: 'Schedule a meeting' }).click()
      await page.getByLabel('Title').first().fill('Newcomers call 1')
      const spanish = page.locator('details', { hasText: 'Text in Spanish' })
      await spanish.locator('summary').click()
      await spanish.getByLabel('Title').fill('Reunión de recién llegados 1')
      await spanish.getByLabel('Agenda').fill('1. Bienvenida\n2. La guía')
      const day = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10)
      await page.getByLabel('Date', { exact: true }).fill(day)
      await page.getByLabel('Start time').fill('15:00')
      const channel = (name: string) =>
        page.locator('fieldset.plain', { has: page.locator('legend', { hasText: name }) }).getByLabel('Conference ID')
      await channel('French interpretation channel').fill('222 333')
      await channel('Spanish interpretation channel').fill('444 555')
      await page.getByRole('button', { name: 'Publish and send the notice' }).click()
      await page.getByText('Meeting published; every member is being sent the notice with the invite.').waitFor()
      await page.getByText('5 members invited').waitFor()

      // The worker renders the notices; the Spanish member's is in Spanish, with their channel.
      await expect
        .poll(
          async () => {
            await page.goto(`${e2e.server.url}/staff/outbox`)
            return page.getByText('Convocatoria: Reunión de recién llegados 1').count()
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toBeGreaterThan(0)
      const member = await (await e2e.browser.newContext({ locale: 'es-ES' })).newPage()
      await signIn(member, e2e.server.url, 'participant@example.org')
      await member.goto(`${e2e.server.url}/profile`)
      const feedUrl = await member.locator('#feed-url').inputValue()
      const feed = await (await member.request.get(feedUrl)).text()
      expect(feed).toContain('Reunión de recién llegados 1')
      expect(feed).toContain('444 555')

      // Records of the last CPWG call: Spanish minutes and an action item.
      await page.goto(`${e2e.server.url}/staff/working-groups/6/meetings/1?tab=records`)
      await page.getByLabel('Minutes in Spanish').fill('## Acta\n\n**Acuerdos**: la guía sale en enero.')
      await page.getByRole('button', { name: 'Save the minutes' }).click()
      await page.getByText('Minutes saved; they are on the meeting’s public page.').waitFor()
      await page.getByLabel('What is to be done').fill('Translate the newcomers’ guide into Spanish')
      await page.getByLabel('Owner').selectOption({ index: 1 })
      await page.getByLabel('Due date').fill(day)
      await page.getByRole('button', { name: 'Add the action item' }).click()
      await page.getByText('Action item added; its owner is reminded when it is due.').waitFor()
      await member.goto(`${e2e.server.url}/working-groups/cpwg/meetings/1`)
      await member.getByRole('heading', { level: 2, name: 'Acta' }).first().waitFor()
      await member.getByText('Translate the newcomers’ guide into Spanish').waitFor()

      await context.close()
    },
  )

  it(
    'a statement goes from its call for volunteers to submission: the call, one-click volunteering, the penholder, each stage',
    { timeout: 120_000 },
    async () => {
      const context = await e2e.browser.newContext({ locale: 'en-GB' })
      const page = await context.newPage()
      await signIn(page, e2e.server.url, 'staff@example.org')
      await page.goto(`${e2e.server.url}/staff/statements`)
      const form = page.locator('form', { has: page.getByRole('button', { name: 'Save the statement' }) })
      await form.getByLabel('Title').first().fill('Accuracy of registration data')
      await form.getByLabel('Summary').first().fill('What end users need from accurate registration data.')
      const deadline = new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10)
      await form.getByLabel('Deadline').fill(deadline)
      await form.getByLabel('WHOIS/GDPR', { exact: true }).check()
      await form.getByRole('button', { name: 'Save the statement' }).click()
      await page.getByText('Statement created; send the call for volunteers below.').waitFor()
      await page.getByRole('heading', { level: 1, name: 'Accuracy of registration data' }).waitFor()
      const statementUrl = page.url()

      // The call goes to an audience; each reader gets it in their language.
      await page.getByLabel('Audience').selectOption({ index: 0 })
      await page.getByRole('button', { name: 'Send the call' }).click()
      await page.getByText(/calls? for volunteers (is|are) on (its|their) way/).waitFor()

      // A Spanish member volunteers in one click.
      const member = await (await e2e.browser.newContext({ locale: 'es-ES' })).newPage()
      await signIn(member, e2e.server.url, 'participant@example.org')
      await member.goto(`${statementUrl.replace('/staff/statements/', '/statements/')}/volunteer`)
      await member.getByRole('button', { name: 'Me ofrezco para redactar esta declaración' }).click()
      await member.getByText('Está en la lista de voluntarios.', { exact: false }).first().waitFor()

      // Staff choose her as penholder, then take the statement through every stage.
      await page.reload()
      await page.getByLabel(/Lucía/).check()
      await page.getByRole('button', { name: 'Save the penholders' }).click()
      await page.getByText('Penholders saved.').waitFor()
      for (const step of ['Start drafting', 'Open the comment period', 'Put to the ALAC vote', 'Mark submitted']) {
        await page.getByRole('button', { name: step }).click()
        await page.getByText('Stage changed; the date is recorded.').waitFor()
      }
      await page.locator('li[aria-current="step"]', { hasText: 'Submitted' }).waitFor()
      expect(await page.getByRole('button', { name: 'Withdraw' }).count()).toBe(0)
      await member.goto(`${e2e.server.url}/statements?stage=submitted&q=registration`)
      await member.getByText('Accuracy of registration data').waitFor()
      await context.close()
    },
  )
})
