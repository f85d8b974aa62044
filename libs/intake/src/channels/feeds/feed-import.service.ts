import { DomainError, badRequest } from '@app/common';
import { Category, Region } from '@app/catalog';
import { TicketTransfer } from '@app/tickets';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IntakeService } from '../../intake.service';
import { RowReport, batchRows, summarise, validateRow } from '../../public/batch';
import { FEED_SOURCE_LABELS, FeedImportDto, FeedRowDto, FeedSource } from './feed-row.dto';

/**
 * Feeds from elsewhere: public-opinion monitoring (舆情), orders pushed down from the provincial 12345
 * or the State Council's 互联网+督查, transfers from 110, suggestions. A batch in, a report per row out.
 * Each row is its own intake (idempotent on the source's id), so a batch sent twice creates nothing new
 * and one bad row does not stop the others.
 */
@Injectable()
export class FeedImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intake: IntakeService,
  ) {}

  async import(dto: FeedImportDto, importedBy: number) {
    const reports: RowReport[] = [];
    for (const [i, input] of batchRows(dto, ['tags']).entries()) reports.push(await this.importRow(dto.source, input, i + 1, importedBy));
    return { source: dto.source, sourceLabel: FEED_SOURCE_LABELS[dto.source], ...summarise(reports) };
  }

  private async importRow(source: FeedSource, input: Record<string, unknown>, row: number, importedBy: number): Promise<RowReport> {
    const externalId = typeof input.externalId === 'string' ? input.externalId : null;
    const checked = validateRow(FeedRowDto, input);
    if ('errors' in checked) return { row, externalId, status: 'invalid', errors: checked.errors };
    const dto = checked.value;
    try {
      const refs = await this.references(dto);
      const r = await this.intake.receive({
        channel: source,
        externalId: dto.externalId,
        hotlineNumber: dto.hotline ?? null,
        account: dto.origin ?? null,
        sender: { phone: dto.citizenPhone, name: dto.citizenName },
        content: dto.content,
        location: dto.address ? { address: dto.address } : null,
        receivedAt: dto.receivedAt,
        raw: JSON.stringify(input),
        rawType: 'json',
        mode: 'order',
        order: {
          title: dto.title,
          appealType: dto.appealType,
          urgency: dto.urgency,
          tags: [...(dto.tags ?? []), ...(dto.origin ? [dto.origin.slice(0, 20)] : [])],
          ...refs,
        },
        actor: null,
        onCreated:
          source === 'transfer_110'
            ? async (m, ticketId) => {
                await m.insert(TicketTransfer, {
                  ticketId,
                  direction: 'in',
                  partner: dto.partner ?? '110',
                  externalRef: dto.partnerRef ?? null,
                  note: dto.origin ?? null,
                  recordedBy: importedBy,
                });
              }
            : undefined,
      });
      return { row, externalId, status: r.duplicate ? 'duplicate' : 'created', ticketNo: r.ticketNo ?? undefined };
    } catch (e) {
      if (e instanceof DomainError) return { row, externalId, status: 'invalid', errors: [e.message] };
      throw e;
    }
  }

  /** Codes to ids: a category code, and a region code at any level with the levels above it. */
  private async references(dto: FeedRowDto) {
    const out: { categoryId?: number; districtId?: number; streetId?: number; communityId?: number } = {};
    if (dto.categoryCode) {
      const c = await this.dataSource.getRepository(Category).findOne({ where: { code: dto.categoryCode, active: true } });
      if (!c) throw badRequest('FEED.UNKNOWN_CATEGORY', `事项分类编码 ${dto.categoryCode} 不存在或已停用`);
      out.categoryId = c.id;
    }
    if (dto.regionCode) {
      let r = await this.dataSource.getRepository(Region).findOne({ where: { code: dto.regionCode } });
      if (!r) throw badRequest('FEED.UNKNOWN_REGION', `区划编码 ${dto.regionCode} 不存在`);
      while (r) {
        if (r.level === 'community') out.communityId = r.id;
        if (r.level === 'street') out.streetId = r.id;
        if (r.level === 'district') out.districtId = r.id;
        r = r.parentId ? await this.dataSource.getRepository(Region).findOne({ where: { id: r.parentId } }) : null;
      }
    }
    return out;
  }
}
