import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'

import { getDb } from '#db/client'
import { MAIL_EVENT_KINDS } from '#db/domain'
import { config } from '~/config.server'
import { receiveWebhookEvents, verifyWebhook } from '~/services/mail-events.server'

const MAX_BODY = 256 * 1024

const Body = z.object({
  events: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        type: z.enum(MAIL_EVENT_KINDS),
        returnPath: z.string().max(320),
        status: z.string().max(40).nullish(),
        detail: z.string().max(500).nullish(),
      }),
    )
    .min(1)
    .max(500),
})

const json = (body: object, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8' } })

/**
 * `POST /hooks/mail-events`: bounces and complaints reported by a relay over HTTP.
 * Signed with MAIL_WEBHOOK_SECRET (headers `X-Mail-Webhook-Timestamp` and
 * `X-Mail-Webhook-Signature: sha256=<hex of HMAC("<timestamp>.<body>")>`); off (404) without
 * it. Unsigned, stale or malformed calls are refused and logged; each event id counts once.
 */
export async function action({ request }: ActionFunctionArgs) {
  const secret = config().mailWebhookSecret
  if (!secret) return json({ error: 'not found' }, 404)
  if (request.method !== 'POST') return json({ error: 'POST only' }, 405)
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > MAX_BODY) return json({ error: 'too large' }, 413)
  const body = await request.text()
  if (body.length > MAX_BODY) return json({ error: 'too large' }, 413)
  const signed = verifyWebhook({
    secret,
    timestamp: request.headers.get('x-mail-webhook-timestamp') ?? '',
    signature: request.headers.get('x-mail-webhook-signature') ?? '',
    body,
  })
  if (!signed) {
    console.error('[mail-events] webhook call refused: missing, wrong or stale signature')
    return json({ error: 'bad signature' }, 401)
  }
  let parsed: z.infer<typeof Body>
  try {
    parsed = Body.parse(JSON.parse(body))
  } catch {
    console.error('[mail-events] webhook call refused: not the expected JSON')
    return json({ error: 'expected {"events":[{"id","type","returnPath"}]}' }, 400)
  }
  return json(receiveWebhookEvents(getDb(), parsed.events), 200)
}

export async function loader() {
  return json({ error: 'POST only' }, 405)
}
