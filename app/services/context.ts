/**
 * The third argument of services that change something: `(db, input, ctx)`.
 * Services take plain values (never a Request) so a route, the worker, a CLI and a
 * test call them alike.
 */
/** Who acts and when: every change is audited under `actorId` at `now` (default: the current time). */
export type ActorCtx = { actorId: number; now?: Date }
/** What a change that mails someone also needs: the public base URL for its links. */
export type MailCtx = ActorCtx & { baseUrl: string }
