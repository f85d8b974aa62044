import { Controller } from '@nestjs/common';

@Controller('tickets')
export class DuplicatesController {}
