import type { Ref } from 'react'

/** IANA zones, with the zone already chosen kept in the list even if Intl spells it differently. */
export function TimeZoneSelect({
  inputProps,
  zones,
  value,
  selectRef,
}: {
  inputProps: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string }
  zones: string[]
  value: string
  selectRef?: Ref<HTMLSelectElement>
}) {
  const list = zones.includes(value) ? zones : [value, ...zones]
  return (
    <select {...inputProps} ref={selectRef} defaultValue={value}>
      {list.map((z) => (
        <option key={z} value={z}>
          {z.replaceAll('_', ' ')}
        </option>
      ))}
    </select>
  )
}
