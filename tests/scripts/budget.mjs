// The first-load budget: for every wasm bundle of the SPA (web/bundles.js), what a browser
// fetches to show a page of it (index.html, every stylesheet and script it links, the modules
// boot.js imports, the bundle's JS glue and its wasm), gzipped at level 9, must come to at most
// 200 KB (204,800 bytes). Most of a first load is yew, serde, the layout and GOV.UK's CSS and JS
// (trimmed to what the pages use), which every bundle carries; a bundle that grows past the
// budget must shed weight or split its pages into another bundle. Prints a table per bundle,
// with each bundle's headroom; exits 1 if any is over.
// Usage: node tests/scripts/budget.mjs [web/dist]

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = resolve(process.argv[2] ?? join(root, 'web/dist'));
const budget = 200 * 1024;

const read = (file) => {
  const path = join(dist, file.replace(/^\//, ''));
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`just web\` first`);
  return readFileSync(path);
};
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// What every page loads: the HTML, what it links, and what its module scripts import.
const html = read('index.html').toString();
const shared = ['index.html'];
for (const [, href] of html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)) shared.push(href);
const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
const seen = new Set();
const follow = (file) => {
  if (seen.has(file)) return;
  seen.add(file);
  shared.push(file);
  if (!file.endsWith('.js')) return;
  // Static imports, written out or minified (`import{a as b}from"/x.js"`).
  const imports = /(?:^|[;\s}])import\s*(?:[\w$*{}\s,]*?from\s*)?['"]([^'"]+)['"]/g;
  for (const [, dep] of read(file).toString().matchAll(imports)) follow(dep);
};
scripts.forEach(follow);

const { bundles } = await import(join(dist, 'bundles.js'));
const names = ['public', ...bundles.map(([name]) => name)];
if (!names.every((name) => existsSync(join(dist, `${name}_bg.wasm`)))) {
  throw new Error(`a bundle named in bundles.js was not built into ${dist}`);
}

let over = 0;
const sharedRaw = shared.reduce((sum, f) => sum + read(f).length, 0);
const sharedGz = shared.reduce((sum, f) => sum + gz(read(f)), 0);
console.log(`shared by every bundle (${shared.join(', ')}): ${kb(sharedRaw)} raw, ${kb(sharedGz)} gzipped`);
console.log(`bundle        wasm raw   wasm gz   glue gz   first load gz   budget ${kb(budget)}`);
for (const name of names) {
  const wasm = read(`${name}_bg.wasm`);
  const glue = read(`${name}.js`);
  const total = sharedGz + gz(wasm) + gz(glue);
  if (total > budget) over += 1;
  console.log(
    `${name.padEnd(13)} ${kb(wasm.length).padStart(9)} ${kb(gz(wasm)).padStart(9)} ${kb(gz(glue)).padStart(9)} ${kb(total).padStart(15)}   ${total > budget ? `OVER by ${kb(total - budget)}` : `${kb(budget - total)} to spare`}`,
  );
}
if (over > 0) {
  console.log(`${over} of ${names.length} bundle(s) over the ${kb(budget)} first-load budget`);
  process.exit(1);
}
console.log(`every bundle's first load is within the ${kb(budget)} budget`);
