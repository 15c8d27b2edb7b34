// Bundles the extension client, the language server and the command line into dist/.
// `tsc -p . --noEmit` type-checks; esbuild only strips types.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * The `yaml` package's `require('process')` resolved to server/src/node/yamlProcess.ts, which reads the two debug
 * variables its parser checks once instead of on every token.
 * @type {import('esbuild').Plugin}
 */
const yamlProcess = {
  name: 'yaml-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?process$/ }, (args) =>
      /[\\/]node_modules[\\/]yaml[\\/]/.test(args.importer) ? { path: fileURLToPath(new URL('../server/src/node/yamlProcess.ts', import.meta.url)) } : undefined,
    );
  },
};

/**
 * Only the parser is taken from yaml 3 (see server/src/core/yamlParse.ts). Its files declare no side effects of their
 * own, and its package does not say so: said here, the rest of that library (its documents, schemas and stringifier,
 * which yaml 2 provides) is left out of the bundles instead of being parsed at every start.
 * @type {import('esbuild').Plugin}
 */
const yamlCstParserOnly = {
  name: 'yaml-cst-parser-only',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      const fromPackage = /[\\/]node_modules[\\/]yaml-cst[\\/]/.test(args.importer);
      if (args.pluginData === 'resolving' || (args.path !== 'yaml-cst' && !fromPackage)) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
      return resolved.errors.length ? undefined : { path: resolved.path, sideEffects: false };
    });
  },
};

/**
 * Node modules the language-server library loads at start for features the server never uses (finding global npm
 * and yarn folders, random names for pipes): loaded on first use instead, saving their start-up time.
 */
const LAZY_BUILTINS = ['child_process', 'crypto'];

/** @type {import('esbuild').Plugin} */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`) }, (args) =>
      /[\\/]node_modules[\\/]vscode-(languageserver|jsonrpc)[\\/]/.test(args.importer)
        ? { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      loader: 'js',
      contents: [
        'let loaded;',
        `const load = () => (loaded ??= require(${JSON.stringify(`node:${args.path}`)}));`,
        'module.exports = new Proxy({}, {',
        '  get: (_, key) => load()[key],',
        '  has: (_, key) => key in load(),',
        '  ownKeys: () => Reflect.ownKeys(load()),',
        '  getOwnPropertyDescriptor: (_, key) => {',
        '    const descriptor = Object.getOwnPropertyDescriptor(load(), key);',
        '    return descriptor && { ...descriptor, configurable: true };',
        '  },',
        '});',
      ].join('\n'),
    }));
  },
};

/**
 * The language server loads markdown-it from its own bundle, dist/markdownIt.js, when it renders its first preview or
 * export: left in serverMain.js, its 150 KB (with its entity tables) would be parsed at every start.
 * @type {import('esbuild').Plugin}
 */
const markdownItApart = {
  name: 'markdown-it-apart',
  setup(build) {
    build.onResolve({ filter: /^markdown-it$/ }, () => ({ path: './markdownIt.js', external: true }));
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  plugins: [yamlProcess, yamlCstParserOnly, lazyBuiltins],
  // Some dependencies ship only as ES modules and read import.meta.url, which a CommonJS bundle lacks.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const builds = [
  { ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  // server.js is the small entry the editor starts; it runs serverMain.js through V8's code cache. checkWorker.js is
  // the worker thread the server and the CLI check files in when reading a whole workspace; the server starts it
  // through checkWorkerLaunch.js, which runs it from the code cache too.
  {
    ...common,
    plugins: [...common.plugins, markdownItApart],
    entryPoints: {
      server: 'server/src/node/launch.ts',
      serverMain: 'server/src/node/main.ts',
      checkWorker: 'server/src/node/checkWorker.ts',
      checkWorkerLaunch: 'server/src/node/checkWorkerLaunch.ts',
    },
    outdir: 'dist',
  },
  { ...common, entryPoints: { markdownIt: 'server/src/node/markdownIt.ts' }, outdir: 'dist' },
  {
    ...common,
    entryPoints: { cli: 'server/src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
  },
  {
    // The webview script: a browser bundle next to the stylesheet, the only folder the webview may load from.
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { preview: 'client/preview-src/index.ts' },
    outdir: 'media',
    sourcemap: false,
    minify: production,
    logLevel: 'warning',
  },
];

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
  console.log('watching for changes...');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
