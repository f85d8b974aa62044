import { Provider } from '@nestjs/common';
import { DuplicateFinder } from './duplicate-finder.service';

/** The providers of duplicate suggestions; IntakeModule registers and exports them. */
export const DUPLICATE_PROVIDERS: Provider[] = [DuplicateFinder];

export * from './duplicate-draft.dto';
export * from './duplicate-finder.service';
export { REASON_LABELS, type Reason, type ReasonCode } from './duplicate-scoring';
