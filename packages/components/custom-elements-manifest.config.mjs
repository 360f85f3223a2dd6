export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/testing/**', 'src/**/*.stories.ts', 'src/**/*.fixtures.ts', 'src/**/*.mocks.ts', 'src/**/*.testing.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
};
