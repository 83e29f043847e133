/**
 * The subtraction attack, as a reader with a calculator would run it on what pages and files
 * show: every line is "members add up to the total"; a line with exactly one figure not known
 * gives that figure, which may make another line solvable, and so on until nothing changes.
 * Figures are named by strings; a figure that is hidden is `null`, one never shown is absent.
 */
export type CheckLine = { members: string[]; total: string }

/**
 * Hidden figures the reader can compute, with their values (a hidden zero in a line whose shown total
 * is zero is not counted: counts are never negative, so it says nothing a reader did not know).
 */
export function recomputable(lines: CheckLine[], shown: Map<string, number | null>): Map<string, number> {
  const underZero = new Set(lines.filter((l) => shown.get(l.total) === 0).flatMap((l) => l.members))
  const known = new Map<string, number>()
  for (const [k, v] of shown) if (v !== null) known.set(k, v)
  const found = new Map<string, number>()
  let changed = true
  while (changed) {
    changed = false
    for (const line of lines) {
      const all = [...line.members, line.total]
      const unknown = all.filter((k) => !known.has(k))
      if (unknown.length !== 1) continue
      const [missing] = unknown
      const value =
        missing === line.total
          ? line.members.reduce((a, k) => a + known.get(k)!, 0)
          : known.get(line.total)! - line.members.reduce((a, k) => a + (k === missing ? 0 : known.get(k)!), 0)
      known.set(missing, value)
      if (shown.has(missing) && !(value === 0 && underZero.has(missing))) found.set(missing, value)
      changed = true
    }
  }
  return found
}

/**
 * Lines whose total is a small group (under 5, `actual` says) that is hidden, while one of its
 * members is shown: a "0 (0 %)" next to a hidden "<5" says what everyone in the small group answered.
 */
export function shownBesideHiddenTotal(
  lines: CheckLine[],
  shown: Map<string, number | null>,
  actual: Map<string, number>,
): CheckLine[] {
  return lines.filter(
    (l) =>
      shown.get(l.total) === null &&
      (actual.get(l.total) ?? 0) < 5 &&
      l.members.some((m) => shown.has(m) && shown.get(m) !== null),
  )
}
