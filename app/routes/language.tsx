import type { ActionFunctionArgs } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'

import { getDb } from '#db/client'
import { currentPerson, safeRedirect } from '~/guards.server'
import { isLanguage } from '~/i18n'
import { languageCookie } from '~/i18n.server'
import { readForm } from '~/lib/form.server'
import { setPreferredLanguage } from '~/services/people.server'

export async function loader() {
  return redirect('/')
}

/** The switcher: remembers the choice in a cookie and, when signed in, as the person's preference. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request)
  const language = form.get('language')
  if (!isLanguage(language)) return data({ error: 'errors.field.language' }, { status: 400 })
  const person = await currentPerson(request)
  if (person) setPreferredLanguage(getDb(), person.id, language)
  return redirect(safeRedirect(form.get('redirectTo')), {
    headers: { 'Set-Cookie': await languageCookie.serialize(language) },
  })
}
