import { AuthUser } from '@app/identity';
import { NotificationsService } from '@app/notifications';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.decorators';

@ApiTags('通知')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** My notices, newest first, with the unread count. */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query('unread') unread?: string, @Query('before') before?: string) {
    return this.notifications.list(user.userId, {
      unreadOnly: unread === 'true',
      before: before && /^\d+$/.test(before) ? before : undefined,
    });
  }

  @Post(':id/read')
  @HttpCode(204)
  async read(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    await this.notifications.markRead(user.userId, id);
  }

  @Post('read-all')
  @HttpCode(200)
  async readAll(@CurrentUser() user: AuthUser) {
    return { marked: await this.notifications.markAllRead(user.userId) };
  }
}
