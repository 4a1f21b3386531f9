// The import-circle check of `./dev lint` (dependency-cruiser): no source, test or script file may be
// reached again from what it imports, through values or types (`import type` counts: a circle of
// types is a type sitting in the wrong file).
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import circle: move what both sides need (often a type) to a file both import, or pass it in.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Keeps `import type` and type-only imports, which the TypeScript compiler would drop.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.tools)/' },
  },
};
