import { Injectable } from '@nestjs/common';

/** The worker calls this for every order event, so pre-aggregated figures follow the orders. Idempotent. */
@Injectable()
export class KpiEvents {
  async onOrderEvent(_ticketId: string): Promise<void> {
    // filled in by libs/kpi
  }
}
