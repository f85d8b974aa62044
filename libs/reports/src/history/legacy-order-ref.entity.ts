import { Ticket } from '@app/tickets';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';

/**
 * Where an imported historical order came from: the legacy system and its order number. One row per
 * imported ticket; the unique pair makes the import idempotent (a second run finds the number taken).
 */
@Entity({ name: 'legacy_order_ref' })
@Unique('legacy_order_ref_no_uq', ['legacySystem', 'legacyNo'])
export class LegacyOrderRef {
  @PrimaryColumn({ name: 'ticket_id', type: 'bigint', primaryKeyConstraintName: 'legacy_order_ref_pkey' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'legacy_order_ref_ticket_fk' })
  ticket?: Ticket;

  /** A short name of the exporting system, e.g. 'old12345' or '12369'. */
  @Column({ name: 'legacy_system', type: 'varchar', length: 32 })
  legacySystem: string;

  @Column({ name: 'legacy_no', type: 'varchar', length: 64 })
  legacyNo: string;

  @CreateDateColumn({ name: 'imported_at', type: 'timestamptz' })
  importedAt: Date;
}
