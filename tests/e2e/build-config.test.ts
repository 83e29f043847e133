/** The production build uses the Remix options of remix.config.js (the browser suite builds first). */
import path from 'node:path'
import { pathToFileURL } from 'node:url'

import { describe, expect, it } from 'vitest'

import remixConfig from '../../remix.config.js'

describe('remix.config.js', () => {
  it('is what the build used: its future flags are exactly the build’s', async () => {
    const build = (await import(pathToFileURL(path.resolve('build/server/index.js')).href)) as {
      future: Record<string, boolean>
    }
    const configured = remixConfig.future as Record<string, boolean>
    const onInBuild = Object.entries(build.future)
      .filter(([, on]) => on)
      .map(([flag]) => flag)
      .sort()
    const onInConfig = Object.entries(configured)
      .filter(([, on]) => on)
      .map(([flag]) => flag)
      .sort()
    expect(onInBuild).toEqual(onInConfig)
    expect(onInConfig).toEqual([
      'v3_fetcherPersist',
      'v3_lazyRouteDiscovery',
      'v3_relativeSplatPath',
      'v3_singleFetch',
      'v3_throwAbortReason',
    ])
  })
})
