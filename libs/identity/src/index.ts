export * from './auth.service';
export * from './auth.types';
export * from './identity.module';
export * from './password';
export * from './refresh-token.entity';
export * from './unit-directory.service';
export * from './unit.entity';
export * from './user.entity';
