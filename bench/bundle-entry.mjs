// The bench's micro-benchmarks run a TypeScript entry bundled on its own (as scripts/build.mjs
// bundles the CLI), in fresh processes: `bundleEntry('template-eval')` builds
// bench/template-eval-entry.ts into bench/.tmp/template-eval.mjs and returns that path.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function bundleEntry(name) {
  const out = join(root, `bench/.tmp/${name}.mjs`);
  mkdirSync(dirname(out), { recursive: true });
  await build({
    entryPoints: [join(root, `bench/${name}-entry.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'error',
    // as scripts/build.mjs: bundled CommonJS still calls require for Node built-ins
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return out;
}
