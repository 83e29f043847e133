import path from 'node:path'

import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'

import remixConfig from './remix.config.js'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  resolve: {
    alias: {
      '~': path.resolve('app'),
      '#db': path.resolve('db'),
      '#emails': path.resolve('emails'),
      '#locales': path.resolve('locales'),
    },
  },
  // The Remix options live in remix.config.js (docs/decisions/009-remix-config-and-server-folder.md).
  plugins: [remix(remixConfig)],
  build: { target: 'es2022' },
  ssr: { external: ['better-sqlite3', '@node-rs/argon2'] },
})
