import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { emailsByLine, type LineProblem, nameFromLine } from '~/lib/pasted-emails'

/** How the page sends its list again, with the unknown lines only and `createUnknown=yes`. */
export type CreateUnknown = { intent: string; field: string; hidden?: Record<string, string | number> }

/**
 * After a pasted list: the lines that were not stored, and why (the rest were). Lines
 * whose address nobody has yet can be created as people (named from "Name <email>")
 * and added in one more step, when the page says how (`createWith`).
 */
export function LineProblems({ failed, createWith }: { failed: LineProblem[]; createWith?: CreateUnknown }) {
  const { t } = useTranslation('participation')
  const busy = useNavigation().state !== 'idle'
  if (failed.length === 0) return null
  const unknown = failed
    .filter((f) => f.reason === 'unknown')
    .flatMap((f) => emailsByLine(f.text).flatMap((l) => (l.email ? [{ text: f.text, email: l.email }] : [])))
  return (
    <>
      <p>{t('workingGroups.failedLines', { count: failed.length })}</p>
      <ul>
        {failed.map((f) => (
          <li key={`${f.line}-${f.text}`}>
            {t('workingGroups.line', { line: f.line })}: <code>{f.text}</code> —{' '}
            {t(`workingGroups.reasons.${f.reason}`)}
          </li>
        ))}
      </ul>
      {createWith && unknown.length ? (
        <Form method="post" className="card stack">
          <input type="hidden" name="intent" value={createWith.intent} />
          <input type="hidden" name="createUnknown" value="yes" />
          {Object.entries(createWith.hidden ?? {}).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <input type="hidden" name={createWith.field} value={unknown.map((u) => u.text).join('\n')} />
          <p>{t('workingGroups.createUnknownHint', { count: unknown.length })}</p>
          <ul>
            {unknown.map((u) => (
              <li key={u.email}>
                {nameFromLine(u.text, u.email)} <span className="break">&lt;{u.email}&gt;</span>
              </li>
            ))}
          </ul>
          <p>
            <button type="submit" disabled={busy}>
              {t('workingGroups.createUnknown', { count: unknown.length })}
            </button>
          </p>
        </Form>
      ) : null}
    </>
  )
}
