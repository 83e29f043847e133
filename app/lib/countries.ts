/**
 * Countries as people read them: structures store the ISO 3166-1 alpha-2 code; pages show
 * the country's name in the reader's language (Intl.DisplayNames), and forms accept a code
 * or a name in any of the program's languages. Only the codes are listed here, never names.
 */
import type { Language } from '#db/domain'

import { foldForSearch } from './format'

/**
 * The 249 officially assigned ISO 3166-1 alpha-2 codes, and XK (Kosovo: user-assigned, but
 * the code the UN, the EU and Intl use; structures there had it before this list existed).
 */
export const COUNTRY_CODES = [
  'AD',
  'AE',
  'AF',
  'AG',
  'AI',
  'AL',
  'AM',
  'AO',
  'AQ',
  'AR',
  'AS',
  'AT',
  'AU',
  'AW',
  'AX',
  'AZ',
  'BA',
  'BB',
  'BD',
  'BE',
  'BF',
  'BG',
  'BH',
  'BI',
  'BJ',
  'BL',
  'BM',
  'BN',
  'BO',
  'BQ',
  'BR',
  'BS',
  'BT',
  'BV',
  'BW',
  'BY',
  'BZ',
  'CA',
  'CC',
  'CD',
  'CF',
  'CG',
  'CH',
  'CI',
  'CK',
  'CL',
  'CM',
  'CN',
  'CO',
  'CR',
  'CU',
  'CV',
  'CW',
  'CX',
  'CY',
  'CZ',
  'DE',
  'DJ',
  'DK',
  'DM',
  'DO',
  'DZ',
  'EC',
  'EE',
  'EG',
  'EH',
  'ER',
  'ES',
  'ET',
  'FI',
  'FJ',
  'FK',
  'FM',
  'FO',
  'FR',
  'GA',
  'GB',
  'GD',
  'GE',
  'GF',
  'GG',
  'GH',
  'GI',
  'GL',
  'GM',
  'GN',
  'GP',
  'GQ',
  'GR',
  'GS',
  'GT',
  'GU',
  'GW',
  'GY',
  'HK',
  'HM',
  'HN',
  'HR',
  'HT',
  'HU',
  'ID',
  'IE',
  'IL',
  'IM',
  'IN',
  'IO',
  'IQ',
  'IR',
  'IS',
  'IT',
  'JE',
  'JM',
  'JO',
  'JP',
  'KE',
  'KG',
  'KH',
  'KI',
  'KM',
  'KN',
  'KP',
  'KR',
  'KW',
  'KY',
  'KZ',
  'LA',
  'LB',
  'LC',
  'LI',
  'LK',
  'LR',
  'LS',
  'LT',
  'LU',
  'LV',
  'LY',
  'MA',
  'MC',
  'MD',
  'ME',
  'MF',
  'MG',
  'MH',
  'MK',
  'ML',
  'MM',
  'MN',
  'MO',
  'MP',
  'MQ',
  'MR',
  'MS',
  'MT',
  'MU',
  'MV',
  'MW',
  'MX',
  'MY',
  'MZ',
  'NA',
  'NC',
  'NE',
  'NF',
  'NG',
  'NI',
  'NL',
  'NO',
  'NP',
  'NR',
  'NU',
  'NZ',
  'OM',
  'PA',
  'PE',
  'PF',
  'PG',
  'PH',
  'PK',
  'PL',
  'PM',
  'PN',
  'PR',
  'PS',
  'PT',
  'PW',
  'PY',
  'QA',
  'RE',
  'RO',
  'RS',
  'RU',
  'RW',
  'SA',
  'SB',
  'SC',
  'SD',
  'SE',
  'SG',
  'SH',
  'SI',
  'SJ',
  'SK',
  'SL',
  'SM',
  'SN',
  'SO',
  'SR',
  'SS',
  'ST',
  'SV',
  'SX',
  'SY',
  'SZ',
  'TC',
  'TD',
  'TF',
  'TG',
  'TH',
  'TJ',
  'TK',
  'TL',
  'TM',
  'TN',
  'TO',
  'TR',
  'TT',
  'TV',
  'TW',
  'TZ',
  'UA',
  'UG',
  'UM',
  'US',
  'UY',
  'UZ',
  'VA',
  'VC',
  'VE',
  'VG',
  'VI',
  'VN',
  'VU',
  'WF',
  'WS',
  'XK',
  'YE',
  'YT',
  'ZA',
  'ZM',
  'ZW',
] as const

const CODES = new Set<string>(COUNTRY_CODES)
const locales: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES' }

const namers = new Map<string, Intl.DisplayNames>()
function namer(locale: string): Intl.DisplayNames {
  let n = namers.get(locale)
  if (!n) {
    n = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' })
    namers.set(locale, n)
  }
  return n
}

/** "Colombia", "Colombie": a country code's name in the reader's language (the code itself when unknown). */
export function countryName(code: string | null | undefined, language: Language): string {
  if (!code) return ''
  const upper = code.toUpperCase()
  if (!/^[A-Z]{2}$/.test(upper)) return code
  try {
    return namer(locales[language]).of(upper) ?? upper
  } catch {
    return upper
  }
}

/** Every country for a picker, by name in the reader's language. */
export function countryOptions(language: Language): { code: string; name: string }[] {
  const collator = new Intl.Collator(locales[language])
  return COUNTRY_CODES.map((code) => ({ code, name: countryName(code, language) })).sort((a, b) =>
    collator.compare(a.name, b.name),
  )
}

/** A name as a comparison sees it: no accents, case, apostrophe styles, dots or extra spaces. */
const key = (text: string) =>
  foldForSearch(text)
    .replace(/[’‘`´]/g, "'")
    .replace(/\./g, '')
    .replace(/\s+/g, ' ')
    .trim()

let byName: Map<string, string> | undefined
function namesIndex(): Map<string, string> {
  if (!byName) {
    byName = new Map()
    // English as the US and the UK write it, French and Spanish: what people type.
    for (const locale of ['en-GB', 'en-US', 'fr-FR', 'es-ES'])
      for (const code of COUNTRY_CODES) byName.set(key(namer(locale).of(code) ?? code), code)
  }
  return byName
}

/** The ISO code for what someone typed: a code ("co", "CO") or a country's name in English, French or Spanish. */
export function countryCode(input: string): string | null {
  const text = input.trim()
  if (/^[A-Za-z]{2}$/.test(text)) return CODES.has(text.toUpperCase()) ? text.toUpperCase() : null
  if (!text || text.length > 100) return null
  return namesIndex().get(key(text)) ?? null
}
