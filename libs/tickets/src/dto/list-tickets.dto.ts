import { IsPhone } from '@app/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CHANNELS, Channel, TICKET_STATES, TicketState, URGENCIES, Urgency } from '../ticket.types';

const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === true ? true : value === 'false' || value === false ? false : value;

/** Keyset pagination: the cursor of the last page's last row, and a page size. */
export class PageDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ListTicketsDto extends PageDto {
  @ApiPropertyOptional({ enum: TICKET_STATES })
  @IsOptional()
  @IsIn(TICKET_STATES)
  state?: TicketState;

  @ApiPropertyOptional({ description: '主办单位（含下级）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  categoryId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  districtId?: number;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ enum: URGENCIES })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiPropertyOptional({ description: '受理时间起' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ description: '受理时间止（不含）' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @ApiPropertyOptional({ description: '只看已超期' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: '关键词：工单号、标题或内容' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;
}

export const INBOX_TABS = ['to_sign', 'in_progress', 'due_soon', 'overdue', 'returned', 'awaiting_approval'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];
export const INBOX_TAB_LABELS: Record<InboxTab, string> = {
  to_sign: '待签收',
  in_progress: '办理中',
  due_soon: '即将到期',
  overdue: '已超期',
  returned: '退回/驳回',
  awaiting_approval: '待我审批',
};

export class InboxDto extends PageDto {
  @ApiPropertyOptional({ enum: INBOX_TABS, default: 'to_sign' })
  @IsOptional()
  @IsIn(INBOX_TABS)
  tab?: InboxTab;
}

export class CallerHistoryDto {
  @ApiPropertyOptional({ description: '来电号码' })
  @IsPhone()
  phone: string;
}

export class RevealDto {
  @ApiPropertyOptional({ description: '查看目的，如 callback（回访）' })
  @IsIn(['callback', 'verification', 'contact'])
  purpose: 'callback' | 'verification' | 'contact';
}
