import { Provider } from '@nestjs/common';
import { Open311KeyService } from './open311-keys.service';
import { Open311Service } from './open311.service';

export * from './open311-api-key.entity';
export { SERVICE_ATTRIBUTES } from './open311-attributes';
export type { AttributeDef } from './open311-attributes';
export { OPEN311_CONTENT_TYPES, parseFormat, renderOpen311, splitResource } from './open311-format';
export type { Open311Format } from './open311-format';
export * from './open311-key.dto';
export * from './open311-keys.service';
export * from './open311.service';
export * from './open311.types';

/** The providers of this channel's adapter; IntakeModule registers and exports them. */
export const OPEN311_PROVIDERS: Provider[] = [Open311Service, Open311KeyService];
