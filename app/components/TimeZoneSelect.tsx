import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'

import { foldForSearch } from '~/lib/format'
import { zoneOptions } from '~/lib/zone-options'

/**
 * A time-zone picker: every IANA zone with its offset and its name in the reader's language,
 * sorted by offset; once the page is interactive a search box above narrows the list as you
 * type (a city, a country's zone name, "+05:30"). The zone already chosen stays in the list
 * even if Intl spells it differently. With `detect`, the browser's own zone is preselected.
 */
export function TimeZoneSelect({
  inputProps,
  zones,
  value,
  detect = false,
}: {
  inputProps: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string }
  zones: string[]
  value: string
  detect?: boolean
}) {
  const { t, i18n } = useTranslation()
  const list = zones.includes(value) ? zones : [value, ...zones]
  const [chosen, setChosen] = useState(value)
  const [query, setQuery] = useState('')
  // The server and the browser may hold different Intl data: the rich labels (offsets, names
  // in the reader's language) and the search box come once the page is interactive.
  const [interactive, setInteractive] = useState(false)
  useEffect(() => setInteractive(true), [])
  // The list only changes with the chosen zone (kept in it) or the language.
  const listKey = `${list.length}|${list[0]}`
  const options = useMemo(
    () => (interactive ? zoneOptions(list, i18n.language) : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [interactive, listKey, i18n.language],
  )
  useEffect(() => setChosen(value), [value])
  useEffect(() => {
    if (!detect) return
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
    if (options.some((o) => o.id === zone)) setChosen(zone)
  }, [detect, options])
  const needle = foldForSearch(query.trim()).replace('−', '-')
  const shown = needle ? options.filter((o) => o.id === chosen || o.search.replace('−', '-').includes(needle)) : options
  return (
    <div className="zone-picker">
      {interactive ? (
        <input
          type="search"
          className="zone-search"
          aria-label={t('zonePicker.search')}
          aria-controls={inputProps.id}
          placeholder={t('zonePicker.placeholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value)
            const q = foldForSearch(e.target.value.trim()).replace('−', '-')
            const first = q ? options.find((o) => o.search.replace('−', '-').includes(q)) : undefined
            if (first) setChosen(first.id)
          }}
        />
      ) : null}
      <select
        {...inputProps}
        value={chosen}
        onChange={(e) => setChosen(e.target.value)}
        size={needle ? Math.min(6, Math.max(2, shown.length)) : undefined}
      >
        {interactive
          ? shown.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))
          : list.map((z) => (
              <option key={z} value={z}>
                {z.replaceAll('_', ' ')}
              </option>
            ))}
      </select>
    </div>
  )
}
