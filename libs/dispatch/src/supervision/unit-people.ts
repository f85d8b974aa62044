import { Unit, User } from '@app/identity';
import { EntityManager, In } from 'typeorm';

export type Recipient = 'handler' | 'deputy_head' | 'head';

/**
 * Who to tell at a unit, with their phones for SMS. 'handler' means the liaison handlers (联络员), not the
 * head or deputy, who hear only what is escalated to them; a unit with no head or deputy on file has its
 * escalations go to its handlers instead.
 */
export async function unitPeople(m: EntityManager, unitId: number, who: Recipient[]): Promise<{ userIds: number[]; phones: string[] }> {
  const unit = await m.getRepository(Unit).findOne({ where: { id: unitId } });
  if (!unit) return { userIds: [], phones: [] };
  const leaders: Record<Exclude<Recipient, 'handler'>, number | null> = { head: unit.headUserId, deputy_head: unit.deputyHeadUserId };
  const leaderIds = who
    .filter((r): r is Exclude<Recipient, 'handler'> => r !== 'handler')
    .map((r) => leaders[r])
    .filter((x): x is number => !!x);
  const wantHandlers = who.includes('handler') || leaderIds.length === 0;
  const users = await m.getRepository(User).find({
    where: [
      ...(wantHandlers ? [{ unitId, role: 'handler' as const, active: true }] : []),
      ...(leaderIds.length ? [{ id: In(leaderIds), active: true }] : []),
    ],
    select: ['id', 'phone'],
  });
  const otherLeaders = new Set([unit.headUserId, unit.deputyHeadUserId].filter((x) => x && !leaderIds.includes(x)));
  const chosen = users.filter((u) => !otherLeaders.has(u.id));
  return { userIds: chosen.map((u) => u.id), phones: chosen.map((u) => u.phone).filter((p): p is string => !!p) };
}

/** The centre's dispatchers and supervisors, who review returns and extensions. */
export async function centreReviewers(m: EntityManager, rootUnitIds: number[]): Promise<number[]> {
  const users = await m
    .getRepository(User)
    .find({ where: { unitId: In(rootUnitIds), role: In(['dispatcher', 'supervisor']), active: true }, select: ['id'] });
  return users.map((u) => u.id);
}
