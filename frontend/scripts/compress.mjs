// Precompresses the console's build (dist/) once, at build time, so the Go
// server sends each asset as the browser accepts it (frontend/encoding.go)
// without compressing per request: brotli (quality 11) and gzip (level 9)
// beside each text asset, kept only when smaller. Run by `npm run build`.
import { readdirSync, readFileSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const root = new URL('../dist/', import.meta.url).pathname;
const TEXT = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.map', '.ico']);
const MIN = 1024; // smaller files gain nothing over their headers

let before = 0;
let br = 0;
let gz = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
      continue;
    }
    if (name.endsWith('.br') || name.endsWith('.gz')) {
      unlinkSync(path); // left over from a previous build
      continue;
    }
    if (!TEXT.has(extname(name))) continue;
    const data = readFileSync(path);
    if (data.length < MIN) continue;
    const b = brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    });
    const g = gzipSync(data, { level: 9 });
    before += data.length;
    if (b.length < data.length) {
      writeFileSync(path + '.br', b);
      br += b.length;
    }
    if (g.length < data.length) {
      writeFileSync(path + '.gz', g);
      gz += g.length;
    }
  }
}
walk(root);
const kb = (n) => `${Math.round(n / 1024)} KiB`;
console.log(`precompressed ${kb(before)} of assets: brotli ${kb(br)}, gzip ${kb(gz)}`);
