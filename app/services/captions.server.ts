/**
 * Caption files (WebVTT) for an event's recording, one per language. Each upload is checked
 * with a real WebVTT parser (webvtt-parser, the W3C validator's); a bad file is refused with
 * the line of each problem. The recording page offers the tracks to its player and shows the
 * transcript as text. See decision 031.
 */
import { and, asc, eq } from 'drizzle-orm'
import webvtt, { type TreeNode } from 'webvtt-parser'

import type { DB } from '#db/client'
import { captionTracks, type Language } from '#db/schema'

import { recordAudit } from './audit.server'
import type { ActorCtx } from './context'

// A CommonJS package: its class comes from the default export under Node's ESM.
const { WebVTTParser } = webvtt
type Reader_ = Pick<DB, 'select'>
export const MAX_CAPTION_BYTES = 512 * 1024

export type CaptionProblem = { key: string; line: number; detail: string }
export type TranscriptCue = { start: number; end: number; text: string }

/** The problems the parser reports that staff meet most, in their words; the rest keep the parser's text. */
function problemKey(message: string): string {
  if (/signature/i.test(message)) return 'signature'
  if (/timestamp|-->|time/i.test(message)) return 'timing'
  return 'other'
}

function plain(nodes: TreeNode[]): string {
  return nodes
    .map((n) => (n.type === 'text' ? n.value : 'children' in n ? plain(n.children as TreeNode[]) : ''))
    .join('')
}

/** Parses a caption file; problems carry their line (1-based) and a key under `captions.errors`. */
export function parseCaptions(
  input: string,
): { ok: true; vtt: string; cues: TranscriptCue[] } | { ok: false; problems: CaptionProblem[] } {
  const vtt = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  if (!vtt.trim()) return { ok: false, problems: [{ key: 'empty', line: 1, detail: '' }] }
  const result = new WebVTTParser().parse(vtt, 'subtitles')
  if (result.errors.length)
    return {
      ok: false,
      problems: result.errors.slice(0, 10).map((e) => ({
        key: problemKey(e.message),
        // A timing line the parser could not read is taken for a cue's name, and reported on the line after it.
        line: /identifier needs to be followed by timestamp/i.test(e.message) ? Math.max(1, e.line - 1) : e.line,
        detail: e.message,
      })),
    }
  if (!result.cues.length) return { ok: false, problems: [{ key: 'noCues', line: 1, detail: '' }] }
  return {
    ok: true,
    vtt,
    cues: result.cues.map((c) => ({
      start: c.startTime,
      end: c.endTime,
      text: plain(c.tree.children).replace(/\s+/g, ' ').trim(),
    })),
  }
}

export function saveCaptions(
  db: DB,
  input: { eventId: number; language: Language; text: string },
  { actorId, now = new Date() }: ActorCtx,
): { ok: true; cues: number } | { ok: false; problems: CaptionProblem[] } {
  const parsed = parseCaptions(input.text)
  if (!parsed.ok) return parsed
  const values = {
    vtt: parsed.vtt,
    cueCount: parsed.cues.length,
    transcript: parsed.cues.map(({ start, text }) => ({ start, text })),
    updatedAt: now,
  }
  db.transaction((tx) => {
    tx.insert(captionTracks)
      .values({ eventId: input.eventId, language: input.language, ...values })
      .onConflictDoUpdate({ target: [captionTracks.eventId, captionTracks.language], set: values })
      .run()
    recordAudit(
      tx,
      {
        actorId,
        action: 'captions.saved',
        entityType: 'event',
        entityId: input.eventId,
        details: { language: input.language, cues: parsed.cues.length },
      },
      now,
    )
  })
  return { ok: true, cues: parsed.cues.length }
}

export function removeCaptions(db: DB, eventId: number, language: Language, { actorId, now = new Date() }: ActorCtx) {
  const r = db
    .delete(captionTracks)
    .where(and(eq(captionTracks.eventId, eventId), eq(captionTracks.language, language)))
    .run()
  if (r.changes)
    recordAudit(
      db,
      { actorId, action: 'captions.removed', entityType: 'event', entityId: eventId, details: { language } },
      now,
    )
  return r.changes > 0
}

/** The caption tracks of an event (no file contents), in language order. */
export function listCaptions(db: Reader_, eventId: number) {
  return db
    .select({ language: captionTracks.language, cueCount: captionTracks.cueCount, updatedAt: captionTracks.updatedAt })
    .from(captionTracks)
    .where(eq(captionTracks.eventId, eventId))
    .orderBy(asc(captionTracks.language))
    .all()
}

export function captionFile(db: Reader_, eventId: number, language: Language): string | null {
  return (
    db
      .select({ vtt: captionTracks.vtt })
      .from(captionTracks)
      .where(and(eq(captionTracks.eventId, eventId), eq(captionTracks.language, language)))
      .get()?.vtt ?? null
  )
}

/** Every track's transcript (cue texts with their start), for the recording page: kept at upload, not parsed here. */
export function transcripts(db: Reader_, eventId: number) {
  return db
    .select({
      language: captionTracks.language,
      transcript: captionTracks.transcript,
      cueCount: captionTracks.cueCount,
      vtt: captionTracks.vtt,
    })
    .from(captionTracks)
    .where(eq(captionTracks.eventId, eventId))
    .orderBy(asc(captionTracks.language))
    .all()
    .map((t) => {
      if (t.transcript.length || !t.cueCount) return { language: t.language, cues: t.transcript }
      // A track stored before transcripts were kept: read it from the file.
      const parsed = parseCaptions(t.vtt)
      return { language: t.language, cues: parsed.ok ? parsed.cues.map(({ start, text }) => ({ start, text })) : [] }
    })
}
