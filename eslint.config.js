// Lint for all three runtimes. The import rules are what keeps them apart:
//   src/protocol  pure TypeScript for every runtime: no vscode, no Node built-ins, no other layer
//   src/engine, src/cli  plain Node (worker, CLI): never vscode, never the webview
//   src/host      the extension host: vscode, protocol, and from the engine only its client and the
//                 file-only modules (HOST_ENGINE_MODULES); never onnxruntime, transformers.js or the webview
//   webview/      the browser: only src/protocol
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'only the extension host may import vscode' };

// The engine modules the extension host may import (README, Layout): the worker's client and the
// modules that only read files or the environment. Anything else would load the model runtime into
// the extension host instead of the worker.
const HOST_ENGINE_MODULES = ['workerClient', 'errors', 'modelCache', 'modelSource', 'device', 'paths'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', '.cache/**', 'bench-models/**', 'tools/train/**', 'test/fixtures/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'no default exports' }],
    },
  },
  // Protocol code imports nothing but the protocol: `up` is how a file reaches the protocol's root
  // ('' at the root; a subfolder such as course/ takes '../', and '../../' leaves the protocol).
  ...[
    { files: ['src/protocol/**/*.ts'], outside: ['../*', '!../protocol/*'], up: [] },
    { files: ['src/protocol/*/**/*.ts'], outside: ['../../*'], up: ['!../*'] },
  ].map(({ files, outside, up }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            { group: ['node:*'], message: 'protocol code runs in the webview too: no Node built-ins' },
            { group: outside, message: 'protocol imports nothing from the other layers' },
            { group: ['@*/*', '[a-z]*', '!./*', ...up], message: 'protocol code has no dependencies' },
          ],
        },
      ],
    },
  })),
  {
    files: ['src/engine/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            { group: ['**/webview/**', '**/webview'], message: 'the engine never imports webview code' },
            { group: ['**/host/**', '**/host'], message: 'the engine never imports host code' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/webview/**', '**/webview'], message: 'the host talks to webviews through src/protocol messages only' },
            {
              group: ['**/engine/*', '**/engine/**', ...HOST_ENGINE_MODULES.map((name) => `!**/engine/${name}`)],
              message: `the host imports from the engine only ${HOST_ENGINE_MODULES.join(', ')}; the rest runs in the worker`,
            },
            {
              group: ['onnxruntime-*', '@huggingface/transformers', '@huggingface/transformers/*'],
              message: 'the model runtime loads in the engine worker, never in the extension host',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            { group: ['node:*'], message: 'webview code runs in a browser' },
            { group: ['**/src/host/**', '**/src/engine/**', '**/src/cli/**', '**/tools/**'], message: 'the webview imports only src/protocol' },
          ],
        },
      ],
    },
  },
  {
    // Source files stay small enough to read whole (tests and fixtures are not held to it).
    files: ['src/**/*.ts', 'webview/**/*.ts', 'tools/**/*.ts', 'tools/**/*.mjs'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    // Type-aware: a promise nobody awaits or handles is an error, `void` included, so that a failed
    // request cannot become an unhandled rejection (the spotlight's row request once did).
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }], '@typescript-eslint/no-misused-promises': 'error' },
  },
  { files: ['eslint.config.js'], rules: { 'no-restricted-syntax': 'off' } },
);
