/** The architecture of DESIGN.md as rules: dependencies point one way, towards the domain. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'Domain code has no I/O, HTTP, SQL or CLI: it depends on nothing of theirs.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(storage|runtime|http|cli|client)/|^src/app\\.ts$|^src/config\\.ts$' },
    },
    {
      name: 'domain-no-io-modules',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|cluster|worker_threads)$' },
    },
    {
      name: 'domain-no-io-packages',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['npm'], path: 'node_modules/(kysely|pg|better-sqlite3|fastify|@aws-sdk|@fastify|pino|prom-client|commander)/' },
    },
    {
      name: 'adapters-do-not-reach-up',
      comment: 'storage and runtime are adapters for the domain; they know nothing of HTTP or the CLI.',
      severity: 'error',
      from: { path: '^src/(storage|runtime)/' },
      to: { path: '^src/(http|cli|client)/|^src/app\\.ts$' },
    },
    {
      name: 'http-goes-through-services',
      comment: 'HTTP handlers call domain services; only the composition root knows the stores.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/(storage|cli|client)/' },
    },
    {
      name: 'sdk-stands-alone',
      comment: 'The SDK ships to users: it talks HTTP and loads nothing of the server (domain types are shapes only).',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^src/(?!client/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js'] },
  },
};
