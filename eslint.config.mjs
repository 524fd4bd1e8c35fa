// ESLint flat config. typescript-eslint needs the TypeScript JS API, so typescript is pinned to 5.x
// (npm's latest, 7.x, is the native port without one).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import certdesk from './scripts/eslint-boundaries.mjs';

/** The desktop shell: the only files that may import 'electron' (docs/architecture.md, "Lint zones"). */
const DESKTOP_SHELL = ['electron/desktop/'];

/**
 * The layer boundaries (issue [9] item 1), enforced by certdesk/boundaries (scripts/eslint-boundaries.mjs) on
 * every import form, static or dynamic. test/unit/lint/boundaries.test.ts plants a violation of each and
 * checks that it is reported.
 */
const zones = [
  {
    name: 'The engine (electron/engine)',
    files: ['electron/engine/'],
    allowPaths: ['electron/engine/', 'shared/'],
    denyModules: ['electron', 'react', 'react-dom'],
    why: 'it runs without Electron, a window or a transport; the transports (ipc, preview, cli) and the api table call it, never the other way round.',
  },
  {
    name: 'The renderer',
    files: ['renderer/'],
    except: ['renderer/vite.config.mts'],
    denyPaths: ['electron/'],
    denyBuiltins: true,
    why: 'it runs in a sandboxed page and reaches the engine only through window.certdesk (shared/api.ts).',
  },
  {
    name: 'A view',
    files: ['renderer/src/views/'],
    ownFolderOnly: 'renderer/src/views/',
    why: 'views are independent screens; what two views share lives in renderer/src/components/, hooks/ or lib/.',
  },
  {
    name: 'The shared renderer code (components, hooks, lib)',
    files: ['renderer/src/components/', 'renderer/src/hooks/', 'renderer/src/lib/'],
    denyPaths: ['renderer/src/views/'],
    why: 'it is shared by the views, so it cannot depend on one of them.',
  },
  {
    name: 'The contract (shared)',
    files: ['shared/'],
    allowPaths: ['shared/'],
    allowModules: ['zod'],
    denyBuiltins: true,
    why: 'the renderer, the engine and every host import it as it is.',
  },
  {
    name: 'The operations (electron/operations)',
    files: ['electron/operations/'],
    denyPaths: ['electron/desktop/', 'electron/preview/', 'electron/cli/'],
    why: 'the operations table serves every host (desktop shell, preview, CLI) and knows none of them.',
  },
  {
    name: 'The CLI and the preview hosts',
    files: ['electron/cli/', 'electron/preview/'],
    denyPaths: ['electron/desktop/'],
    why: 'they run in plain Node; only the desktop shell runs inside Electron.',
  },
  {
    name: 'Code outside the desktop shell',
    files: ['electron/', 'shared/', 'renderer/'],
    except: DESKTOP_SHELL,
    denyModules: ['electron'],
    why: `only the desktop shell (${DESKTOP_SHELL.join(', ')}) imports Electron; the engine, the CLI and the preview run in plain Node.`,
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'renderer/dist/**', 'node_modules/**', 'release/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The two classic hook rules. The plugin's React Compiler rules (refs, set-state-in-effect, purity, …) are not
    // on yet: they flag ~40 places in views being reworked (issue [9] item 6); turn them on with that rework.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['electron/**/*.{ts,tsx,js,mjs,cjs}', 'shared/**/*.{ts,tsx,js,mjs,cjs}', 'renderer/**/*.{ts,tsx,js,mjs,mts,cjs}'],
    plugins: { certdesk },
    rules: { 'certdesk/boundaries': ['error', { zones }] },
  },
);
