import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The web app shares the server's pure modules (statuses, labels, field messages) instead of copying them.
 * Only these two are aliased: nothing with IO or a framework can reach the browser bundle.
 */
export const sharedModules = [
  { find: /^@ventanilla\/domain\/(.*)\.js$/, replacement: `${repoRoot}libs/domain/src/$1.ts` },
  { find: /^@ventanilla\/http\/messages\.js$/, replacement: `${repoRoot}libs/http/src/messages.ts` },
];

export default defineConfig({
  root: webRoot,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: { alias: sharedModules },
  build: {
    // The API serves this folder (WEB_DIR, default dist/web) on the same origin.
    outDir: `${repoRoot}dist/web`,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      onwarn(warning, warn) {
        // Mantine marks its modules "use client" for React Server Components; a browser bundle has no use for it.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `npm run dev:web` beside `npm start`: the API keeps its cookies because the browser sees one origin.
    proxy: {
      '/api': 'http://localhost:3000',
      '/health': 'http://localhost:3000',
      '/admin/queues': 'http://localhost:3000',
    },
  },
});
