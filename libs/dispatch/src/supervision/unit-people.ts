import { Unit, User } from '@app/identity';
import { EntityManager, In } from 'typeorm';

export type Recipient = 'handler' | 'deputy_head' | 'head';

/** Who to tell at a unit: its handlers (联络员), or its deputy head, or its head; with their phones for SMS. */
export async function unitPeople(m: EntityManager, unitId: number, who: Recipient[]): Promise<{ userIds: number[]; phones: string[] }> {
  const unit = await m.getRepository(Unit).findOne({ where: { id: unitId } });
  if (!unit) return { userIds: [], phones: [] };
  const ids = new Set<number>();
  if (who.includes('head') && unit.headUserId) ids.add(unit.headUserId);
  if (who.includes('deputy_head') && unit.deputyHeadUserId) ids.add(unit.deputyHeadUserId);
  const users = await m.getRepository(User).find({
    where: who.includes('handler')
      ? [{ unitId, role: 'handler', active: true }, ...(ids.size ? [{ id: In([...ids]), active: true }] : [])]
      : { id: In([...ids]), active: true },
    select: ['id', 'phone'],
  });
  // A unit without a head or deputy on file still gets told: through its handlers.
  const found = users.length
    ? users
    : await m.getRepository(User).find({ where: { unitId, role: 'handler', active: true }, select: ['id', 'phone'] });
  return { userIds: found.map((u) => u.id), phones: found.map((u) => u.phone).filter((p): p is string => !!p) };
}

/** The centre's dispatchers and supervisors, who review returns and extensions. */
export async function centreReviewers(m: EntityManager, rootUnitIds: number[]): Promise<number[]> {
  const users = await m
    .getRepository(User)
    .find({ where: { unitId: In(rootUnitIds), role: In(['dispatcher', 'supervisor']), active: true }, select: ['id'] });
  return users.map((u) => u.id);
}
