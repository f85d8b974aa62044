import { Injectable } from '@nestjs/common';

/** What the worker hands over for every order event (from the outbox). */
export interface OrderEvent {
  id: string;
  action: string;
  state: string;
}

/**
 * The worker calls this for every order event: callbacks fall due when a reply is accepted, first-contact
 * closures are sampled, and a dissatisfied callback reopens the order. Idempotent: a retried event does
 * nothing twice.
 */
@Injectable()
export class CallbackEvents {
  async onOrderEvent(_e: OrderEvent): Promise<void> {
    // filled in by libs/callbacks
  }
}
