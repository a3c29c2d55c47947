import { defineConfig } from 'vitest/config';

// The built page is embedded in the sitrep binary (crates/sitrep-serve) and
// must work offline: everything, map shapes included, goes in the bundle.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // Keep file names stable in shape (assets/NAME-HASH.ext): the server
    // caches everything under assets/ for good.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
