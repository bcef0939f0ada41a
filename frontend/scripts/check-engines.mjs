// Fails when a locked package's "engines.node" does not accept the oldest
// Node release the console supports (package.json "engines"), which is
// what makes `npm ci` print EBADENGINE warnings on a supported machine.
// Run by `make deps-frontend` and `npm run check:engines`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const semver = require('semver');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url)));
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url)));

const supported = pkg.engines?.node;
if (!supported) {
  console.error('package.json names no engines.node');
  process.exit(1);
}
// Each major the range admits, from its lowest accepted version.
const floors = [];
for (const set of new semver.Range(supported).set) {
  const low = semver.minVersion(new semver.Range(set.map((c) => c.value).join(' ')));
  if (low) floors.push(low.version);
}
const bad = [];
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  const want = entry.engines?.node;
  if (!path || !want || typeof want !== 'string') continue;
  for (const v of floors) {
    if (!semver.satisfies(v, want)) bad.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${want}, not ${v}`);
  }
}
if (bad.length) {
  console.error(`packages that do not run on the supported Node (${supported}):\n  ` + bad.join('\n  '));
  process.exit(1);
}
console.log(`every locked package accepts Node ${floors.join(' and ')} (${supported})`);
