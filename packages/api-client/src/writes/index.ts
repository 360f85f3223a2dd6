export * from './build.ts';
export * from './core.ts';
export * from './merge.ts';
export * from './upload.ts';
export * from './writer.ts';
