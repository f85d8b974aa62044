import { Provider } from '@nestjs/common';

/** The providers of duplicate suggestions; IntakeModule registers and exports them. */
export const DUPLICATE_PROVIDERS: Provider[] = [];
