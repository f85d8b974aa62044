import { AppConfig, badRequest, notFound } from '@app/common';
import { FINAL_STATES, STATE_LABELS, TicketState } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'crypto';
import { DataSource } from 'typeorm';
import { IntakeService } from '../../intake.service';
import { attributesOf, checkAttributes, toAttributeView } from './open311-attributes';
import { cityDateTime, scrubPersonalData } from './open311-format';
import { Open311KeyService } from './open311-keys.service';
import { CreateRequestInput, invalid, parseCreateRequest, parseListQuery, readFields } from './open311-request';
import {
  GEOREPORT_V2_SPEC,
  Open311CreatedRequest,
  Open311Discovery,
  Open311RequestView,
  Open311ServiceDefinition,
  Open311ServiceView,
} from './open311.types';

/** When this endpoint last changed (discovery's changeset): move it with any change clients would notice. */
const CHANGESET = '2026-11-22T00:00:00+08:00';
/** GET requests answers at most this many, newest first. */
export const OPEN311_LIST_LIMIT = 1000;
const OPEN_NOTICE = '12345热线将按规定时限转交承办单位办理。';

interface ServiceRow {
  id: number;
  code: string;
  name: string;
  mid_name: string;
  top_name: string;
}

interface RequestRow {
  no: string;
  state: TicketState;
  content: string;
  reply_text: string | null;
  address: string | null;
  latitude: string | null;
  longitude: string | null;
  received_at: Date;
  updated_at: Date;
  due_at: Date | null;
  service_code: string | null;
  service_name: string | null;
  agency: string | null;
  media_url: string | null;
}

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the platform's own data: the
 * services are the active leaf categories (事项分类, level 3, under active parents), a service
 * request is a work order, and what the public may read of it is what the citizen agreed to publish,
 * without personal data. A POST becomes an order through IntakeService, like every other channel.
 */
@Injectable()
export class Open311Service {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intake: IntakeService,
    private readonly keys: Open311KeyService,
    private readonly config: AppConfig,
  ) {}

  discovery(baseUrl: string): Open311Discovery {
    return {
      changeset: CHANGESET,
      contact: '12345政务服务便民热线：拨打 12345，7×24小时服务。',
      key_service: 'API 密钥由 12345 热线平台管理员签发，请联系热线管理部门申请。',
      endpoints: [
        {
          specification: GEOREPORT_V2_SPEC,
          url: baseUrl,
          changeset: CHANGESET,
          type: this.config.NODE_ENV === 'production' ? 'production' : 'test',
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
  }

  async services(jurisdictionId: string | null): Promise<Open311ServiceView[]> {
    this.checkJurisdiction(jurisdictionId, 404);
    const rows = await this.serviceRows(null);
    return rows.map((r) => ({
      service_code: r.code,
      service_name: r.name,
      description: `${r.top_name} > ${r.mid_name} > ${r.name}`,
      metadata: attributesOf(r.name).length > 0,
      type: 'realtime',
      keywords: `${r.mid_name}, ${r.name}`,
      group: r.top_name,
    }));
  }

  /** A service's attributes; a service without any has an empty list. Unknown codes: 404. */
  async definition(code: string, jurisdictionId: string | null): Promise<Open311ServiceDefinition> {
    this.checkJurisdiction(jurisdictionId, 404);
    const [service] = await this.serviceRows(code);
    if (!service) throw notFound('OPEN311.UNKNOWN_SERVICE', `service_code ${code} 不存在`, { service_code: code });
    return { service_code: service.code, attributes: toAttributeView(attributesOf(service.name)) };
  }

  /**
   * POST requests: the api_key first (403 before anything is read), then the arguments, the service and
   * its attributes (400 listing every problem), then one order through IntakeService. A retry with the
   * same Idempotency-Key, or the same body from the same key within the same minute, gets the first
   * answer and creates nothing.
   */
  async create(body: unknown, rawType: 'form' | 'json', idempotencyKey: string | undefined): Promise<Open311CreatedRequest[]> {
    const fields = readFields(body);
    const caller = await this.keys.verify(fields.api_key);
    const input = parseCreateRequest(fields);
    this.checkJurisdiction(input.jurisdictionId, 400);
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,100}$/.test(idempotencyKey)) {
      throw invalid(['Idempotency-Key 须为 1 至 100 个可打印 ASCII 字符']);
    }
    const [service] = await this.serviceRows(input.serviceCode);
    if (!service) throw invalid([`service_code ${input.serviceCode} 不是可受理的服务，请先查询 services`]);
    const tz = this.config.CITY_TIMEZONE;
    const { answers, errors } = checkAttributes(attributesOf(service.name), input.attributes, tz);
    if (errors.length > 0) throw invalid(errors);

    const details = answers.map((a) => `${a.label}：${a.text}`).join('\n');
    const content = [input.description, details].filter((s) => s !== '').join('\n\n');
    const summary = (input.description || input.addressString || '').replace(/\s+/g, ' ').slice(0, 40);
    const { api_key: _secret, ...kept } = fields;
    const result = await this.intake.receive(
      {
        channel: 'open311',
        externalId: externalId(caller.account, input, idempotencyKey),
        account: caller.account,
        sender: { phone: input.phone, email: input.email, name: fullName(input) },
        content,
        attachments: input.mediaUrl ? [{ name: 'media_url', url: input.mediaUrl }] : [],
        location: {
          address: input.addressString ?? (input.addressId ? `地址编号 ${input.addressId}` : null),
          latitude: input.lat,
          longitude: input.long,
        },
        // The payload minus the key: raw is kept for audit and read by people.
        raw: rawType === 'form' ? new URLSearchParams(kept as Record<string, string>).toString() : JSON.stringify(kept),
        rawType,
        mode: 'order',
        order: {
          categoryId: service.id,
          appealType: 'help',
          title: summary ? `${service.name}：${summary}` : service.name,
          publishable: true,
        },
      },
      ({ ticketNo }) =>
        ({
          service_request_id: ticketNo!,
          service_notice: `已受理，工单编号 ${ticketNo}。${OPEN_NOTICE}`,
          account_id: input.accountId,
        }) satisfies Open311CreatedRequest,
    );
    return [result.answer as unknown as Open311CreatedRequest];
  }

  /** GET requests: publishable orders only, newest first, at most OPEN311_LIST_LIMIT. */
  async list(query: Record<string, unknown>): Promise<Open311RequestView[]> {
    const q = parseListQuery(query, new Date(), this.config.CITY_TIMEZONE);
    this.checkJurisdiction(q.jurisdictionId, 404);
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (q.ids) where.push(`t.no = ANY(${p(q.ids)})`);
    else {
      where.push(`t.received_at >= ${p(q.start)}`, `t.received_at <= ${p(q.end)}`);
      if (q.serviceCodes) where.push(`c.code = ANY(${p(q.serviceCodes)})`);
      if (q.statuses?.length === 1) where.push(`t.state ${q.statuses[0] === 'closed' ? '= ANY' : '<> ALL'}(${p(FINAL_STATES)})`);
    }
    return this.requests(where, params);
  }

  /** GET requests/{id}: a list of one, per the spec; an order the public may not see is not found. */
  async get(no: string, jurisdictionId: string | null): Promise<Open311RequestView[]> {
    this.checkJurisdiction(jurisdictionId, 404);
    const rows = /^[\w-]{1,24}$/.test(no) ? await this.requests(['t.no = $1'], [no]) : [];
    if (rows.length === 0) throw notFound('OPEN311.UNKNOWN_REQUEST', `service_request_id ${no} 不存在`, { service_request_id: no });
    return rows;
  }

  private async requests(where: string[], params: unknown[]): Promise<Open311RequestView[]> {
    const rows = (await this.dataSource.query(
      `SELECT t.no, t.state, t.content, t.reply_text, t.address, t.latitude, t.longitude, t.received_at, t.updated_at, t.due_at,
              c.code AS service_code, c.name AS service_name, u.name AS agency,
              (SELECT r.attachments->0->>'url' FROM intake_record r
                WHERE r.ticket_id = t.id AND r.channel = 'open311' ORDER BY r.id LIMIT 1) AS media_url
       FROM ticket t
       LEFT JOIN category c ON c.id = t.category_id
       LEFT JOIN unit u ON u.id = t.lead_unit_id
       -- What the citizen agreed to publish, never a confidential or anonymous order, never a sub-order
       -- (the order it was dispatched down from stands for it).
       WHERE t.publishable AND NOT t.confidential AND NOT t.anonymous AND t.parent_id IS NULL
         AND ${where.join(' AND ')}
       ORDER BY t.received_at DESC, t.id DESC
       LIMIT ${OPEN311_LIST_LIMIT}`,
      params,
    )) as RequestRow[];
    return rows.map((r) => this.toView(r));
  }

  private toView(r: RequestRow): Open311RequestView {
    const tz = this.config.CITY_TIMEZONE;
    const closed = FINAL_STATES.includes(r.state);
    const notes = !closed
      ? STATE_LABELS[r.state]
      : r.state === 'merged'
        ? '已与相同诉求合并办理'
        : scrubPersonalData(r.reply_text) || STATE_LABELS[r.state];
    return {
      service_request_id: r.no,
      status: closed ? 'closed' : 'open',
      status_notes: notes,
      service_name: r.service_name,
      service_code: r.service_code,
      description: scrubPersonalData(r.content),
      agency_responsible: r.agency,
      service_notice: closed ? null : OPEN_NOTICE,
      requested_datetime: cityDateTime(r.received_at, tz),
      updated_datetime: cityDateTime(r.updated_at, tz),
      expected_datetime: closed ? null : cityDateTime(r.due_at, tz),
      address: r.address === null ? null : scrubPersonalData(r.address),
      // No master address repository here: an address_id a client sent is kept in the address text.
      address_id: null,
      zipcode: null,
      lat: r.latitude === null ? null : Number(r.latitude),
      long: r.longitude === null ? null : Number(r.longitude),
      media_url: r.media_url,
    };
  }

  /** Active leaf categories under active parents, in the taxonomy's order; one of them when `code` is given. */
  private serviceRows(code: string | null): Promise<ServiceRow[]> {
    return this.dataSource.query(
      `SELECT l.id, l.code, l.name, m.name AS mid_name, t.name AS top_name
       FROM category l JOIN category m ON m.id = l.parent_id JOIN category t ON t.id = m.parent_id
       WHERE l.level = 3 AND l.active AND m.active AND t.active AND ($1::text IS NULL OR l.code = $1::text)
       ORDER BY t.sort_order, t.code, m.sort_order, m.code, l.sort_order, l.code`,
      [code],
    );
  }

  /** jurisdiction_id is optional (one jurisdiction here); when given it must be ours. */
  private checkJurisdiction(id: string | null, status: 400 | 404): void {
    if (id === null || id === this.config.OPEN311_JURISDICTION_ID) return;
    const message = `jurisdiction_id ${id} 不存在，本接口服务于 ${this.config.OPEN311_JURISDICTION_ID}`;
    throw status === 404
      ? notFound('OPEN311.UNKNOWN_JURISDICTION', message)
      : badRequest('OPEN311.UNKNOWN_JURISDICTION', message, { errors: [message] });
  }
}

/**
 * The intake record's external id. GeoReport v2 has no idempotency key: a client may send an
 * Idempotency-Key header (the same key from the same api_key is one request); without it, the same
 * arguments from the same api_key within the same clock minute are taken for a retry.
 */
function externalId(account: string, input: CreateRequestInput, idempotencyKey: string | undefined): string {
  const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
  if (idempotencyKey !== undefined) return `idem:${account}:${hash(idempotencyKey).slice(0, 40)}`;
  const attributes = Object.keys(input.attributes)
    .sort()
    .map((k) => [k, input.attributes[k]]);
  return `auto:${hash(JSON.stringify([account, Math.floor(Date.now() / 60_000), { ...input, attributes }]))}`;
}

/** 张 + 三 → 张三; John + Smith → John Smith. */
function fullName(input: CreateRequestInput): string | null {
  const parts = [input.firstName, input.lastName].filter((s): s is string => s !== null);
  if (parts.length === 0) return null;
  return /[\u4e00-\u9fff]/.test(parts.join('')) ? [input.lastName, input.firstName].filter(Boolean).join('') : parts.join(' ');
}
