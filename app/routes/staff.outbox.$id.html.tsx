import type { LoaderFunctionArgs } from '@remix-run/node'

import { getDb } from '#db/client'
import { requireRole } from '~/guards.server'
import { idParam } from '~/lib/params.server'
import { getOutboxMessage } from '~/services/outbox.server'

/** The HTML part as sent, for the sandboxed preview frame: no scripts, no plugins, nothing fetched but images. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, 'staff')
  const message = getOutboxMessage(getDb(), idParam(params.id))
  if (!message) throw new Response('Not found', { status: 404 })
  return new Response(message.html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'",
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  })
}
