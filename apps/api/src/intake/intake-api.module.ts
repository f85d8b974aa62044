import { CallbacksModule } from '@app/callbacks';
import { IntakeModule } from '@app/intake';
import { Module } from '@nestjs/common';
import { CallsController, CtiController } from './cti.controller';
import { DuplicatesController } from './duplicates.controller';
import { HotlineAdminController, IntakeController } from './intake.controller';
import { Open311Controller, Open311KeysController } from './open311.controller';
import { PublicIntakeController, SmsChannelController } from './public-intake.controller';
import { WechatController } from './wechat.controller';

/** The channels' HTTP doors: one controller per channel, each a thin shell over its adapter in libs/intake. */
@Module({
  imports: [IntakeModule, CallbacksModule],
  controllers: [
    PublicIntakeController,
    SmsChannelController,
    IntakeController,
    HotlineAdminController,
    WechatController,
    Open311Controller,
    Open311KeysController,
    CtiController,
    CallsController,
    DuplicatesController,
  ],
})
export class IntakeApiModule {}
