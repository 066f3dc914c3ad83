import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built into dist/web, next to the compiled API that serves it at `/`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
  },
});
