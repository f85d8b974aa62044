import type { AppealType, Channel, TicketState } from '@app/tickets';
import { Plan } from './order-lifecycle';
import { Caller, Goal, pickCitizen, repeatCallers } from './order-planning';
import { CITY_OFFSET, DAY, TicketRow } from './order-story';
import { Appeal, composeAppeal, fitAppealType, Location, pickLocation } from './order-text';
import { Rng } from './random';
import { LeafRef, World } from './reference';

/** What the agent does at registration. */
export type Intake = 'first_contact' | 'not_accepted' | 'transfer' | 'merge' | 'dispatch';

export interface Composed {
  leaf: LeafRef;
  loc: Location;
  intake: Intake;
  plan: Plan;
}

const APPEAL_MIX: Record<AppealType, number> = {
  consultation: 40,
  complaint: 22,
  help: 14,
  report: 8,
  suggestion: 6,
  praise: 2,
  cannot_do: 2,
  other: 1,
};

const CHANNEL_MIX: Partial<Record<Channel, number>> = {
  phone: 55,
  wechat: 13,
  app: 10,
  web: 8,
  mailbox: 4,
  sms: 3,
  upper_level: 2,
  transfer_110: 2,
  suggestion: 1.5,
  opinion: 1.5,
};

/** What agents do at registration, by appeal type: most consultations are answered at once. */
const INTAKE: Record<AppealType, Partial<Record<Intake, number>>> = {
  consultation: { first_contact: 85, not_accepted: 1, merge: 1, dispatch: 13 },
  help: { first_contact: 25, transfer: 6, merge: 5, not_accepted: 2, dispatch: 62 },
  complaint: { first_contact: 8, merge: 7, not_accepted: 3, transfer: 1, dispatch: 81 },
  report: { first_contact: 5, merge: 6, not_accepted: 3, transfer: 2, dispatch: 84 },
  suggestion: { first_contact: 30, not_accepted: 2, dispatch: 68 },
  praise: { first_contact: 60, dispatch: 40 },
  cannot_do: { dispatch: 100 },
  other: { first_contact: 50, not_accepted: 35, transfer: 5, dispatch: 10 },
};

const TRANSFER_MIX = { '110': 60, '120': 15, '119': 10, '122': 15 };

/**
 * Decides what an order is about: channel, hotline, category, appeal type, place, citizen, and
 * what will happen to it (intake and plan). Fills the ticket's descriptive columns.
 */
export class OrderComposer {
  private readonly callers: Caller[];
  private readonly transferLeaves: LeafRef[];
  private readonly notAcceptedLeaves: LeafRef[];
  private readonly legacyLines: World['hotlines'];
  readonly primaryLine: World['hotlines'][number];

  constructor(
    private readonly w: World,
    private readonly rng: Rng,
    private readonly now: Date,
  ) {
    this.callers = repeatCallers(rng);
    this.transferLeaves = w.leaves.filter((l) => l.def.transfer);
    this.notAcceptedLeaves = w.leaves.filter((l) => l.def.notAccepted);
    this.legacyLines = w.hotlines.filter((h) => h.def.share > 0 && h.row.default_category_id);
    this.primaryLine = w.hotlines.find((h) => h.row.mode === 'primary')!;
  }

  compose(t: TicketRow, goal: Goal | null): Composed {
    const rng = this.rng;
    const subOpen = goal === 'sub_open';
    let channel = rng.weighted(CHANNEL_MIX as Record<Channel, number>);
    let leaf = this.pickLeaf(t.received_at);
    if (channel === 'phone') {
      const line = rng.chance(0.14) && !subOpen ? rng.weightedBy(this.legacyLines, (h) => h.def.share) : this.primaryLine;
      t.hotline_id = line.row.id;
      if (line.row.default_category_id) leaf = this.w.leaves.find((l) => l.id === line.row.default_category_id)!;
    }
    // A child order can only go down from a district: pick a matter districts handle.
    if (subOpen) leaf = rng.weightedBy(this.w.leaves, (l) => (l.def.unit === 'D' ? l.def.weight : 0));
    let type = fitAppealType(leaf, channel === 'suggestion' ? 'suggestion' : rng.weighted(APPEAL_MIX));
    const intake: Intake = goal ? 'dispatch' : rng.weighted(INTAKE[type] as Record<Intake, number>);
    if (goal === 'pending_review') {
      while (!leaf.def.problems.length) leaf = this.pickLeaf(t.received_at);
      type = 'cannot_do';
    }
    if (intake === 'transfer') {
      leaf = rng.weightedBy(this.transferLeaves, (l) => TRANSFER_MIX[l.def.transfer!]);
      channel = 'phone';
      type = 'help';
      t.hotline_id = this.primaryLine.row.id;
    } else if (intake === 'not_accepted') {
      leaf = rng.pick(this.notAcceptedLeaves);
    }

    let loc = pickLocation(rng, this.w);
    while (subOpen && !loc.street.staffed) loc = pickLocation(rng, this.w);
    const appeal = this.describe(leaf, type, channel, loc);
    const citizen = pickCitizen(rng, this.callers);
    const urgent = leaf.def.urgentShare && rng.chance(leaf.def.urgentShare);
    Object.assign(t, {
      appeal_type: type,
      channel,
      category_id: leaf.id,
      title: appeal.title,
      content: appeal.content,
      urgency: urgent ? (rng.chance(0.35) ? 'critical' : 'urgent') : rng.chance(0.025) ? 'urgent' : 'normal',
      citizen_name: citizen.name,
      citizen_phone: citizen.phone,
      anonymous: citizen.anonymous,
      confidential: citizen.confidential,
      citizen_enterprise: leaf.family === '营商环境' ? appeal.company : null,
      tags: this.tagsFor(leaf, t.received_at, citizen.repeat),
      district_id: loc.district.region.id,
      street_id: loc.street.region.id,
      community_id: loc.community.region.id,
      address: loc.address,
      longitude: loc.longitude,
      latitude: loc.latitude,
    });
    return { leaf, loc, intake, plan: this.plan(goal, t.received_at) };
  }

  private pickLeaf(receivedAt: Date): LeafRef {
    const month = new Date(receivedAt.getTime() + CITY_OFFSET).getUTCMonth() + 1;
    return this.rng.weightedBy(this.w.leaves, (l) => (l.def.months && !l.def.months.includes(month) ? 0 : l.def.weight));
  }

  private describe(leaf: LeafRef, type: AppealType, channel: Channel, loc: Location): Appeal {
    if (leaf.def.transfer || leaf.def.notAccepted) {
      const [title, body] = leaf.def.problems[0]
        .replace(/\{place\}/g, loc.place)
        .replace(/\{road\}/g, loc.road)
        .split('|');
      return { title, content: body, company: '' };
    }
    return composeAppeal(this.rng, leaf, type, channel, loc);
  }

  private tagsFor(leaf: LeafRef, receivedAt: Date, repeat: boolean): string[] {
    const tags: string[] = [];
    if (leaf.family === '营商环境') tags.push('营商环境');
    if (repeat) tags.push('重复来电');
    const recent = this.now.getTime() - receivedAt.getTime() < 120 * DAY;
    if (recent && (leaf.def.name === '夜间施工噪声' || leaf.def.name === '物业服务质量') && this.rng.chance(0.5)) tags.push('每月一题');
    return tags;
  }

  /** What happens after dispatch: forced for goals, else by chance (an order may be stuck, urged, returned…). */
  plan(goal: Goal | null, receivedAt: Date): Plan {
    const rng = this.rng;
    if (goal) {
      return {
        returnRequest: goal === 'return_requested',
        extension: goal === 'extension_requested',
        urges: 0,
        supervise: false,
        subDispatch: goal === 'sub_open',
        sendBack: false,
        reopen: false,
        stuck: false,
        openChild: goal === 'sub_open',
      };
    }
    const age = (this.now.getTime() - receivedAt.getTime()) / DAY;
    const stuck = age > 12 && age < 120 && rng.chance(0.025);
    const urges = stuck ? rng.int(1, 3) : rng.chance(0.12) ? rng.int(1, 3) : 0;
    return {
      returnRequest: rng.chance(0.07),
      extension: stuck ? rng.chance(0.4) : rng.chance(0.08),
      urges,
      supervise: stuck ? rng.chance(0.6) : rng.chance(urges >= 2 ? 0.5 : 0.03),
      subDispatch: rng.chance(0.4),
      sendBack: rng.chance(0.05),
      reopen: rng.chance(0.5),
      stuck,
      openChild: false,
    };
  }

  /** The goal as a state the story stops at ('sub_open' stops on its own, when the child is left open). */
  static storyGoal(goal: Goal | null): TicketState | null {
    return goal === 'sub_open' ? null : goal;
  }
}
