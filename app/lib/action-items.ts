/** How an action item's status is drawn: open in amber, done in green, dropped plain. */
export const ACTION_BADGE = { open: 'warn', done: 'ok', dropped: '' } as const
