import { type GlossaryMarker, glossSegments } from '~/lib/glossary'

/**
 * Plain text with the first occurrence of each glossary term shown as an abbreviation
 * (its expansion in the reader's language). One marker per document: pass the same one to
 * every piece of text of that document.
 */
export function Glossed({ text, marker }: { text: string; marker: GlossaryMarker }) {
  return (
    <>
      {glossSegments(text, marker).map((s, i) =>
        s.expansion ? (
          <abbr key={i} title={s.expansion}>
            {s.text}
          </abbr>
        ) : (
          s.text
        ),
      )}
    </>
  )
}
