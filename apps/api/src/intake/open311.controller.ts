import { DomainError, HttpErrorFilter, badRequest } from '@app/common';
import { AuthUser } from '@app/identity';
import {
  CreateOpen311KeyDto,
  Open311ErrorView,
  Open311Format,
  Open311KeyService,
  Open311Service,
  parseFormat,
  renderOpen311,
  splitResource,
} from '@app/intake';
import {
  ArgumentsHost,
  Body,
  Catch,
  Controller,
  Delete,
  ExceptionFilter,
  Get,
  Headers,
  HttpCode,
  Logger,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';

const platformErrors = new HttpErrorFilter();

/**
 * GeoReport v2 errors: a list of {code, description} (JSON array, or <errors><error>… in XML, by the
 * path's extension), with the status the spec names. The spec has no 422: what the platform calls
 * unprocessable (an unknown category…) is a 400 here. Only on /open311/v2.
 */
export function toOpen311Errors(exception: unknown): { status: number; errors: Open311ErrorView[] } {
  const body = platformErrors.toBody(exception);
  const status = body.statusCode === 422 ? 400 : body.statusCode;
  const listed = (body.details as { errors?: unknown } | undefined)?.errors;
  const many = exception instanceof DomainError && Array.isArray(listed) && listed.every((e) => typeof e === 'string');
  return { status, errors: (many ? (listed as string[]) : [body.message]).map((description) => ({ code: status, description })) };
}

@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, errors } = toOpen311Errors(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const format: Open311Format = /\.xml$/i.test(req.url.split('?')[0]) ? 'xml' : 'json';
    const out = renderOpen311(format, 'errors', errors);
    void reply.status(status).header('content-type', out.contentType).send(out.body);
  }
}

/** `.json` or `.xml`; any other extension is refused (in JSON: there is no asking for it otherwise). */
function formatOf(ext: string | undefined): Open311Format {
  const f = parseFormat(ext);
  if (!f) throw badRequest('OPEN311.UNKNOWN_FORMAT', `不支持的格式 ${ext ?? '（无）'}，请使用 .json 或 .xml`);
  return f;
}

function send(reply: FastifyReply, format: Open311Format, root: string, data: unknown): string {
  const out = renderOpen311(format, root, data);
  void reply.header('content-type', out.contentType);
  return out.body;
}

const jurisdiction = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): public, no login. Reading is open to
 * all; POST requests needs an api_key in the body. The format is the path's extension.
 */
@ApiTags('Open311')
@Public()
@UseFilters(Open311ErrorFilter)
@Controller('open311/v2')
export class Open311Controller {
  constructor(private readonly open311: Open311Service) {}

  @Get('discovery.:format')
  discovery(@Param('format') ext: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return send(reply, formatOf(ext), 'discovery', this.open311.discovery(`${req.protocol}://${req.host}/open311/v2`));
  }

  @Get('services.:format')
  async services(@Param('format') ext: string, @Query('jurisdiction_id') j: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = formatOf(ext);
    return send(reply, format, 'services', await this.open311.services(jurisdiction(j)));
  }

  @Get('services/:file')
  async definition(@Param('file') file: string, @Query('jurisdiction_id') j: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const [code, ext] = splitResource(file);
    const format = formatOf(ext);
    return send(reply, format, 'service_definition', await this.open311.definition(code, jurisdiction(j)));
  }

  /** 200, as GeoReport clients expect; the body is a list of one {service_request_id, service_notice, account_id}. */
  @Post('requests.:format')
  @HttpCode(200)
  async create(
    @Param('format') ext: string,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const format = formatOf(ext);
    const rawType = /json/i.test(contentType ?? '') ? 'json' : 'form';
    return send(reply, format, 'service_requests', await this.open311.create(body, rawType, idempotencyKey));
  }

  @Get('requests.:format')
  async list(@Param('format') ext: string, @Query() q: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = formatOf(ext);
    return send(reply, format, 'service_requests', await this.open311.list(q));
  }

  @Get('requests/:file')
  async get(@Param('file') file: string, @Query('jurisdiction_id') j: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const [id, ext] = splitResource(file);
    const format = formatOf(ext);
    return send(reply, format, 'service_requests', await this.open311.get(id, jurisdiction(j)));
  }
}

/** Admins issue Open311 API keys to clients (the key is shown once), list them, and deactivate them. */
@ApiTags('Open311')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/open311-keys')
export class Open311KeysController {
  constructor(private readonly keys: Open311KeyService) {}

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() d: CreateOpen311KeyDto) {
    return this.keys.create(d.name, user.userId);
  }

  @Get()
  list() {
    return this.keys.list();
  }

  /** Deactivates (the row stays for the intake records that name it); deactivating twice is harmless. */
  @Delete(':id')
  deactivate(@Param('id', ParseIntPipe) id: number) {
    return this.keys.deactivate(id);
  }
}
