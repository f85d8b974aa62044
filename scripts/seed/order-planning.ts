import type { TicketState } from '@app/tickets';
import { CITY_OFFSET, DAY, HOUR, MINUTE } from './order-story';
import { Rng } from './random';
import { mobile, personName } from './reference';

/** Calls by hour of day (city time): a morning and an afternoon peak, quiet nights. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 0.4, 0.8, 2, 4, 8, 11, 11, 9, 6, 7, 9, 10, 9, 7, 5, 5, 4, 3, 2, 1.5];

/** How much newer than the rest the last hours are: the orders an agent has just taken. */
const TAIL_HOURS = 12;

/**
 * When the appeals came in, oldest first: over the year before `now`, slowly growing, fewer at
 * weekends and at night. The last `tail` ones fall in the last hours; they become the orders still
 * being registered and dispatched.
 */
export function planReceivedTimes(rng: Rng, count: number, now: Date, tail: number): Date[] {
  const end = now.getTime();
  const out: Date[] = [];
  while (out.length < count - tail) {
    const daysAgo = rng.real(0, 365);
    const instant = end - daysAgo * DAY;
    const localMidnight = Math.floor((instant + CITY_OFFSET) / DAY) * DAY - CITY_OFFSET;
    const dow = new Date(localMidnight + CITY_OFFSET).getUTCDay();
    const weight = (0.8 + 0.2 * (1 - daysAgo / 365)) * (dow === 0 || dow === 6 ? 0.7 : 1);
    if (!rng.chance(weight)) continue;
    const hour = rng.weightedBy([...HOUR_WEIGHTS.keys()], (h) => HOUR_WEIGHTS[h]);
    const t = localMidnight + hour * HOUR + rng.real(0, HOUR);
    if (t > end - TAIL_HOURS * HOUR) continue;
    out.push(new Date(Math.round(t)));
  }
  while (out.length < count) out.push(new Date(Math.round(end - rng.real(10 * MINUTE, TAIL_HOURS * HOUR))));
  return out.sort((a, b) => a.getTime() - b.getTime());
}

/**
 * States every demo must show, beyond what time alone produces. The tail (the newest orders, in
 * order) stops at intake; the middle goals are spread over the last few weeks. 'sub_open' is an
 * order whose sub-dispatched child is still open.
 */
export type Goal = TicketState | 'sub_open';

export function planGoals(rng: Rng, count: number): { tail: TicketState[]; middle: Goal[] } {
  const quota = (perThousand: number) => Math.max(1, Math.round((count * perThousand) / 1000));
  const times = <G extends Goal>(goal: G, n: number): G[] => Array<G>(n).fill(goal);
  const tail = [...times('to_dispatch', quota(2.5)), ...times('pending_review', quota(1.5)), ...times('registered', quota(2))];
  const middle: Goal[] = [
    ...times('sub_open', quota(2)),
    ...times('dispatched', quota(3)),
    ...times('return_requested', quota(2)),
    ...times('extension_requested', quota(2)),
    ...times('replied', quota(2.5)),
    ...times('callback_pending', quota(3)),
  ];
  for (let i = middle.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [middle[i], middle[j]] = [middle[j], middle[i]];
  }
  return { tail: tail.slice(Math.max(0, tail.length - count)), middle };
}

export interface Caller {
  name: string | null;
  phone: string;
}

export interface Citizen {
  name: string | null;
  phone: string | null;
  anonymous: boolean;
  confidential: boolean;
  repeat: boolean;
}

function callerName(rng: Rng): string | null {
  const r = rng.next();
  if (r < 0.15) return null;
  const full = personName(rng);
  return r < 0.6 ? `${full[0]}${rng.chance(0.5) ? '先生' : '女士'}` : full;
}

/** People who call again and again (重复来电): a few of them very often. */
export function repeatCallers(rng: Rng, n = 60): Caller[] {
  return Array.from({ length: n }, () => ({ name: callerName(rng), phone: mobile(rng) }));
}

export function pickCitizen(rng: Rng, callers: Caller[]): Citizen {
  if (rng.chance(0.02)) return { name: null, phone: null, anonymous: true, confidential: false, repeat: false };
  const confidential = rng.chance(0.04);
  if (rng.chance(0.12)) {
    const c = callers[Math.floor(Math.pow(rng.next(), 2) * callers.length)];
    return { ...c, anonymous: false, confidential, repeat: true };
  }
  return { name: callerName(rng), phone: mobile(rng), anonymous: false, confidential, repeat: false };
}
