import { Controller } from '@nestjs/common';

@Controller('open311/v2')
export class Open311Controller {}
