export * from './working-calendar';
export * from './holiday-data';
