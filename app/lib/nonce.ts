/** The Content-Security-Policy nonce of the document being rendered (server only; empty in the browser). */
import { createContext, useContext } from 'react'

export const NonceContext = createContext('')
export const useNonce = () => useContext(NonceContext)
