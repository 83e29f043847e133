/** A phone number staff can tap to call from a phone; it never breaks across two lines. */
export function PhoneLink({ number }: { number: string }) {
  const dial = number.replace(/[^\d+]/g, '')
  return (
    <a href={`tel:${dial}`} className="nowrap">
      {number}
    </a>
  )
}
