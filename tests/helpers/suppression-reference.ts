// The suppression rule as it was before it ran in slices: the reference the faster one must match.
/**
 * Complementary suppression of small counts (anonymous surveys, decision 008's "<5" rule).
 *
 * A table of counts is a set of cells and *lines*: each line is some cells (its members)
 * that add up to another cell (its total), like a row of a cross-tab and its row total.
 * A reader who sees all of a line but one member can work that member out by subtraction,
 * so hiding a small count alone protects nothing. `suppressCells` marks cells to hide so that
 *
 * 1. every narrowed count from 1 to SMALL_GROUP − 1 is hidden (zeros are not small, and
 *    a figure about everyone — nothing narrowed — is never small);
 * 2. when a hidden total is under SMALL_GROUP (a small group, or a zero hidden with one),
 *    all its line is hidden too, so no "0 (0 %)" sits next to a hidden small total ("nobody
 *    here said No" tells what the small group said);
 * 3. no line has exactly one unknown cell (members and total counted together): it gets a
 *    second hidden cell, the smallest shown member, zeros included — preferring one that takes
 *    no other cells along and whose other lines already hide a cell — repeated until nothing
 *    changes. A total hidden only as cover (5 or more) keeps its members that need not hide.
 *
 * A hidden cell is *unknown* unless the reader knows it anyway: figures the caller marks as
 * known (shown unfiltered elsewhere, structurally zero), and a zero whose line total is a
 * shown zero (counts are never negative). Known cells never serve as cover, and a line whose
 * only unknown cell has nothing left to cover it is public anyway (it is worked out from
 * figures everyone sees).
 *
 * The rule treats every line as an equation. Where the members do not add up to the
 * total — several answers allowed, respondents who skipped a question, people whose
 * region is unknown — the reader learns less than an equation would give, so the rule
 * hides at least as much as needed. Hidden cells all look the same on the page: showing
 * "<5" for the small ones and something else for the cover would tell which is which
 * (a "<5" beside a hidden 5 and a shown total of 6 is a 1).
 */
import { SMALL_GROUP } from '~/lib/survey-text'

/** A count that must be hidden once a view narrows the respondents (1 to SMALL_GROUP − 1). */
export const isSmall = (n: number) => n > 0 && n < SMALL_GROUP

/**
 * Where the lines are. A table can list them (`LineBuilder`) or compute them from the cells'
 * coordinates (a survey's whole table is too big to list).
 */
export interface LineSpace {
  readonly cellCount: number
  readonly lineCount: number
  /** The most lines one cell belongs to, and the most cells one line has. */
  readonly maxLinesPerCell: number
  readonly maxCellsPerLine: number
  /** Writes the ids of the lines `cell` belongs to into `out`; returns how many. */
  linesOf(cell: number, out: Int32Array): number
  /** Writes the cells of `line`, members first and its total last, into `out`; returns how many. */
  cellsOf(line: number, out: Int32Array): number
  /** The total of `line`, and how many cells it has (members and total). */
  totalOf(line: number): number
  lengthOf(line: number): number
}

/** Collects lines (members, then the total) for small tables. */
export class LineBuilder {
  private starts: number[] = [0]
  private buffer: number[] = []

  /** A line: `members` add up to `total`. */
  add(members: ArrayLike<number>, total: number) {
    for (let i = 0; i < members.length; i++) this.buffer.push(members[i])
    this.buffer.push(total)
    this.starts.push(this.buffer.length)
  }

  build(cellCount: number): LineSpace {
    const start = Int32Array.from(this.starts)
    const cells = Int32Array.from(this.buffer)
    const lineCount = start.length - 1
    const perCell = new Int32Array(cellCount + 1)
    for (const c of cells) perCell[c + 1]++
    let maxLinesPerCell = 1
    for (let i = 0; i < cellCount; i++) {
      maxLinesPerCell = Math.max(maxLinesPerCell, perCell[i + 1])
      perCell[i + 1] += perCell[i]
    }
    const cellLines = new Int32Array(cells.length)
    const fill = perCell.slice(0, cellCount)
    let maxCellsPerLine = 1
    for (let line = 0; line < lineCount; line++) {
      maxCellsPerLine = Math.max(maxCellsPerLine, start[line + 1] - start[line])
      for (let k = start[line]; k < start[line + 1]; k++) cellLines[fill[cells[k]]++] = line
    }
    return {
      cellCount,
      lineCount,
      maxLinesPerCell,
      maxCellsPerLine,
      linesOf(cell, out) {
        const n = perCell[cell + 1] - perCell[cell]
        out.set(cellLines.subarray(perCell[cell], perCell[cell + 1]))
        return n
      },
      cellsOf(line, out) {
        out.set(cells.subarray(start[line], start[line + 1]))
        return start[line + 1] - start[line]
      },
      totalOf: (line) => cells[start[line + 1] - 1],
      lengthOf: (line) => start[line + 1] - start[line],
    }
  }
}

export type SuppressionInput = {
  values: ArrayLike<number>
  lines: LineSpace
  /** Whether a cell narrows the respondents (a group, a filter); only those can be small (1 = narrowed). */
  narrowed: Uint8Array | ((cell: number) => boolean)
  /** Cells the reader knows anyway (1 = known): never chosen as cover, and no cover needed for them. */
  frozen?: Uint8Array
  /** Cells already hidden (1 = hidden), e.g. decided by a larger table these figures belong to. */
  hidden?: Uint8Array
  /** How much each cell matters to readers (higher: hidden only when nothing less important can cover). */
  weight?: Uint8Array
  /**
   * Cells that are always equal (the same figure reached two ways): `tied[c]` is the next cell of
   * c's ring of equal cells (c itself if none). Equal cells are hidden together.
   */
  tied?: Int32Array
}

/** Which cells to hide (1 = hidden). Deterministic: the same table always hides the same cells. */
export function suppressCells({
  values,
  lines,
  narrowed,
  frozen,
  hidden: seeds,
  tied,
  weight,
}: SuppressionInput): Uint8Array {
  const n = lines.cellCount
  const hidden = new Uint8Array(n)
  /** Hidden cells counted as unknown in their lines, and cells the reader can work out from known ones. */
  const counted = new Uint8Array(n)
  const derived = new Uint8Array(n)
  const hiddenInLine = new Int32Array(lines.lineCount)
  const unknownInLine = new Int32Array(lines.lineCount)
  const cells = new Int32Array(lines.maxCellsPerLine)
  const lineBuffers = [new Int32Array(lines.maxLinesPerCell), new Int32Array(lines.maxLinesPerCell)]
  /**
   * Does the reader know this cell without seeing it (given what is hidden now)? A zero is known when
   * one of its lines' totals is a zero the reader sees or knows: counts are never negative.
   */
  const depthLines = Array.from({ length: 10 }, () => new Int32Array(lines.maxLinesPerCell))
  const stamp = new Int32Array(n)
  const verdict = new Uint8Array(n)
  let generation = 0
  const knownZero = (cell: number, depth: number): boolean => {
    if (stamp[cell] === generation) return verdict[cell] === 1
    stamp[cell] = generation
    verdict[cell] = 0
    if ((frozen && frozen[cell]) || derived[cell]) return (verdict[cell] = 1) === 1
    if (values[cell] !== 0 || depth > 8) return false
    const ls = depthLines[depth]
    const count = lines.linesOf(cell, ls)
    for (let i = 0; i < count; i++) {
      const total = lines.totalOf(ls[i])
      if (total !== cell && values[total] === 0 && (!hidden[total] || knownZero(total, depth + 1)))
        return (verdict[cell] = 1) === 1
    }
    return false
  }
  const isKnown = (cell: number) => {
    if ((frozen && frozen[cell]) || derived[cell]) return true
    if (values[cell] !== 0) return false
    generation++
    return knownZero(cell, 0)
  }

  // Lines to look at again, first in first out.
  let queue = new Int32Array(1024)
  let head = 0
  let tail = 0
  const queued = new Uint8Array(lines.lineCount)
  const push = (line: number) => {
    if (queued[line]) return
    queued[line] = 1
    if (tail === queue.length) {
      queue.copyWithin(0, head, tail)
      tail -= head
      head = 0
      if (tail > queue.length / 2) {
        const bigger = new Int32Array(queue.length * 2)
        bigger.set(queue.subarray(0, tail))
        queue = bigger
      }
    }
    queue[tail++] = line
  }
  const count = (cell: number) => {
    counted[cell] = 1
    const ls = lineBuffers[0]
    const k = lines.linesOf(cell, ls)
    for (let i = 0; i < k; i++) {
      unknownInLine[ls[i]]++
      push(ls[i])
    }
  }
  const hideOne = (cell: number) => {
    if (hidden[cell]) return
    hidden[cell] = 1
    const ls = lineBuffers[0]
    const k = lines.linesOf(cell, ls)
    for (let i = 0; i < k; i++) {
      hiddenInLine[ls[i]]++
      push(ls[i])
    }
    if (!isKnown(cell)) count(cell)
  }
  const hide = (cell: number) => {
    hideOne(cell)
    if (tied) for (let c = tied[cell]; c !== cell; c = tied[c]) hideOne(c)
  }

  const isNarrowed = typeof narrowed === 'function' ? narrowed : (i: number) => narrowed[i] === 1
  for (let i = 0; i < n; i++)
    if ((seeds && seeds[i]) || (values[i] > 0 && values[i] < SMALL_GROUP && isNarrowed(i))) hide(i)

  /**
   * What hiding `cell` to cover `line` costs, in order: how much it matters (`weight`), its count, the
   * lines it leaves with a single unknown cell, and the cells it takes along (equal cells elsewhere, and
   * as a total under SMALL_GROUP its whole line).
   */
  const cost = (cell: number, line: number, out: Float64Array) => {
    const loss = values[cell]
    let along = 0
    let uncovered = 0
    const ls = lineBuffers[1]
    const k = lines.linesOf(cell, ls)
    for (let i = 0; i < k; i++) {
      const other = ls[i]
      if (other === line) continue
      if (lines.totalOf(other) === cell && values[cell] < SMALL_GROUP)
        along += lines.lengthOf(other) - 1 - hiddenInLine[other]
      else if (unknownInLine[other] === 0) uncovered++
    }
    // Equal cells are the same figure shown elsewhere: they hide with it (along), their count once.
    if (tied) for (let c = tied[cell]; c !== cell; c = tied[c]) if (!hidden[c]) along++
    out[0] = weight ? weight[cell] : 0
    out[1] = loss
    out[2] = uncovered
    out[3] = along
  }
  const candidate = new Float64Array(4)
  const best = new Float64Array(4)
  const cheaper = () => {
    for (let i = 0; i < 4; i++) if (candidate[i] !== best[i]) return candidate[i] < best[i]
    return false
  }

  /** The reader works `cell` out from its line's known cells: it is known, and so its lines may need cover. */
  const derive = (cell: number) => {
    derived[cell] = 1
    if (!counted[cell]) return
    counted[cell] = 0
    const ls = lineBuffers[0]
    const k = lines.linesOf(cell, ls)
    for (let i = 0; i < k; i++) {
      unknownInLine[ls[i]]--
      push(ls[i])
    }
  }
  /**
   * Recounts which hidden cells are unknown (a zero can become known or unknown as others hide), and
   * queues every line left with one unknown cell. Returns whether any was.
   */
  const settle = () => {
    unknownInLine.fill(0)
    const ls = lineBuffers[0]
    for (let c = 0; c < n; c++) {
      counted[c] = hidden[c] && !isKnown(c) ? 1 : 0
      if (!counted[c]) continue
      const k = lines.linesOf(c, ls)
      for (let i = 0; i < k; i++) unknownInLine[ls[i]]++
    }
    let found = false
    for (let line = 0; line < lines.lineCount; line++)
      if (unknownInLine[line] === 1) {
        push(line)
        found = true
      }
    return found
  }

  do {
    while (head < tail) {
      const line = queue[head++]
      queued[line] = 0
      const len = lines.cellsOf(line, cells)
      const total = cells[len - 1]
      // A hidden small total (or a hidden zero) takes its whole line along.
      if (hidden[total] && values[total] < SMALL_GROUP)
        for (let k = 0; k < len - 1; k++) if (!hidden[cells[k]]) hide(cells[k])
      if (unknownInLine[line] !== 1) continue
      let chosen = -1
      let unknown = -1
      for (let k = 0; k < len; k++) {
        const cell = cells[k]
        if (counted[cell]) unknown = cell
        if (hidden[cell] || isKnown(cell)) continue
        cost(cell, line, candidate)
        if (chosen < 0 || cheaper()) {
          chosen = cell
          best.set(candidate)
        }
      }
      if (chosen >= 0) hide(chosen)
      // Every other cell of the line is known: the reader works the last one out (it is public anyway).
      else if (unknown >= 0) derive(unknown)
    }
  } while (settle())
  return hidden
}
