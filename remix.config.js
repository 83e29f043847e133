// @ts-check
/**
 * The Remix options of this project, in the file a Remix v2 maintainer looks for.
 * The build is Remix's Vite plugin: vite.config.ts imports this object and passes it
 * to `vitePlugin`. There is no classic compiler; nothing else reads this file.
 * See docs/decisions/009-remix-config-and-server-folder.md.
 *
 * @type {import('@remix-run/dev').VitePluginConfig}
 */
const remixConfig = {
  // Every v3 flag on: the supported Remix 2 build, and the later move to React Router a codemod.
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
  // Routes are the files of app/routes (flat routes); tests and helpers never sit there.
  ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}'],
  serverModuleFormat: 'esm',
}

export default remixConfig
