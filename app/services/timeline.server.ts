/**
 * The timelines of the person and structure pages: one SQL union per page, newest first,
 * paged here. The pieces they share name what an entry is about in the viewer's language.
 */
import { type SQL, sql } from 'drizzle-orm'

import type { DB } from '#db/client'
import type { Language } from '#db/domain'

export const TIMELINE_PAGE_SIZE = 30

export type TimelineEntry = {
  at: number
  kind: string
  /** What the entry is about (an event's title, a survey's, a mail's subject …), in the viewer's language. */
  about: string | null
  /** A status or detail key: registration status, record kind, delivery status, audit action. */
  detail: string | null
  /** Whose entry it is, on a structure's timeline (one of its people); null on a person's own. */
  who: string | null
  /** What an audit entry needs to be read (a role change's role and region, as JSON); else null. */
  extra: string | null
}

/** An event's title in `language`, else English, else its slug (`eventId` is a column name, not input). */
export function eventTitle(language: Language) {
  return (eventId: string) => {
    const id = sql.raw(eventId)
    return sql`coalesce(
      (select t.title from event_translations t where t.event_id = ${id} and t.language = ${language} and t.title <> ''),
      (select t.title from event_translations t where t.event_id = ${id} and t.language = 'en'),
      (select e.slug from events e where e.id = ${id}))`
  }
}

/** What a participation record (table alias `alias`) is about: its event, survey, statement or group. */
export function recordAbout(alias: string, language: Language) {
  const r = sql.raw(alias)
  const title = eventTitle(language)
  return sql`case ${r}.source_type
        when 'registration' then (select ${title('g2.event_id')} from registrations g2 where g2.id = ${r}.source_id)
        when 'survey' then (select coalesce(nullif(json_extract(sv.title, ${`$.${language}`}), ''), json_extract(sv.title, '$.en')) from surveys sv where sv.id = ${r}.source_id)
        when 'policy_statement' then (select ps.title from policy_statements ps where ps.id = ${r}.source_id)
        when 'working_group' then (select coalesce(nullif(json_extract(w.name, ${`$.${language}`}), ''), json_extract(w.name, '$.en')) from working_groups w where w.id = ${r}.source_id)
        when 'working_group_meeting' then (select ${title('m.event_id')} from working_group_meetings m where m.id = ${r}.source_id)
        when 'summit_participation' then (select ${title('sp2.event_id')} from summit_participations sp2 where sp2.id = ${r}.source_id)
        else null end`
}

/** One page of a timeline whose union selects `at, kind, about, detail, who, extra`. */
export function pagedTimeline(db: Pick<DB, 'get' | 'all'>, union: SQL, page: number) {
  const total = db.get<{ n: number }>(sql`select count(*) as n from (${union})`)!.n
  const pages = Math.max(1, Math.ceil(total / TIMELINE_PAGE_SIZE))
  const current = Math.min(Math.max(1, page), pages)
  const entries = db.all<TimelineEntry>(
    sql`select at, kind, about, detail, who, extra from (${union}) order by at desc limit ${TIMELINE_PAGE_SIZE} offset ${(current - 1) * TIMELINE_PAGE_SIZE}`,
  )
  return { total, page: current, pages, entries }
}
