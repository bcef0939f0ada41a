// A Vite build plugin that puts each GraphQL operation into the module that
// uses it, as the printed document text, instead of the codegen's document
// map (src/gql/gql.ts: every operation of the console, as AST, behind the
// `graphql()` lookup). Without it the first page loads all operations of
// all pages (~0.9 MB); with it each lazily loaded page carries its own, and
// the map is never loaded. The typed `graphql()` calls stay in the source
// for TypeScript; urql accepts the text and parses it once.
//
// This is what the client preset's Babel/SWC plugins do, for Vite's
// Rolldown pipeline, which runs neither.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { print, type DocumentNode } from 'graphql';
import type { Plugin } from 'vite';

const gqlDir = fileURLToPath(new URL('../src/gql/', import.meta.url));

/** source text of each graphql(`…`) call → the full printed document (fragments included). */
function loadDocuments(): Map<string, string> {
  const asts = new Map<string, DocumentNode>();
  for (const line of readFileSync(gqlDir + 'graphql.ts', 'utf8').split('\n')) {
    const m = /^export const (\w+) = (\{.*\}) as unknown as DocumentNode</.exec(line);
    if (m) asts.set(m[1], JSON.parse(m[2]) as DocumentNode);
  }
  const out = new Map<string, string>();
  const map = readFileSync(gqlDir + 'gql.ts', 'utf8');
  const start = map.indexOf('const documents');
  for (const line of map.slice(start).split('\n')) {
    const m = /^\s*("(?:[^"\\]|\\.)*"): types\.(\w+),$/.exec(line);
    if (!m) continue;
    const ast = asts.get(m[2]);
    if (!ast) throw new Error(`src/gql/graphql.ts has no ${m[2]}: run npm run codegen`);
    out.set(JSON.parse(m[1]) as string, print(ast));
  }
  return out;
}

const call = /\bgraphql\(\s*`([^`]*)`\s*\)/g;
const importLine = /^import \{ graphql \} from '(?:\.\.\/)+gql';\n/m;

export function inlineDocuments(): Plugin {
  let docs: Map<string, string>;
  return {
    name: 'imbridge-inline-documents',
    apply: 'build',
    enforce: 'pre',
    buildStart() {
      docs = loadDocuments();
    },
    transform(code, id) {
      if (!/\/src\/.*\.tsx?$/.test(id) || id.includes('/src/gql/') || !code.includes('graphql(')) return null;
      let missing = '';
      const out = code.replace(call, (_, source: string) => {
        const doc = docs.get(source);
        if (doc === undefined) missing = source;
        return JSON.stringify(doc ?? '');
      });
      if (missing) this.error(`${id}: an operation not in src/gql (run npm run codegen):${missing}`);
      return { code: out.includes('graphql(') ? out : out.replace(importLine, ''), map: null };
    },
  };
}
