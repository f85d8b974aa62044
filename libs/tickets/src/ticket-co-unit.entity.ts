import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Unit } from '@app/identity';
import { Ticket } from './ticket.entity';

/** 协办单位: a co-handling unit of an order, and the part of the reply it gave. */
@Entity({ name: 'ticket_co_unit' })
@Index('ticket_co_unit_unit_idx', ['unitId'])
export class TicketCoUnit {
  @PrimaryColumn({ name: 'ticket_id', type: 'bigint', primaryKeyConstraintName: 'ticket_co_unit_pkey' })
  ticketId: string;

  @PrimaryColumn({ name: 'unit_id', type: 'int', primaryKeyConstraintName: 'ticket_co_unit_pkey' })
  unitId: number;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_co_unit_ticket_fk' })
  ticket?: Ticket;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'ticket_co_unit_unit_fk' })
  unit?: Unit;

  @Column({ name: 'part_reply', type: 'text', nullable: true })
  partReply: string | null;

  @Column({ name: 'replied_at', type: 'timestamptz', nullable: true })
  repliedAt: Date | null;
}
