import { CallbacksModule } from '@app/callbacks';
import { Module } from '@nestjs/common';
import { CallbacksController } from './callbacks.controller';
import { PublicCallbacksController } from './public-callbacks.controller';

/** 回访: the callback agents' work list and actions, the public rating page, and callback review. */
@Module({
  imports: [CallbacksModule],
  controllers: [CallbacksController, PublicCallbacksController],
})
export class CallbacksApiModule {}
