/**
 * Reading a contact list as a table of text cells: CSV in any delimiter, with or without
 * a BOM, in UTF-8, UTF-16 or Windows-1252, or the first sheet of an XLSX workbook. A
 * formula is read as its text (`=…`), never evaluated; blank lines are dropped; every
 * row keeps the line (CSV) or row number (XLSX) staff see in their file.
 *
 * Both are read as streams, a piece at a time, giving the event loop a turn every few
 * milliseconds: a 10 MB file takes a second or two to read, and other requests are
 * answered meanwhile.
 */
import { Readable } from 'node:stream'

import { parse } from 'csv-parse'
import ExcelJS from 'exceljs'

import { sliceClock, yieldToLoop } from '~/lib/slices.server'

export type Table = { header: string[]; rows: { line: number; cells: string[] }[] }

export type FileProblem = 'notATable' | 'oldExcel' | 'empty' | 'noHeader'

export class ImportFileError extends Error {
  constructor(readonly reason: FileProblem) {
    super(`import file: ${reason}`)
  }
}

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04]
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b)

/** Bytes fed to the CSV parser at a time (decoded as they go; the loop gets a turn between pieces). */
const CSV_PIECE = 64 * 1024

/**
 * The file's text, a piece at a time: a BOM decides the encoding; otherwise UTF-8 if the
 * whole file is valid UTF-8, else Windows-1252 (`encoding` says which to try).
 */
function* textPieces(bytes: Uint8Array, encoding: 'utf-8' | 'windows-1252'): Generator<string> {
  let start = 0
  let decoder: TextDecoder
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) [decoder, start] = [new TextDecoder('utf-8'), 3]
  else if (startsWith(bytes, [0xff, 0xfe])) [decoder, start] = [new TextDecoder('utf-16le'), 2]
  else if (startsWith(bytes, [0xfe, 0xff])) [decoder, start] = [new TextDecoder('utf-16be'), 2]
  else decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' })
  for (let at = start; at < bytes.length; at += CSV_PIECE)
    yield decoder.decode(bytes.subarray(at, at + CSV_PIECE), { stream: at + CSV_PIECE < bytes.length })
}

/** The delimiter that splits the header line the most (outside quotes): comma, semicolon, tab or bar. */
export function guessDelimiter(text: string): string {
  const lines = /[^\r\n]*\S[^\r\n]*/.exec(text)
  const firstLine = lines?.[0] ?? ''
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ])
  let quoted = false
  for (const c of firstLine) {
    if (c === '"') quoted = !quoted
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1)
  }
  let best = ','
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d
  return best
}

// Control characters other than tab and line breaks do not occur in a contact list; they mean a binary file.
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/

type Row = { line: number; cells: string[] }

class NotUtf8 extends Error {}

async function readCsv(bytes: Uint8Array): Promise<Row[]> {
  try {
    return await parseCsv(textPieces(bytes, 'utf-8'))
  } catch (error) {
    if (error instanceof NotUtf8) return parseCsv(textPieces(bytes, 'windows-1252'))
    throw error
  }
}

/** The rows of CSV text, parsed a piece at a time with a turn of the event loop between pieces. */
async function parseCsv(pieces: Generator<string>): Promise<Row[]> {
  const rows: Row[] = []
  let parser: ReturnType<typeof parse> | null = null
  let failed = false
  let ended: Promise<void> = Promise.resolve()
  for (;;) {
    let piece: IteratorResult<string>
    try {
      piece = pieces.next()
    } catch {
      // Not valid UTF-8 (and no BOM said it was): the file is read again as Windows-1252.
      parser?.destroy()
      throw new NotUtf8()
    }
    if (piece.done) break
    if (!parser) {
      // The first piece decides: control characters mean a binary file; the header line, the delimiter.
      if (BINARY.test(piece.value)) throw new ImportFileError('notATable')
      const p = parse({
        delimiter: guessDelimiter(piece.value),
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        bom: true,
        info: true,
      })
      ended = new Promise<void>((resolve) => {
        p.on('end', resolve)
        p.on('error', () => {
          failed = true
          resolve()
        })
      })
      p.on('readable', () => {
        let r: { record: string[]; info: { lines: number } } | null
        // info.lines: the line the record ends on, as a text editor counts them.
        while ((r = p.read() as typeof r) !== null) rows.push({ line: r.info.lines, cells: r.record })
      })
      parser = p
    }
    if (failed) break
    parser.write(piece.value)
    await yieldToLoop()
  }
  if (!parser) return rows
  if (!failed) parser.end()
  await ended
  if (failed) throw new ImportFileError('notATable')
  return rows
}

/** A cell's text as staff see it in the sheet; a formula stays its text, never its value. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if ('formula' in value && value.formula) return `=${value.formula}`
  if ('sharedFormula' in value && value.sharedFormula) return `=${value.sharedFormula}`
  if ('richText' in value) return value.richText.map((r) => r.text).join('')
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue)
  return ''
}

/** The first sheet, read row by row from the zipped XML (styles read, so a date cell stays a date). */
async function readXlsx(bytes: Uint8Array): Promise<Row[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  })
  const clock = sliceClock()
  const rows: Row[] = []
  let sheets = 0
  try {
    for await (const sheet of reader) {
      sheets++
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const cells: string[] = []
        row.eachCell({ includeEmpty: true }, (cell, col) => {
          cells[col - 1] = cellText(cell.value)
        })
        rows.push({ line: row.number, cells: Array.from(cells, (c) => c ?? '') })
        await clock.turn()
      }
      break
    }
  } catch {
    throw new ImportFileError('notATable')
  }
  if (sheets === 0) throw new ImportFileError('empty')
  return rows
}

/** The file as a header and its rows (cells trimmed, blank rows dropped). */
export async function readTable(bytes: Uint8Array): Promise<Table> {
  if (bytes.length === 0) throw new ImportFileError('empty')
  if (startsWith(bytes, OLE_MAGIC)) throw new ImportFileError('oldExcel')
  const rows = startsWith(bytes, XLSX_MAGIC) ? await readXlsx(bytes) : await readCsv(bytes)
  const clock = sliceClock()
  const trimmed: Row[] = []
  for (const r of rows) {
    const cells = r.cells.map((c) => (c ?? '').trim())
    if (cells.some((c) => c !== '')) trimmed.push({ line: r.line, cells })
    await clock.turn()
  }
  if (trimmed.length === 0) throw new ImportFileError('empty')
  const [head, ...body] = trimmed
  if (head.cells.filter((c) => c !== '').length === 0) throw new ImportFileError('noHeader')
  if (body.length === 0) throw new ImportFileError('empty')
  const width = Math.max(head.cells.length, ...body.slice(0, 1000).map((r) => r.cells.length))
  for (const r of body) {
    if (r.cells.length !== width) r.cells = Array.from({ length: width }, (_, i) => r.cells[i] ?? '')
    await clock.turn()
  }
  return { header: Array.from({ length: width }, (_, i) => head.cells[i] ?? ''), rows: body }
}
