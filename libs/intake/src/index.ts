export * from './hotline-registry';
export * from './intake-record.entity';
export * from './intake.module';
export * from './intake.service';
export * from './intake.types';
export * from './phone-number';
