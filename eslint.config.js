// @ts-check
import { builtinModules } from 'node:module'
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs'
import js from '@eslint/js'
import prettier from 'eslint-config-prettier/flat'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Node's built-in modules, with and without the `node:` prefix. */
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_')).flatMap((name) => [name, `node:${name}`])

/**
 * The architecture's import boundaries (README "Layout"; issue #10). Paths are matched as written,
 * which is enough here because the project imports by relative path only (no aliases).
 */
const boundary = {
  electron: {
    name: 'electron',
    message: 'Only the thin shell (src/main/electron/**, src/main/index.ts, src/preload/**) imports Electron.'
  },
  node: {
    group: nodeBuiltins,
    message: 'Code that also runs in the browser imports no Node built-in; move it to src/main or pass what it needs in.'
  },
  main: {
    regex: '^(\\.\\./)+(src/)?main(/|$)',
    message: 'The renderer and the contract never import the main process: go through src/shared.'
  },
  zod: {
    name: 'zod',
    message:
      'The renderer validates nothing (the core does) and its bundle carries no zod: import types with `import type`, lists from src/shared/choices.ts.'
  },
  renderer: { regex: '^(\\.\\./)+(src/)?renderer(/|$)', message: 'The contract in src/shared never imports the renderer.' },
  frameSchema: {
    regex: '(^|/)shared/frame-schema(\\.ts)?$',
    message: "The frame schema's zod definitions are for the published JSON Schema; the renderer uses the types in shared/frames."
  }
}

/** @param {{ paths?: object[], patterns?: object[] }} options */
const restrict = (options) => ['error', options]

export default tseslint.config(
  {
    ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**', 'src/renderer/public/**']
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  comments.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname
      },
      globals: { ...globals.node }
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A disable comment says why on its own line (`-- reason`), and never covers a whole file.
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: ['eslint-enable'] }],
      '@eslint-community/eslint-comments/no-restricted-disable': 'off',
      '@eslint-community/eslint-comments/disable-enable-pair': ['error', { allowWholeFile: false }],
      '@eslint-community/eslint-comments/no-use': ['error', { allow: ['eslint-disable-next-line', 'eslint-disable-line'] }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      // Property signatures keep `this` out of callbacks passed around as values (unbound-method).
      '@typescript-eslint/method-signature-style': ['error', 'property'],
      eqeqeq: ['error', 'smart'],
      'no-restricted-imports': restrict({ paths: [boundary.electron] })
    }
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked]
  },
  {
    // Tests read JSON off the wire and let `expect` check its shape; typing each parse adds nothing.
    files: ['**/*.test.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off'
    }
  },
  {
    files: ['src/main/electron/**', 'src/main/index.ts', 'src/preload/**'],
    rules: { 'no-restricted-imports': 'off' }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      'no-restricted-imports': restrict({
        paths: [boundary.electron, boundary.zod],
        patterns: [boundary.node, boundary.main, boundary.frameSchema]
      })
    }
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': restrict({ paths: [boundary.electron], patterns: [boundary.node, boundary.main, boundary.renderer] })
    }
  },
  prettier
)
