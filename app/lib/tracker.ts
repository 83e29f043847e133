/** A tracker or recommendation change refused for a reason the form shows next to the field. */
export class TrackerError extends Error {
  constructor(
    /** The form field at fault: a taken item number, a label used twice in an item, a taken reference. */
    readonly field: 'number' | 'label' | 'reference',
  ) {
    super(`tracker: ${field} taken`)
  }
}
