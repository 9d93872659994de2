// Compiles the stylesheet into public/ (git-ignored). Runs on npm install (prepare) and before start
// when missing, so a fresh clone needs no other step.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = sass.compile(`${root}src/web/assets/app.scss`, {
  style: 'compressed',
  loadPaths: [root],
  quietDeps: true,
  logger: sass.Logger.silent,
  silenceDeprecations: ['import'],
});
mkdirSync(`${root}public`, { recursive: true });
writeFileSync(`${root}public/app.css`, result.css);
console.log(`Built public/app.css (${Math.round(result.css.length / 1024)} KB)`);
