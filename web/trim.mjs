// Shrinks what every page of the SPA loads, in web/dist (run by web/build.sh after wasm-bindgen):
// - govuk-frontend.min.js: only the GOV.UK Frontend components the pages use (web/govuk.mjs),
//   bundled and minified; fails if a page has a `data-module` that file does not create;
// - govuk-frontend.min.css: GOV.UK Frontend's CSS without the rules for classes that no page,
//   script or stylesheet of ours names (PurgeCSS over web/src, index.html and our scripts);
// - app.css, boot.js, bundles.js and each bundle's wasm-bindgen glue: minified.
// Usage: node web/trim.mjs <dist>

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, transformSync } from 'esbuild';
import { PurgeCSS } from 'purgecss';

const web = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.argv[2] ?? join(web, 'dist'));
const govuk = join(web, 'node_modules/govuk-frontend/dist/govuk');

/** Every file under `dir` whose name ends with `ext`. */
const filesUnder = (dir, ext) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(ext))
    .map((entry) => join(entry.parentPath, entry.name));
const sources = [...filesUnder(join(web, 'src'), '.rs'), join(web, 'index.html')];

// The components' JavaScript: every data-module the pages use must be created by govuk.mjs.
const { components } = await import(join(web, 'govuk.mjs'));
const created = new Set(components.map((component) => component.moduleName));
const used = new Set(sources.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/data-module="([^"]+)"/g)].map((m) => m[1])));
const missing = [...used].filter((name) => !created.has(name));
if (missing.length > 0) {
  console.error(`web/trim.mjs: pages use ${missing.join(', ')}, which web/govuk.mjs does not create`);
  process.exit(1);
}
buildSync({
  entryPoints: [join(web, 'govuk.mjs')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  legalComments: 'none',
  outfile: join(dist, 'govuk-frontend.min.js'),
});

// Our own scripts and the wasm-bindgen glue, minified in place (exports kept).
const scripts = ['boot.js', 'bundles.js', 'js-enabled.js', ...readdirSync(dist).filter((f) => /^[a-z]+\.js$/.test(f) && !['boot.js', 'bundles.js', 'js-enabled.js'].includes(f))];
for (const file of scripts) {
  const path = join(dist, file);
  const format = file === 'js-enabled.js' ? undefined : 'esm';
  writeFileSync(path, transformSync(readFileSync(path, 'utf8'), { loader: 'js', minify: true, format, target: 'es2022', legalComments: 'none' }).code);
}
writeFileSync(join(dist, 'app.css'), transformSync(readFileSync(join(web, 'app.css'), 'utf8'), { loader: 'css', minify: true }).code);

// GOV.UK Frontend's CSS, keeping every rule whose classes our pages, scripts or app.css name.
// Class names are written whole in web/src (`govuk-!-margin-bottom-2` included), except the tag
// colours (`govuk-tag--{colour}`), kept whole.
const [css] = await new PurgeCSS().purge({
  content: [...sources, join(web, 'boot.js'), join(web, 'js-enabled.js'), join(web, 'app.css'), join(dist, 'govuk-frontend.min.js')],
  css: [join(govuk, 'govuk-frontend.min.css')],
  defaultExtractor: (content) => content.match(/[A-Za-z0-9_!-]+/g) ?? [],
  safelist: { standard: ['html', 'body', /^govuk-tag--/], greedy: [/^govuk-template/] },
  fontFace: false,
  keyframes: false,
  variables: false,
});
writeFileSync(join(dist, 'govuk-frontend.min.css'), css.css);
