/** Lists of people pasted by staff (attendance, nominations, volunteers): one person per line, plain or CSV. */

export type LineProblem = { line: number; text: string; reason: 'noEmail' | 'unknown' }

/** The first email address on each line of a pasted list or CSV. */
export function emailsByLine(text: string): { line: number; text: string; email: string | null }[] {
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ line: i + 1, text: raw.trim() }))
    .filter((l) => l.text.length > 0)
    .map((l) => ({ ...l, email: l.text.match(/[^\s,;<>"']+@[^\s,;<>"']+\.[^\s,;<>"']+/)?.[0]?.toLowerCase() ?? null }))
}
