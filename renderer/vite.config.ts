import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The renderer is built to static files (dist/renderer) that the desktop window loads through the
// app:// protocol and the browser host serves over HTTP. Relative URLs keep it location-independent.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // TanStack marks its modules "use client" for server-rendering frameworks; a client-only bundle
      // has nothing to preserve, so the warning is noise.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
