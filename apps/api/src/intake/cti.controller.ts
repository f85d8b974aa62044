import { Controller } from '@nestjs/common';

@Controller('channels/cti')
export class CtiController {}
