// Jest runs the TypeScript sources through SWC as CommonJS. NestJS 12 and a few of its
// dependencies ship ESM only, so they are transformed too instead of being ignored.
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const esmPackages = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  'peek-readable',
  'uint8array-extras',
  '@tokenizer',
  'uid',
  '@lukeed',
  '@borewit',
];

const libs = [
  'domain',
  'config',
  'database',
  'queue',
  'auth',
  'audit',
  'http',
  'requests',
  'notifications',
  'testing',
  'metrics',
  'documents',
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: {
    ...Object.fromEntries(libs.map((l) => [`^@ventanilla/${l}/(.*)\\.js$`, `<rootDir>/libs/${l}/src/$1`])),
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // ESM-only with "import" conditions alone, which Jest's CommonJS resolver does not take: point at the file.
    '^file-type$': '<rootDir>/node_modules/file-type/index.js',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

module.exports = {
  // Integration suites start whole systems; Jest reads this only at the top level, not per project.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,seeds}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/test/**/*.int-spec.ts',
        '<rootDir>/test/**/*.e2e-spec.ts',
        '<rootDir>/{apps,libs}/**/*.int-spec.ts',
      ],
    },
  ],
};
