import { rooms } from '@app/common';
import { AuthService, AuthUser, Role } from '@app/identity';
import { LiveBoardService } from '@app/kpi';
import { TicketAccess, TicketsService } from '@app/tickets';
import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { InjectDataSource } from '@nestjs/typeorm';
import { Server, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { bearerToken } from '../auth/auth.guard';

const BOARD_ROLES: readonly Role[] = ['agent', 'dispatcher', 'supervisor', 'manager', 'admin'];

/**
 * Browsers connect with their access token in the handshake (`auth: { token }`). Each socket joins
 * its user's room and its unit's room; events for an order are sent by the worker to the rooms of
 * the units that may see it, so nobody else hears of it. A socket may also follow one order.
 */
@WebSocketGateway({ cors: { origin: true, credentials: true } })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger('RealtimeGateway');

  constructor(
    private readonly auth: AuthService,
    private readonly access: TicketAccess,
    private readonly tickets: TicketsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly board: LiveBoardService,
  ) {}

  afterInit(server: Server): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth?.token as string | undefined) ?? bearerToken(socket.handshake.headers.authorization);
      if (!token) return next(Object.assign(new Error('请先登录'), { data: { code: 'AUTH.MISSING_TOKEN' } }));
      try {
        socket.data.user = this.auth.verifyAccessToken(token);
        next();
      } catch {
        next(Object.assign(new Error('登录凭证无效或已过期'), { data: { code: 'AUTH.INVALID_TOKEN' } }));
      }
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const user = socket.data.user as AuthUser;
    await socket.join([rooms.user(user.userId), rooms.unit(user.unitId)]);
    this.logger.debug(`socket ${socket.id} joined as user ${user.userId}, unit ${user.unitId}`);
  }

  /** Follow one order's changes. An order the user may not see is refused exactly like a missing one. */
  @SubscribeMessage('ticket.subscribe')
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: { ticketId?: unknown }) {
    const user = socket.data.user as AuthUser;
    const id = typeof body?.ticketId === 'string' || typeof body?.ticketId === 'number' ? String(body.ticketId) : '';
    const t = id ? await this.tickets.findVisible(this.dataSource.manager, id, await this.access.scopeOf(user)) : null;
    if (!t) return { ok: false, code: 'TICKET.NOT_FOUND', message: '工单不存在' };
    await socket.join(rooms.ticket(t.id));
    return { ok: true, ticketId: t.id };
  }

  /** The call-centre floor's live board: centre staff join its room and get the figures now, then every few seconds. */
  @SubscribeMessage('board.subscribe')
  async subscribeBoard(@ConnectedSocket() socket: Socket) {
    const user = socket.data.user as AuthUser;
    if (!BOARD_ROLES.includes(user.role)) return { ok: false, code: 'AUTH.ROLE_NOT_ALLOWED', message: '大屏仅对热线中心开放' };
    await socket.join(rooms.board);
    return { ok: true, figures: await this.board.figures() };
  }

  @SubscribeMessage('ticket.unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: { ticketId?: unknown }) {
    await socket.leave(rooms.ticket(String(body?.ticketId ?? '')));
    return { ok: true };
  }
}
