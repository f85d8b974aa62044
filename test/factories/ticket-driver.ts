import { Res } from '../setup/http';
import { World, registration } from './world.factory';

type Who = keyof World['tokens'];

/** The path each state is reached by, from registration, with who takes each step. */
const PATHS: Record<string, [Who, string, Record<string, unknown>?][]> = {
  registered: [],
  to_dispatch: [['agent', 'submit']],
  dispatched: [
    ['agent', 'submit'],
    ['dispatcher', 'dispatch', { leadUnitId: 'DISTRICT' }],
  ],
  in_progress: [
    ['agent', 'submit'],
    ['dispatcher', 'dispatch', { leadUnitId: 'DISTRICT' }],
    ['handlerDistrict', 'sign'],
  ],
  return_requested: [
    ['agent', 'submit'],
    ['dispatcher', 'dispatch', { leadUnitId: 'DISTRICT' }],
    ['handlerDistrict', 'request-return', { reason: '不属于本单位职责', suggestedUnitId: 'DISTRICT2' }],
  ],
  extension_requested: [
    ['agent', 'submit'],
    ['dispatcher', 'dispatch', { leadUnitId: 'DISTRICT' }],
    ['handlerDistrict', 'sign'],
    ['handlerDistrict', 'request-extension', { reason: '需协调多部门', newDueAt: 'PLUS1' }],
  ],
  replied: [
    ['agent', 'submit'],
    ['dispatcher', 'dispatch', { leadUnitId: 'DISTRICT' }],
    ['handlerDistrict', 'sign'],
    ['handlerDistrict', 'reply', { result: 'resolved', replyText: '已组织城管队员清理' }],
  ],
  callback_pending: [
    ['agent', 'submit'],
    ['dispatcher', 'dispatch', { leadUnitId: 'DISTRICT' }],
    ['handlerDistrict', 'sign'],
    ['handlerDistrict', 'reply', { result: 'resolved', replyText: '已组织城管队员清理' }],
    ['supervisor', 'accept-reply'],
  ],
  closed: [
    ['agent', 'submit'],
    ['dispatcher', 'dispatch', { leadUnitId: 'DISTRICT' }],
    ['handlerDistrict', 'sign'],
    ['handlerDistrict', 'reply', { result: 'resolved', replyText: '已组织城管队员清理' }],
    ['supervisor', 'accept-reply'],
    ['agent', 'callback', { reached: true, resolved: 'resolved', satisfaction: 'satisfied' }],
  ],
};

/** Drives orders through the real API, remembering each order's version as the client would. */
export class TicketDriver {
  readonly versions = new Map<string, number>();

  constructor(private readonly w: World) {}

  async register(extra: Record<string, unknown> = {}, who: Who = 'agent'): Promise<any> {
    const res = await this.w.http.as(this.w.tokens[who]).post('/tickets', registration(this.w, extra));
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    this.versions.set(res.body.id, res.body.version);
    return res.body;
  }

  /** Takes an action with the version last seen; the version is updated when it succeeds. */
  async act(who: Who, id: string, action: string, body: Record<string, unknown> = {}): Promise<Res> {
    const res = await this.w.http.as(this.w.tokens[who]).post(`/tickets/${id}/${action}`, { version: this.versions.get(id) ?? 1, ...body });
    if (res.status === 200) this.versions.set(id, res.body.version);
    return res;
  }

  async must(who: Who, id: string, action: string, body: Record<string, unknown> = {}): Promise<any> {
    const res = await this.act(who, id, action, body);
    if (res.status !== 200) throw new Error(`${action} by ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** A new order in `state`, reached by the ordinary path. */
  async inState(state: keyof typeof PATHS, extra: Record<string, unknown> = {}): Promise<any> {
    let t = await this.register(extra);
    for (const [who, action, body = {}] of PATHS[state]) {
      const resolved: Record<string, unknown> = { ...body };
      if (resolved.leadUnitId === 'DISTRICT') resolved.leadUnitId = this.w.units.district.id;
      if (resolved.suggestedUnitId === 'DISTRICT2') resolved.suggestedUnitId = this.w.units.district2.id;
      if (resolved.newDueAt === 'PLUS1') resolved.newDueAt = new Date(new Date(t.deadlines.dueAt).getTime() + 86_400_000).toISOString();
      t = await this.must(who, t.id, action, resolved);
    }
    return t;
  }

  async detail(who: Who, id: string): Promise<any> {
    return (await this.w.http.as(this.w.tokens[who]).get(`/tickets/${id}`)).body;
  }
}
