import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations for the console. The schema is owned by the backend
// (graph/*.graphql); we only read it. Output in src/gql is committed so a
// build does not depend on the Go tree being generated first.
const config: CodegenConfig = {
  schema: '../graph/*.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: {
        // Pages read query results directly; masking would add ceremony
        // without benefit for an admin console of this size.
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: false,
        skipTypename: false,
        scalars: {
          Time: 'string',
          Cursor: 'string',
          Map: 'Record<string, unknown>',
          Uint64: 'number',
          Int64: 'number',
        },
        defaultScalarType: 'unknown',
      },
    },
  },
};

export default config;
