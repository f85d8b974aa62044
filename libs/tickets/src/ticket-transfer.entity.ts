import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Ticket } from './ticket.entity';
import type { TransferTarget } from './ticket.types';

/**
 * 110/119/120/122 联动: every hand-over, both ways. 'out': an order 12345 transferred to them;
 * 'in': a matter they transferred to 12345 (it arrives through the feeds import on channel transfer_110).
 */
@Entity({ name: 'ticket_transfer' })
@Check('ticket_transfer_direction_ck', `direction IN ('in','out')`)
@Check('ticket_transfer_partner_ck', `partner IN ('110','119','120','122')`)
@Index('ticket_transfer_ticket_idx', ['ticketId'])
@Index('ticket_transfer_partner_idx', ['partner', 'createdAt'])
export class TicketTransfer {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'ticket_transfer_pkey' })
  id: string;

  @Column({ name: 'ticket_id', type: 'bigint' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_transfer_ticket_fk' })
  ticket?: Ticket;

  @Column({ type: 'varchar', length: 3 })
  direction: 'in' | 'out';

  @Column({ type: 'varchar', length: 8 })
  partner: TransferTarget;

  /** The partner's own reference (the 110 接警单号), when known. */
  @Column({ name: 'external_ref', type: 'varchar', length: 64, nullable: true })
  externalRef: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'recorded_by', type: 'int', nullable: true })
  recordedBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
