import { Controller } from '@nestjs/common';

@Controller('callbacks')
export class CallbacksController {}
