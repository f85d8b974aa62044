export * from './category.entity';
export * from './hotline.entity';
export * from './region.entity';
