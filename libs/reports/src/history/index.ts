export * from './legacy-csv';
export * from './legacy-resolve';
export * from './legacy-order-import';
export * from './legacy-order-ref.entity';
export * from './legacy-refresh';
