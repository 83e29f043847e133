import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'

import { destroySession, getSession } from '~/auth-session.server'
import { readForm } from '~/lib/form.server'

/** Signing out is a POST; a GET just goes home and changes nothing. */
export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  await readForm(request) // the sign-out button: no fields, but the body must be a form
  const session = await getSession(request)
  return redirect('/', { headers: { 'Set-Cookie': await destroySession(session) } })
}
