import fs from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { namespaces, resources } from '~/i18n'
import { pageTitle } from '~/lib/meta'

function leaves(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
    if (v && typeof v === 'object') for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv)
    else out.set(prefix + k, String(v))
  }
  return out
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(p)
    return /\.(tsx?|ts)$/.test(e.name) ? [p] : []
  })
}

describe('translations', () => {
  it('has every key in English, French and Spanish, and no empty text', () => {
    for (const ns of namespaces) {
      const en = leaves(resources.en[ns])
      for (const lang of ['fr', 'es'] as const) {
        const other = leaves(resources[lang][ns])
        const missing = [...en.keys()].filter((k) => !other.has(k))
        const extra = [...other.keys()].filter((k) => !en.has(k))
        expect({ ns, lang, missing, extra }).toEqual({ ns, lang, missing: [], extra: [] })
        for (const [k, v] of other) expect(v.trim(), `${lang}/${ns}:${k}`).not.toBe('')
      }
      for (const [k, v] of en) expect(v.trim(), `en/${ns}:${k}`).not.toBe('')
    }
  })

  it('keeps the same {{placeholders}} in every language', () => {
    for (const ns of namespaces) {
      const en = leaves(resources.en[ns])
      for (const lang of ['fr', 'es'] as const) {
        const other = leaves(resources[lang][ns])
        for (const [k, v] of en) {
          const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort()
          expect(vars(other.get(k) ?? ''), `${lang}/${ns}:${k}`).toEqual(vars(v))
        }
      }
    }
  })

  it('defines every literal key the code asks for', () => {
    const files = [...sourceFiles('app'), ...sourceFiles('emails')]
    const missing: string[] = []
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8')
      // The namespace a file's useTranslation/fixedT uses by default.
      const defaultNs =
        text.match(/useTranslation\('(\w+)'\)/)?.[1] ?? text.match(/fixedT\(\w+, '(\w+)'\)/)?.[1] ?? 'common'
      for (const m of text.matchAll(/\bt\('([^']+)'/g)) {
        const [ns, key] = m[1].includes(':') ? m[1].split(':') : [defaultNs, m[1]]
        const tree = leaves((resources.en as Record<string, unknown>)[ns] ?? {})
        if (!tree.has(key)) missing.push(`${file}: ${ns}:${key}`)
      }
      // Page titles: pageTitle(matches, 'key') looks up common:titles.key.
      for (const m of text.matchAll(/pageTitle\(matches, '([^']+)'/g)) {
        if (!leaves(resources.en.common).has(`titles.${m[1]}`)) missing.push(`${file}: common:titles.${m[1]}`)
      }
      // Keys carried in data (notices, error keys) are looked up in `common`.
      for (const m of text.matchAll(/'((?:errors|notices)\.[\w.]+)'/g)) {
        if (!leaves(resources.en.common).has(m[1])) missing.push(`${file}: common:${m[1]}`)
      }
    }
    expect(missing).toEqual([])
  })
})

describe('page titles', () => {
  it('follow the viewer’s language', () => {
    const matches = (language: string) => [{ id: 'root', data: { language } }]
    expect(pageTitle(matches('fr'), 'login')).toEqual([{ title: 'Connexion · Gestionnaire de programme At-Large' }])
    expect(pageTitle(matches('es'), null, 'Seguridad y estabilidad')).toEqual([
      { title: 'Seguridad y estabilidad · Gestor de programas At-Large' },
    ])
    expect(pageTitle([], null)).toEqual([{ title: 'At-Large Program Manager' }])
  })
})
