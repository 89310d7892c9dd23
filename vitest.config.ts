import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'build-tools/**/*.test.ts'],
    environment: 'node',
    // Timeouts only catch hangs: no test waits on time passing, but on a shared 2-core machine
    // running three suites at once, loading ESLint's config or pushing 100 MB through loopback
    // has taken 30 s. Far beyond that, a test is stuck rather than slow.
    testTimeout: 120_000,
    hookTimeout: 120_000
  }
})
