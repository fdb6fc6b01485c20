// ESLint flat config: typescript-eslint recommended rules plus the import boundaries of style.md:
// web/** never imports a *-store.ts or platform/db; domain folders never import web/** or fastify;
// migrations import only kysely (and their _dialect helper).
import tseslint from 'typescript-eslint';

const domainFolders = ['accounts', 'agencies', 'audit', 'calendar', 'catalogue', 'requests', 'mailbox', 'registers', 'monitoring', 'reports'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'bench/out/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/*-store.ts', '**/*-store'], message: 'web/** calls services, never stores (style.md).' },
          { group: ['**/platform/db/**'], message: 'web/** never touches the database directly (style.md).' },
        ],
      }],
    },
  },
  {
    files: domainFolders.map((d) => `src/${d}/**/*.{ts,tsx}`),
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/web/**'], message: 'Domain modules never import web/** (style.md).' },
          { group: ['fastify', '@fastify/*'], message: 'The domain never knows HTTP (style.md).' },
        ],
      }],
    },
  },
  {
    files: ['src/platform/db/migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['../*', '../../*', '!./_dialect.ts'], message: 'Migrations import only kysely (frozen once committed).' }],
      }],
    },
  },
);
