import { Provider } from '@nestjs/common';
import { CallsService } from './calls.service';
import { CtiEventsService } from './cti-events.service';
import { ScreenPop } from './screen-pop';

export * from './call-event.entity';
export * from './call-kpi';
export * from './call-record.entity';
export * from './call-state';
export * from './calls.dto';
export * from './calls.service';
export * from './cti-event.dto';
export * from './cti-events.service';
export * from './screen-pop';

/** The providers of this channel's adapter; IntakeModule registers and exports them. */
export const PHONE_PROVIDERS: Provider[] = [CtiEventsService, CallsService, ScreenPop];
