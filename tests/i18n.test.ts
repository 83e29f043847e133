// The server's i18n module initialises the default instance that page titles read.
import '~/i18n.server'

import fs from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { isNamespace, namespaces } from '~/i18n'
import { resources } from '~/i18n.resources.server'
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

  it('uses one word per thing in each language, and never the English product name in French or Spanish', () => {
    // Spanish says "seminario web" everywhere (never "webinario"); the product has a name in each language.
    const avoid: Record<'fr' | 'es', RegExp> = { fr: /Program Manager/, es: /Program Manager|webinario/i }
    for (const ns of namespaces)
      for (const lang of ['fr', 'es'] as const)
        for (const [k, v] of leaves(resources[lang][ns])) expect(v, `${lang}/${ns}:${k}`).not.toMatch(avoid[lang])
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
        // A plural key ({ count }) exists as key_one/key_other.
        if (!tree.has(key) && !tree.has(`${key}_other`)) missing.push(`${file}: ${ns}:${key}`)
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

/** The module an import names, if it is the app's own browser code (not a `.server` module, not a package). */
function resolveImport(from: string, spec: string): string | null {
  if (spec.includes('.server')) return null
  const base = spec.startsWith('~/')
    ? path.join('app', spec.slice(2))
    : spec.startsWith('.')
      ? path.join(path.dirname(from), spec)
      : null
  if (!base) return null
  return (
    ['', '.tsx', '.ts', '/index.tsx', '/index.ts']
      .map((e) => base + e)
      .find((f) => fs.existsSync(f) && fs.statSync(f).isFile()) ?? null
  )
}

/**
 * The namespaces a route's code uses, with every component and helper it imports, directly
 * or through another (what the browser must have before it draws the page).
 */
function usedNamespaces(file: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>()
  if (seen.has(file)) return out
  seen.add(file)
  const text = fs.readFileSync(file, 'utf8')
  for (const m of text.matchAll(/useTranslation\(\s*(?:'(\w+)'|\[([^\]]*)\])?/g)) {
    if (m[2] !== undefined) for (const ns of m[2].match(/\w+/g) ?? []) out.add(ns)
    else out.add(m[1] ?? 'common')
  }
  // A key with its namespace, wherever it is written (`t('surveys:surveys.waiting')`, an error key in data), or a
  // fixed `t` for a namespace.
  for (const m of text.matchAll(/['`"](\w+):[A-Za-z]/g)) if (isNamespace(m[1])) out.add(m[1])
  for (const m of text.matchAll(/getFixedT\([^,)]*,\s*'(\w+)'/g)) out.add(m[1])
  for (const m of text.matchAll(/\bns:\s*'(\w+)'/g)) out.add(m[1])
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
    if (/^import\s+type\s/.test(m[0])) continue
    const found = resolveImport(file, m[1])
    if (found) for (const ns of usedNamespaces(found, seen)) out.add(ns)
  }
  return out
}

/** What a route declares in `export const handle = { i18n: [...] }`. */
function declaredNamespaces(text: string): string[] {
  return text.match(/export const handle = \{[^}]*?\bi18n: \[([^\]]*)\][^}]*\}/)?.[1].match(/\w+/g) ?? []
}

describe('translations in the browser', () => {
  it('each page declares every namespace its code uses (handle.i18n), and none of them is emails', () => {
    const problems: string[] = []
    for (const file of fs.readdirSync('app/routes').filter((f) => f.endsWith('.tsx'))) {
      const full = path.join('app/routes', file)
      const text = fs.readFileSync(full, 'utf8')
      if (!/export default function/.test(text)) continue // resource routes render nothing
      const declared = new Set(declaredNamespaces(text))
      for (const ns of declared) if (!isNamespace(ns) || ns === 'emails') problems.push(`${file}: declares ${ns}`)
      for (const ns of usedNamespaces(full, new Set())) {
        if (ns === 'emails') problems.push(`${file}: uses emails in the browser`)
        else if (ns !== 'common' && !declared.has(ns)) problems.push(`${file}: uses ${ns} without declaring it`)
      }
    }
    expect(problems).toEqual([])
  })

  it('public pages do not use the staff namespace', () => {
    const publicPages = fs.readdirSync('app/routes').filter((f) => f.endsWith('.tsx') && !/^(staff|analysis)/.test(f))
    const leaking = publicPages.filter((f) => usedNamespaces(path.join('app/routes', f)).has('staff'))
    expect(leaking).toEqual([])
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
