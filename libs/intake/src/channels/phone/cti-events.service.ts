import { badRequest } from '@app/common';
import { AuthUser } from '@app/identity';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HotlineRegistry } from '../../hotline-registry';
import { CallFacts, applyCallEvent } from './call-state';
import { CtiAck, CtiEventDto } from './cti-event.dto';
import { ScreenPop } from './screen-pop';

/** The switch's clock may run a little ahead of ours; an event further in the future is a bad clock or a forgery. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** An answer reported this late (a buffer flushed after an outage) pops nothing: the call is long over. */
const SCREEN_POP_MAX_DELAY_MS = 10 * 60_000;
/** Who can be at a phone seat. */
const SEAT_ROLES = ['agent', 'dispatcher', 'supervisor'];

/** Thrown inside the transaction to roll back whatever a redelivered event touched. */
class DuplicateEvent extends Error {}

type CallRow = Record<string, unknown> & { id: string; call_id: string };

const FACT_COLUMNS: [keyof CallFacts, string][] = [
  ['startedAt', 'started_at'],
  ['offeredAt', 'offered_at'],
  ['queuedAt', 'queued_at'],
  ['answeredAt', 'answered_at'],
  ['abandonedAt', 'abandoned_at'],
  ['endedAt', 'ended_at'],
  ['callerNumber', 'caller_number'],
  ['agentRef', 'agent_ref'],
  ['agentUserId', 'agent_user_id'],
  ['waitSeconds', 'wait_seconds'],
  ['talkSeconds', 'talk_seconds'],
  ['recordingRef', 'recording_ref'],
  ['missedCallbackStatus', 'missed_callback_status'],
];

const toFacts = (row: CallRow) => Object.fromEntries(FACT_COLUMNS.map(([k, c]) => [k, row[c] ?? null])) as unknown as CallFacts;

/**
 * CTI events from the switch into call records. Each event, in ONE transaction: opens or locks its call
 * record, is stored once (unique event id: a redelivery is acknowledged and changes nothing), applies its
 * fact through the call state machine, and, when it is the answer, writes the agent's screen pop to the
 * outbox. An unknown dialled number is refused before anything is written.
 */
@Injectable()
export class CtiEventsService {
  private readonly logger = new Logger('CtiEvents');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hotlines: HotlineRegistry,
    private readonly screenPop: ScreenPop,
  ) {}

  /** `raw` is the JSON as signed, kept with the event. */
  async receive(e: CtiEventDto, raw: string): Promise<CtiAck> {
    const occurredAt = new Date(e.occurredAt);
    if (occurredAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
      throw badRequest('CTI.EVENT_IN_FUTURE', '事件时间晚于当前时间超过5分钟，请检查交换机时钟', { occurredAt: e.occurredAt });
    }
    if (e.type === 'answered' && !e.agent) throw badRequest('CTI.AGENT_REQUIRED', '应答事件必须说明接听的坐席（agent）');
    const hotline = (await this.hotlines.resolve(e.dialledNumber))!;
    const agent = e.type === 'answered' ? await this.seat(e.agent!) : null;
    const callerNumber = e.callerNumber || null;
    try {
      const ack = await this.dataSource.transaction(async (m) => {
        const row = await this.lockCall(m, e.callId, callerNumber, e.dialledNumber, hotline.id, occurredAt);
        const r = applyCallEvent(toFacts(row), {
          type: e.type,
          occurredAt,
          callerNumber,
          agentRef: e.agent ?? null,
          agentUserId: agent?.userId ?? null,
          waitSeconds: e.waitSeconds,
          talkSeconds: e.talkSeconds,
          recordingRef: e.recordingRef,
        });
        const [stored] = (await m.query(
          `INSERT INTO call_event (event_id, call_record_id, type, occurred_at, outcome, raw) VALUES ($1,$2,$3,$4,$5,$6)
           ON CONFLICT ON CONSTRAINT call_event_event_id_uq DO NOTHING RETURNING id`,
          [e.eventId, row.id, e.type, occurredAt, r.outcome, raw],
        )) as { id: string }[];
        if (!stored) throw new DuplicateEvent();
        if (r.outcome === 'applied' || r.outcome === 'late') await this.save(m, row.id, r.state, r.facts);
        const fresh = Date.now() - occurredAt.getTime() < SCREEN_POP_MAX_DELAY_MS;
        if (r.answeredNow && agent && fresh) {
          await this.screenPop.append(
            m,
            { id: row.id, callId: e.callId, callerNumber: r.facts.callerNumber, answeredAt: occurredAt, waitSeconds: r.facts.waitSeconds },
            hotline,
            agent,
          );
        }
        const result: CtiAck = { accepted: true, duplicate: false, callId: e.callId, state: r.state, outcome: r.outcome };
        if (e.type === 'answered' && !agent && r.answeredNow) {
          result.warning = { code: 'CTI.UNKNOWN_AGENT', message: `坐席 ${e.agent} 不是本平台的在岗用户：已记录应答，未弹屏` };
        }
        return result;
      });
      if (ack.outcome === 'conflict') this.logger.warn(`call ${e.callId}: ${e.type} contradicts what is recorded; kept, not applied`);
      return ack;
    } catch (err) {
      if (err instanceof DuplicateEvent) return this.firstAck(e.eventId);
      throw err;
    }
  }

  /** The call's record, created by whichever of its events comes first, and locked for this event. */
  private async lockCall(m: EntityManager, callId: string, caller: string | null, dialled: string, hotlineId: number, at: Date) {
    const [row] = (await m.query(
      `INSERT INTO call_record (call_id, caller_number, dialled_number, hotline_id, state, started_at)
       VALUES ($1,$2,$3,$4,'offered',$5)
       ON CONFLICT ON CONSTRAINT call_record_call_id_uq DO UPDATE SET updated_at = call_record.updated_at
       RETURNING *`,
      [callId, caller, dialled, hotlineId, at],
    )) as CallRow[];
    return row;
  }

  private async save(m: EntityManager, id: string, state: string, f: CallFacts): Promise<void> {
    const sets = FACT_COLUMNS.map(([, c], i) => `${c} = $${i + 3}`).join(', ');
    await m.query(`UPDATE call_record SET state = $2, ${sets}, updated_at = now() WHERE id = $1`, [
      id,
      state,
      ...FACT_COLUMNS.map(([k]) => f[k]),
    ]);
  }

  /** A redelivery gets what the first delivery did, and what the call is now. */
  private async firstAck(eventId: string): Promise<CtiAck> {
    const [r] = (await this.dataSource.query(
      `SELECT e.outcome, c.call_id, c.state FROM call_event e JOIN call_record c ON c.id = e.call_record_id WHERE e.event_id = $1`,
      [eventId],
    )) as { outcome: string; call_id: string; state: string }[];
    return { accepted: true, duplicate: true, callId: r.call_id, state: r.state, outcome: r.outcome };
  }

  /** The switch names the agent by our username. Someone else (or nobody we know) gets no screen pop. */
  private async seat(username: string): Promise<AuthUser | null> {
    const [u] = (await this.dataSource.query(
      `SELECT id, username, role, unit_id FROM app_user WHERE username = $1 AND active AND role = ANY($2)`,
      [username, SEAT_ROLES],
    )) as { id: number; username: string; role: AuthUser['role']; unit_id: number }[];
    return u ? { userId: u.id, username: u.username, role: u.role, unitId: u.unit_id } : null;
  }
}
