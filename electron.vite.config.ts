import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// One build for the three faces: out/main (Electron main + the Node CLI/headless server), out/preload
// (sandboxed, so bundled as one CommonJS file) and out/renderer (the React UI served by both faces).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The CLI and headless face run on plain Node 20 as well as inside Electron.
      target: 'node20',
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-main/electron/main.ts'),
          cli: resolve(import.meta.dirname, 'src-main/cli.ts'),
          // The engine as a library for benchmarks that drive it in-process (bench/turns.ts).
          engine: resolve(import.meta.dirname, 'src-main/engine/host.ts'),
          // The HTTP face as a library, for benchmarks that serve an in-process engine (bench/auth.ts).
          server: resolve(import.meta.dirname, 'src-main/server/serve.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve(import.meta.dirname, 'src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      // Served over HTTP to browsers in the headless face: ship it minified.
      minify: true,
      rolldownOptions: { input: resolve(import.meta.dirname, 'src-renderer/index.html') },
    },
  },
});
