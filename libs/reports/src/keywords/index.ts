export * from './term-extract';
export * from './term-rollup';
