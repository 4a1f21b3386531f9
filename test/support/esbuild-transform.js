// Jest's transformer for the TypeScript tests and sources: esbuild strips the types, as ts-jest
// did with isolatedModules (types are checked once, by `pnpm typecheck`). A fresh clone has no
// transform cache, so every file was transpiled by TypeScript itself in each worker that needed it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { transformSync, version } from 'esbuild';

// The cache key changes with esbuild's version and with this file, not only with the source.
const self = fs.readFileSync(new URL(import.meta.url), 'utf8');
const tsconfigRaw = { compilerOptions: { verbatimModuleSyntax: true, target: 'ES2023' } };

export default {
  getCacheKey(source, filename, options) {
    return crypto
      .createHash('sha256')
      .update(
        `${version}\0${self}\0${filename}\0${options.supportsStaticESM}\0${options.configString}\0${source}`,
      )
      .digest('hex');
  },
  process(source, filename, options) {
    const { code, map } = transformSync(source, {
      loader: 'ts',
      format: options.supportsStaticESM ? 'esm' : 'cjs',
      target: 'node24',
      sourcemap: 'external',
      sourcefile: filename,
      tsconfigRaw,
    });
    return { code, map };
  },
};
