import { AuthUser, UnitDirectory } from '@app/identity';
import { Injectable } from '@nestjs/common';

/** The part of the order table a user may see: everything (centre staff) or these units' orders. */
export type Scope = { all: true } | { all: false; unitIds: number[] };

@Injectable()
export class TicketAccess {
  constructor(private readonly units: UnitDirectory) {}

  /** A user sees the orders of their own unit and every unit below it; the centre is the root, so its staff see all. */
  async scopeOf(user: AuthUser): Promise<Scope> {
    if (user.role !== 'handler' && (await this.units.isRoot(user.unitId))) return { all: true };
    return { all: false, unitIds: await this.units.subtree(user.unitId) };
  }

  static covers(scope: Scope, unitId: number | null | undefined): boolean {
    return scope.all || (unitId !== null && unitId !== undefined && scope.unitIds.includes(unitId));
  }
}
