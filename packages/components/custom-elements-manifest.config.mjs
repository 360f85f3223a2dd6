export default {
  globs: ['src/**/*.component.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
};
