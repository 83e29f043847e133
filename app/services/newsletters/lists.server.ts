/**
 * Topic lists and the preference centre. Staff define lists (name and description per
 * language); people choose theirs on the preference page their newsletters link to (the
 * token is the key, no sign-in). Each subscription row is also the consent: the wording
 * shown, in the person's language, when they ticked the list. One-click unsubscribe
 * leaves the lists the mail was sent for; "unsubscribe from all" closes every list.
 */
import { and, asc, count, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import {
  type Language,
  listSubscriptions,
  type LocalisedText,
  mailingLists,
  newsletterLists,
  people,
  type RegionCode,
} from '#db/schema'
import { fixedT } from '~/i18n.server'
import { loc } from '~/lib/localised'

import { recordAudit } from '../audit.server'
import type { ActorCtx } from '../context'
import { recordConsent, withdrawConsent } from '../people/privacy.server'
type Reader_ = Pick<DB, 'select'>
type Writer_ = Pick<DB, 'select' | 'insert' | 'update'>

export type ListInput = {
  slug: string
  name: LocalisedText
  description: LocalisedText
  regionCode: RegionCode | null
}

const open = isNull(listSubscriptions.unsubscribedAt)

/** People with an open subscription to one of these lists (SQL over `people`). */
export function subscribedToAny(listIds: number[]): SQL {
  return sql`exists (select 1 from ${listSubscriptions} where ${listSubscriptions.personId} = ${people.id}
    and ${listSubscriptions.unsubscribedAt} is null and ${inArray(listSubscriptions.listId, listIds)})`
}

// ─── Staff: the lists ─────────────────────────────────────────────────────

export function listMailingLists(db: Reader_) {
  const lists = db.select().from(mailingLists).orderBy(asc(mailingLists.position), asc(mailingLists.id)).all()
  const counts = db
    .select({
      listId: listSubscriptions.listId,
      subscribers: count(),
      digest: sql<number>`coalesce(sum(${people.newsletterDigestSince} is not null), 0)`,
    })
    .from(listSubscriptions)
    .innerJoin(people, eq(people.id, listSubscriptions.personId))
    .where(and(open, isNull(people.newsletterOptOutAt), isNull(people.erasedAt), isNull(people.deactivatedAt)))
    .groupBy(listSubscriptions.listId)
    .all()
  return lists.map((l) => {
    const c = counts.find((r) => r.listId === l.id)
    return { ...l, subscribers: c?.subscribers ?? 0, digest: c?.digest ?? 0 }
  })
}

export function saveMailingList(
  db: DB,
  { id, list }: { id: number | null; list: ListInput },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true; id: number } | { ok: false; error: 'slugTaken' | 'notFound' } {
  return db.transaction(
    (tx) => {
      const clash = tx.select({ id: mailingLists.id }).from(mailingLists).where(eq(mailingLists.slug, list.slug)).get()
      if (clash && clash.id !== id) return { ok: false as const, error: 'slugTaken' as const }
      let listId = id
      if (listId === null) {
        const position = tx.select({ n: count() }).from(mailingLists).get()!.n
        listId = tx
          .insert(mailingLists)
          .values({ ...list, position })
          .returning({ id: mailingLists.id })
          .get().id
      } else if (
        !tx
          .update(mailingLists)
          .set({ ...list, updatedAt: now })
          .where(eq(mailingLists.id, listId))
          .run().changes
      )
        return { ok: false as const, error: 'notFound' as const }
      recordAudit(
        tx,
        {
          actorId,
          action: id === null ? 'mailingList.created' : 'mailingList.updated',
          entityType: 'mailing_list',
          entityId: listId,
          details: { slug: list.slug },
        },
        now,
      )
      return { ok: true as const, id: listId }
    },
    { behavior: 'immediate' },
  )
}

/** The lists a newsletter goes to. */
export function listsOfNewsletter(db: Reader_, newsletterId: number) {
  return db
    .select({ id: mailingLists.id, name: mailingLists.name })
    .from(newsletterLists)
    .innerJoin(mailingLists, eq(mailingLists.id, newsletterLists.listId))
    .where(eq(newsletterLists.newsletterId, newsletterId))
    .orderBy(asc(mailingLists.position), asc(mailingLists.id))
    .all()
}

/** Replaces a newsletter's lists with those of `listIds` that exist. */
export function setNewsletterLists(
  db: Pick<DB, 'select' | 'insert' | 'delete'>,
  newsletterId: number,
  listIds: number[],
) {
  db.delete(newsletterLists).where(eq(newsletterLists.newsletterId, newsletterId)).run()
  if (listIds.length === 0) return
  const known = db.select({ id: mailingLists.id }).from(mailingLists).where(inArray(mailingLists.id, listIds)).all()
  if (known.length)
    db.insert(newsletterLists)
      .values(known.map((l) => ({ newsletterId, listId: l.id })))
      .run()
}

// ─── The preference page ──────────────────────────────────────────────────

/** What the person agrees to by ticking a list, in their language: stored with the subscription. */
export function consentWording(language: Language, list: { name: LocalisedText; description: LocalisedText }) {
  return fixedT(language, 'newsletters')('preferences.consentWording', {
    name: loc(list.name, language),
    description: loc(list.description, language),
    interpolation: { escapeValue: false },
  })
}

function personByToken(db: Reader_, token: string) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null
  return (
    db
      .select({
        id: people.id,
        email: people.email,
        name: people.name,
        language: people.preferredLanguage,
        optedOutAt: people.newsletterOptOutAt,
        digestSince: people.newsletterDigestSince,
      })
      .from(people)
      .where(and(eq(people.unsubscribeToken, token), isNull(people.erasedAt)))
      .get() ?? null
  )
}

/** The person behind a preference link, their lists (in their language) and what they receive. */
export function preferencesByToken(db: Reader_, token: string, { newsletterId }: { newsletterId?: number } = {}) {
  const person = personByToken(db, token)
  if (!person) return null
  const mine = new Set(
    db
      .select({ listId: listSubscriptions.listId })
      .from(listSubscriptions)
      .where(and(eq(listSubscriptions.personId, person.id), open))
      .all()
      .map((r) => r.listId),
  )
  const sentFor = new Set(newsletterId ? listsOfNewsletter(db, newsletterId).map((l) => l.id) : [])
  const lists = db
    .select()
    .from(mailingLists)
    .orderBy(asc(mailingLists.position), asc(mailingLists.id))
    .all()
    .map((l) => ({
      id: l.id,
      name: loc(l.name, person.language),
      description: loc(l.description, person.language),
      subscribed: mine.has(l.id),
      sentFor: sentFor.has(l.id),
    }))
  return {
    email: person.email,
    language: person.language,
    subscribed: person.optedOutAt === null,
    digest: person.digestSince !== null,
    lists,
  }
}

/** Opens subscriptions (each with its consent wording in `language`); lists already open are kept. */
export function subscribe(db: Writer_, personId: number, listIds: number[], language: Language, now: Date) {
  if (!listIds.length) return
  const lists = db.select().from(mailingLists).where(inArray(mailingLists.id, listIds)).all()
  for (const l of lists)
    db.insert(listSubscriptions)
      .values({ personId, listId: l.id, language, wording: consentWording(language, l), subscribedAt: now })
      .onConflictDoNothing()
      .run()
}

/** Closes a person's subscriptions: these lists, or all of them. Returns how many were open. */
export function leave(db: Pick<DB, 'update'>, personId: number, listIds: number[] | 'all', now: Date): number {
  return db
    .update(listSubscriptions)
    .set({ unsubscribedAt: now })
    .where(
      and(
        eq(listSubscriptions.personId, personId),
        open,
        listIds === 'all' ? undefined : inArray(listSubscriptions.listId, listIds),
      ),
    )
    .run().changes
}

export type PreferencesInput = { listIds: number[]; digest: boolean }

/**
 * Saves the lists ticked and the digest choice. A list ticked now is a consent with the
 * wording shown; one unticked is left. Ticking any list undoes an earlier "unsubscribe from all".
 */
export function savePreferences(db: DB, token: string, input: PreferencesInput, now = new Date()) {
  return db.transaction(
    (tx) => {
      const person = personByToken(tx, token)
      if (!person) return null
      const current = new Set(
        tx
          .select({ listId: listSubscriptions.listId })
          .from(listSubscriptions)
          .where(and(eq(listSubscriptions.personId, person.id), open))
          .all()
          .map((r) => r.listId),
      )
      // Only lists that exist (a stale or forged id is ignored).
      const known = input.listIds.length
        ? tx.select({ id: mailingLists.id }).from(mailingLists).where(inArray(mailingLists.id, input.listIds)).all()
        : []
      const wanted = new Set(known.map((l) => l.id))
      const joined = [...wanted].filter((id) => !current.has(id))
      const left = [...current].filter((id) => !wanted.has(id))
      subscribe(tx, person.id, joined, person.language, now)
      leave(tx, person.id, left, now)
      const resubscribed = wanted.size > 0 && person.optedOutAt !== null
      tx.update(people)
        .set({
          newsletterDigestSince: input.digest ? (person.digestSince ?? now) : null,
          ...(resubscribed ? { newsletterOptOutAt: null } : {}),
          updatedAt: now,
        })
        .where(eq(people.id, person.id))
        .run()
      if (resubscribed) recordConsent(tx, { personId: person.id, kind: 'newsletter', language: person.language }, now)
      recordAudit(
        tx,
        {
          actorId: person.id,
          action: 'newsletter.preferencesSaved',
          entityType: 'person',
          entityId: person.id,
          details: { joined, left, digest: input.digest },
        },
        now,
      )
      return { joined: joined.length, left: left.length }
    },
    { behavior: 'immediate' },
  )
}

/**
 * One click from a mail (RFC 8058): the person leaves the lists that newsletter was sent
 * for. A mail sent to an audience alone (no lists) or a digest unsubscribes from all.
 */
export function unsubscribeFromMail(db: DB, token: string, newsletterId: number | null, now = new Date()) {
  const lists = newsletterId ? listsOfNewsletter(db, newsletterId) : []
  if (!lists.length) return setSubscribed(db, token, false, now) ? { all: true as const } : null
  return db.transaction(
    (tx) => {
      const person = personByToken(tx, token)
      if (!person) return null
      const ids = lists.map((l) => l.id)
      leave(tx, person.id, ids, now)
      recordAudit(
        tx,
        {
          actorId: person.id,
          action: 'newsletter.listsLeft',
          entityType: 'person',
          entityId: person.id,
          details: { lists: ids },
        },
        now,
      )
      return { all: false as const, lists: ids }
    },
    { behavior: 'immediate' },
  )
}

/**
 * "Unsubscribe from all" (every list closed, no newsletter at all) or subscribing again.
 * Subscribing is a consent (with the notice's wording version); unsubscribing withdraws it.
 */
export function setSubscribed(db: DB, token: string, subscribed: boolean, now = new Date()) {
  return db.transaction(
    (tx) => {
      const person = personByToken(tx, token)
      if (!person) return null
      tx.update(people)
        .set({
          newsletterOptOutAt: subscribed ? null : (person.optedOutAt ?? now),
          ...(subscribed ? {} : { newsletterDigestSince: null }),
          updatedAt: now,
        })
        .where(eq(people.id, person.id))
        .run()
      if (subscribed && person.optedOutAt)
        recordConsent(tx, { personId: person.id, kind: 'newsletter', language: person.language }, now)
      if (!subscribed) {
        withdrawConsent(tx, { personId: person.id, kind: 'newsletter' }, now)
        leave(tx, person.id, 'all', now)
      }
      recordAudit(
        tx,
        {
          actorId: person.id,
          action: subscribed ? 'newsletter.resubscribed' : 'newsletter.unsubscribed',
          entityType: 'person',
          entityId: person.id,
        },
        now,
      )
      return { ...person, optedOutAt: subscribed ? null : (person.optedOutAt ?? now) }
    },
    { behavior: 'immediate' },
  )
}

/** At sign-up with "send me the newsletters" ticked: the general lists and the person's region's own. */
export function subscribeAtSignup(
  db: Writer_,
  { personId, language, regionCode }: { personId: number; language: Language; regionCode: RegionCode | null },
  now = new Date(),
) {
  const ids = db
    .select({ id: mailingLists.id })
    .from(mailingLists)
    .where(
      regionCode
        ? or(isNull(mailingLists.regionCode), eq(mailingLists.regionCode, regionCode))
        : isNull(mailingLists.regionCode),
    )
    .all()
    .map((l) => l.id)
  subscribe(db, personId, ids, language, now)
}

/** A person's subscriptions with the wording they agreed to (their data export, staff's person page). */
export function subscriptionsOf(db: Reader_, personId: number) {
  return db
    .select({
      listId: listSubscriptions.listId,
      name: mailingLists.name,
      language: listSubscriptions.language,
      wording: listSubscriptions.wording,
      subscribedAt: listSubscriptions.subscribedAt,
      unsubscribedAt: listSubscriptions.unsubscribedAt,
    })
    .from(listSubscriptions)
    .innerJoin(mailingLists, eq(mailingLists.id, listSubscriptions.listId))
    .where(eq(listSubscriptions.personId, personId))
    .orderBy(asc(listSubscriptions.subscribedAt))
    .all()
}

/** The lists as the newsletter form offers them: name in the viewer's language and subscriber count. */
export function listOptions(db: Reader_, language: Language) {
  return listMailingLists(db).map((l) => ({ id: l.id, name: loc(l.name, language), subscribers: l.subscribers }))
}
