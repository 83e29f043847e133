/**
 * `npm run dkim:keygen -- --domain example.org --selector atlarge1 [--out dkim.pem]`:
 * makes an RSA-2048 key pair for DKIM, writes the private key (to --out, readable by its
 * owner only, or to the screen) and prints the DNS TXT record to publish. Then set
 * DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE (README, "Mail deliverability").
 */
import { generateKeyPairSync } from 'node:crypto'
import fs from 'node:fs'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    domain: { type: 'string', default: 'example.org' },
    selector: { type: 'string', default: `atlarge${new Date().getUTCFullYear()}` },
    out: { type: 'string' },
  },
})
const domain = values.domain!.toLowerCase()
const selector = values.selector!
if (!/^[a-z0-9.-]+$/.test(domain) || !/^[a-z0-9._-]+$/i.test(selector)) {
  console.error('Give a domain name (--domain example.org) and a selector of letters, digits, dots and dashes.')
  process.exit(2)
}
const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'der' },
})
// DNS TXT strings are at most 255 characters each; resolvers join them.
const record = `v=DKIM1; k=rsa; p=${publicKey.toString('base64')}`
const quoted = (record.match(/.{1,250}/g) ?? []).map((part) => `"${part}"`).join(' ')
if (values.out) {
  fs.writeFileSync(values.out, privateKey, { mode: 0o600, flag: 'wx' })
  console.log(`Private key written to ${values.out} (keep it secret; DKIM_PRIVATE_KEY_FILE=${values.out}).`)
} else {
  console.log('Private key (save it to a file only the server can read; DKIM_PRIVATE_KEY_FILE points to it):\n')
  console.log(privateKey)
}
console.log('\nPublish this DNS record, then set the variables below:\n')
console.log(`${selector}._domainkey.${domain}. IN TXT ${quoted}\n`)
console.log(
  `DKIM_DOMAIN=${domain}\nDKIM_SELECTOR=${selector}\nDKIM_PRIVATE_KEY_FILE=${values.out ?? '/path/to/dkim.pem'}`,
)
