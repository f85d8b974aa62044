import { ReferenceService } from '@app/tickets';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

@ApiTags('基础数据')
@ApiBearerAuth()
@Controller()
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  /** 事项分类, three levels with stable codes; add ?all=true for inactive ones too. */
  @Get('categories')
  categories(@Query('all') all?: string) {
    return this.reference.categories(all === 'true');
  }

  /** 区 > 街道/乡镇 > 社区. */
  @Get('regions')
  regions() {
    return this.reference.regions();
  }

  @Get('hotlines')
  hotlines() {
    return this.reference.hotlines();
  }

  /** Units for dispatch, with their parents; the tree is built by the client. */
  @Get('units')
  units() {
    return this.reference.units();
  }
}
