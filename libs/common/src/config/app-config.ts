import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toFloat = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes'].includes(String(value).toLowerCase());

/**
 * Every setting the platform reads from the environment, validated once at boot.
 * Nothing else in the code base reads process.env.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsString()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/hotline';

  @IsString()
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix for every Redis key and Bull queue, so that several deployments (or test runs) can share one Redis. */
  @IsString()
  REDIS_PREFIX = 'hotline';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  JWT_REFRESH_TTL_DAYS = 7;

  /** Failed-login limit: after LOGIN_LIMIT failures within LOGIN_WINDOW_SECONDS, one account from one address is refused (429). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LIMIT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 60;

  /** Login requests (any outcome) per address per LOGIN_WINDOW_SECONDS: bounds password spraying across accounts. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_IP_LIMIT = 60;

  @IsString()
  ATTACHMENT_DIR = './.data/attachments';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

  /** Comma-separated MIME types an attachment may have. */
  @IsString()
  ATTACHMENT_TYPES = 'image/jpeg,image/png,image/gif,image/webp,application/pdf,audio/mpeg,audio/amr,audio/wav,video/mp4,text/plain';

  @IsString()
  CITY_TIMEZONE = 'Asia/Shanghai';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Bearer token Prometheus presents at /metrics. Without it, /metrics needs an admin's JWT. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;

  @Transform(toBool)
  @IsBoolean()
  SWAGGER_ENABLED = true;

  /** fastify is the production adapter (chosen on measured figures); express exists for the benchmark's comparison. */
  @IsIn(['fastify', 'express'])
  HTTP_ADAPTER: 'fastify' | 'express' = 'fastify';

  @Transform(toInt)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS = 200;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(5000)
  OUTBOX_BATCH = 500;

  /** An event handed to Redis but not processed after this long is relayed again (Redis lost it). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  OUTBOX_REDRIVE_AFTER_MS = 120_000;

  /** A unit may ask to return an order within this many working days of its dispatch. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RETURN_WINDOW_WORKING_DAYS = 2;

  /** Extensions per handling round, and how far past the current deadline one may reach. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  EXTENSION_MAX_PER_ROUND = 1;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  EXTENSION_MAX_WORKING_DAYS = 10;

  /**
   * Reminders before a deadline: working days before it and who is told, escalating.
   * 0 means the morning of the deadline's day. Roles: handler, deputy_head, head.
   */
  @IsString()
  REMINDER_SCHEDULE = '3:handler,1:deputy_head,0:head';

  /** Default office hours for limits counted in working hours (units may have their own). */
  @IsString()
  WORKING_HOURS = '08:30-17:30';

  /** A supervision order's own deadline, in working days. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SUPERVISION_DUE_WORKING_DAYS = 3;

  /** How often the worker's sweeper rebuilds missing timers from the database. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  TIMER_SWEEP_MS = 60_000;

  /** A published knowledge entry not reviewed for this many days is flagged to its owner unit. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  KNOWLEDGE_REVIEW_DAYS = 180;

  /** A message from the same sender on the same conversational channel within this many minutes joins their open appeal. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  INTAKE_FOLLOW_UP_MINUTES = 30;

  // --- channels (libs/intake). Secrets have no defaults: a channel without its secret answers 503. ---

  /** WeChat official account (微信公众号) message push: the token, the 43-character EncodingAESKey and the AppID. */
  @IsOptional()
  @IsString()
  @MinLength(3)
  WECHAT_TOKEN?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9]{43}$/, { message: 'WECHAT_ENCODING_AES_KEY must be the 43-character key from the WeChat console' })
  WECHAT_ENCODING_AES_KEY?: string;

  @IsOptional()
  @IsString()
  WECHAT_APP_ID?: string;

  /** Open311 API keys accepted besides those admins manage in the database (comma-separated). */
  @IsOptional()
  @IsString()
  OPEN311_API_KEYS?: string;

  /** The jurisdiction_id Open311 clients may send; any other is refused. */
  @IsString()
  OPEN311_JURISDICTION_ID = 'binjiang.gov.cn';

  /** Shared secret the call-centre switch signs its CTI events with (HMAC-SHA256 of the body). */
  @IsOptional()
  @IsString()
  @MinLength(16)
  CTI_WEBHOOK_SECRET?: string;

  /** The phone answer duty (GB/T 33358): calls answered within this many seconds count for 15秒应答率. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  CTI_ANSWER_WITHIN_SECONDS = 15;

  /** Shared secret the SMS gateway signs inbound messages with (HMAC-SHA256 of the body). */
  @IsOptional()
  @IsString()
  @MinLength(16)
  SMS_WEBHOOK_SECRET?: string;

  /** Outbound SMS: 'recording' keeps every message in sms_message and sends nothing; 'http' posts to SMS_HTTP_URL. */
  @IsIn(['recording', 'http'])
  SMS_PROVIDER: 'recording' | 'http' = 'recording';

  @IsOptional()
  @IsString()
  SMS_HTTP_URL?: string;

  @IsOptional()
  @IsString()
  SMS_HTTP_TOKEN?: string;

  /** Public web/app submissions: per address and per phone number, within PUBLIC_RATE_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PUBLIC_RATE_PER_IP = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  PUBLIC_RATE_PER_PHONE = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  PUBLIC_RATE_WINDOW_SECONDS = 3600;

  /** A captcha service to verify public submissions' tokens against (POST {token, ip} → {success}); unset: no captcha. */
  @IsOptional()
  @IsString()
  CAPTCHA_VERIFY_URL?: string;

  // --- callbacks (回访) and KPIs ---

  /** A callback falls due this many working days after the reply is accepted. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  CALLBACK_DUE_WORKING_DAYS = 1;

  /** Failed attempts after which a callback is recorded as unreached (and left out of satisfaction). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  CALLBACK_MAX_ATTEMPTS = 3;

  /** Share of orders closed at first contact that get a callback too (0 to 1). */
  @Transform(toFloat)
  @IsNumber()
  @Min(0)
  @Max(1)
  CALLBACK_FIRST_CONTACT_SAMPLE_RATE = 0.1;

  /** How long a callback link sent by SMS or WeChat stays valid. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  CALLBACK_TOKEN_TTL_HOURS = 72;

  /** Where citizens reach the public pages (callback links in SMS and WeChat messages). */
  @IsString()
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** Beijing's three rates: weights of 响应率, 解决率, 满意率 in the composite score, in percent. */
  @IsString()
  @Matches(/^\d{1,3},\d{1,3},\d{1,3}$/, { message: 'KPI_WEIGHTS must be three percentages, e.g. 30,35,35' })
  KPI_WEIGHTS = '30,35,35';

  /** Targets below which units are flagged in league tables: kpi:value pairs (rates as fractions). */
  @IsString()
  KPI_TARGETS = 'connectionRate:0.98,answer15Rate:0.8,onTimeCompletionRate:0.96,satisfactionRate:0.98';

  /** How often the worker sends the live board's figures to the floor (milliseconds). */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  LIVE_BOARD_MS = 5000;

  /** How often the worker puts report jobs lost by Redis or a crashed worker back on the queue (milliseconds). */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  REPORT_SWEEP_MS = 15000;

  /** A running report job without a heartbeat for this long is taken to have lost its worker (seconds). */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  REPORT_STALLED_SECONDS = 300;

  /** 'all' runs the api's socket.io with the Redis adapter; tests of a single instance may switch it off. */
  @Transform(toBool)
  @IsBoolean()
  SOCKET_REDIS_ADAPTER = true;
}

export class ConfigError extends Error {}

/** Settings without a default (so absent from `new AppConfig()`), read when present. */
const OPTIONAL_KEYS = [
  'JWT_SECRET',
  'METRICS_TOKEN',
  'WECHAT_TOKEN',
  'WECHAT_ENCODING_AES_KEY',
  'WECHAT_APP_ID',
  'OPEN311_API_KEYS',
  'CTI_WEBHOOK_SECRET',
  'SMS_WEBHOOK_SECRET',
  'CAPTCHA_VERIFY_URL',
  'SMS_HTTP_URL',
  'SMS_HTTP_TOKEN',
];

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, unknown> = {};
  for (const key of [...known, ...OPTIONAL_KEYS]) if (env[key] !== undefined) raw[key] = env[key];
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
