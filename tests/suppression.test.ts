/**
 * The suppression rule on its own (app/lib/suppression.ts): small counts hidden, and enough
 * other figures hidden with them that none can be worked out by subtraction.
 */
import { describe, expect, it } from 'vitest'

import { isSmall, LineBuilder, suppress1D, suppress2D, suppressCells } from '~/lib/suppression'

import { type CheckLine, recomputable, shownBesideHiddenTotal } from './helpers/disclosure'

/** A 2-D table as the reader sees it: hidden figures are null. */
function seen(table: { cells: number[][]; rowTotals: number[]; columnTotals: number[]; grandTotal: number }) {
  const marks = suppress2D({ table, marginsNarrowed: true })
  const shown = new Map<string, number | null>()
  const actual = new Map<string, number>()
  table.cells.forEach((row, r) => row.forEach((v, c) => shown.set(`${r},${c}`, marks.cells[r][c] ? null : v)))
  table.rowTotals.forEach((v, r) => shown.set(`${r},T`, marks.rowTotals[r] ? null : v))
  table.columnTotals.forEach((v, c) => shown.set(`T,${c}`, marks.columnTotals[c] ? null : v))
  shown.set('T,T', marks.grandTotal ? null : table.grandTotal)
  table.cells.forEach((row, r) => row.forEach((v, c) => actual.set(`${r},${c}`, v)))
  table.rowTotals.forEach((v, r) => actual.set(`${r},T`, v))
  table.columnTotals.forEach((v, c) => actual.set(`T,${c}`, v))
  actual.set('T,T', table.grandTotal)
  const R = table.cells.length
  const C = table.columnTotals.length
  const lines: CheckLine[] = [
    ...Array.from({ length: R }, (_, r) => ({
      members: Array.from({ length: C }, (_, c) => `${r},${c}`),
      total: `${r},T`,
    })),
    ...Array.from({ length: C }, (_, c) => ({
      members: Array.from({ length: R }, (_, r) => `${r},${c}`),
      total: `T,${c}`,
    })),
    { members: Array.from({ length: C }, (_, c) => `T,${c}`), total: 'T,T' },
    { members: Array.from({ length: R }, (_, r) => `${r},T`), total: 'T,T' },
  ]
  return { marks, shown, lines, actual }
}

/** A table of `rows` × `columns` random counts (many small ones) with its totals. */
function randomTable(rand: () => number, rows: number, columns: number) {
  const cells = Array.from({ length: rows }, () =>
    Array.from({ length: columns }, () => {
      const x = rand()
      return x < 0.3 ? 0 : x < 0.6 ? 1 + Math.floor(rand() * 4) : Math.floor(rand() * 30)
    }),
  )
  const rowTotals = cells.map((r) => r.reduce((a, b) => a + b, 0))
  const columnTotals = Array.from({ length: columns }, (_, c) => cells.reduce((a, r) => a + r[c], 0))
  return { cells, rowTotals, columnTotals, grandTotal: rowTotals.reduce((a, b) => a + b, 0) }
}

describe('complementary suppression', () => {
  it('a breakdown: a "<5" beside a shown total gets a second hidden figure (the smallest, zeros included)', () => {
    // AFRALO in the audit: Oui 1 · Non 5 · answered 6. Hiding only Oui gave Oui = 6 − 5.
    expect(suppress1D({ counts: [1, 5], total: 6, totalNarrowed: true })).toEqual({
      counts: [true, true],
      total: false,
    })
    // The smallest shown figure covers, a zero first.
    expect(suppress1D({ counts: [2, 9, 0, 14], total: 25 }).counts).toEqual([true, false, true, false])
    // Nothing small: nothing hidden.
    expect(suppress1D({ counts: [5, 0, 7], total: 12, totalNarrowed: true })).toEqual({
      counts: [false, false, false],
      total: false,
    })
  })

  it('a hidden total hides its whole line: no "0 (0 %)" next to a "<5"', () => {
    // APRALO in the audit: Oui 3 · Non 0 · answered 3.
    expect(suppress1D({ counts: [3, 0], total: 3, totalNarrowed: true })).toEqual({
      counts: [true, true],
      total: true,
    })
    // A figure about everyone (not narrowed) is never small by itself.
    expect(suppress1D({ counts: [3, 0], total: 3 }).total).toBe(false)
  })

  it('a cross-tab: rows, columns and both margins leave nothing to subtract, and the cover prefers cells that close two lines', () => {
    // French ALAC members by region: Oui, Non, answered.
    const table = {
      cells: [
        [1, 5], // AFRALO
        [3, 0], // APRALO
        [9, 7], // EURALO
        [6, 8], // LACRALO
        [12, 10], // NARALO
      ],
      rowTotals: [6, 3, 16, 14, 22],
      columnTotals: [31, 30],
      grandTotal: 61,
    }
    const { marks, shown, lines, actual } = seen(table)
    expect(marks.cells[0]).toEqual([true, true])
    expect(marks.cells[1]).toEqual([true, true])
    expect(marks.rowTotals[1]).toBe(true)
    expect(recomputable(lines, shown).size).toBe(0)
    expect(shownBesideHiddenTotal(lines, shown, actual)).toEqual([])
    // Oui and Non each have two hidden cells already (AFRALO, APRALO): nothing else needed.
    expect(marks.cells.slice(2).flat().some(Boolean)).toBe(false)
    expect(marks.columnTotals).toEqual([false, false])
  })

  it('on a thousand random tables, every small figure is hidden and no hidden figure can be worked out', () => {
    let seed = 7
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    for (let i = 0; i < 1000; i++) {
      const table = randomTable(rand, 1 + Math.floor(rand() * 6), 1 + Math.floor(rand() * 5))
      const { marks, shown, lines, actual } = seen(table)
      table.cells.forEach((row, r) => row.forEach((v, c) => isSmall(v) && expect(marks.cells[r][c]).toBe(true)))
      expect(recomputable(lines, shown), JSON.stringify(table)).toEqual(new Map())
      expect(shownBesideHiddenTotal(lines, shown, actual), JSON.stringify(table)).toEqual([])
      // The same table always hides the same cells.
      expect(suppress2D({ table, marginsNarrowed: true })).toEqual(marks)
    }
  })

  it('several answers allowed: options add up to more than the total, yet one hidden option could be pinned', () => {
    // 10 answered; options ticked by 6, 4 and 0. Each of the 10 ticked at least one, so the hidden one is
    // at least 10 − 6 − 0 = 4, and a hidden count is under 5: it is 4. A second hidden option (the 0)
    // leaves only "these two add up to at least 4".
    expect(suppress1D({ counts: [6, 4, 0], total: 10, totalNarrowed: true }).counts).toEqual([false, true, true])
  })

  it('never picks a figure known anyway as cover, and gives up only when every other figure is known', () => {
    const lines = new LineBuilder()
    lines.add([0, 1, 2], 3)
    // 1 is frozen (shown unfiltered elsewhere): 2 covers 0, although 1 is smaller.
    const hidden = suppressCells({
      values: [2, 6, 9, 17],
      lines: lines.build(4),
      narrowed: () => true,
      frozen: Uint8Array.from([0, 1, 0, 0]),
    })
    expect([...hidden]).toEqual([1, 0, 1, 0])
    const alone = new LineBuilder()
    alone.add([0, 1], 2)
    expect([
      ...suppressCells({
        values: [2, 6, 8],
        lines: alone.build(3),
        narrowed: (i) => i === 0,
        frozen: Uint8Array.from([0, 1, 1]),
      }),
    ]).toEqual([1, 0, 0])
  })
})
