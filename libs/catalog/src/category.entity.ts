import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * Three-level taxonomy (事项分类). Codes are stable and hierarchical: two digits a level,
 * so 030201 is a child of 0302, which is a child of 03. Statistics key on codes.
 */
@Entity({ name: 'category' })
@Unique('category_code_uq', ['code'])
@Index('category_parent_idx', ['parentId'])
export class Category {
  @PrimaryGeneratedColumn('identity', { type: 'int', primaryKeyConstraintName: 'category_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'smallint' })
  level: number;

  @Column({ name: 'parent_id', type: 'int', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'category_parent_fk' })
  parent?: Category;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'sort_order', type: 'int', default: 0 })
  sortOrder: number;

  /** Orders of this category may be dispatched without a dispatcher when a rule marked auto-dispatch matches. */
  @Column({ name: 'auto_dispatch', type: 'boolean', default: false })
  autoDispatch: boolean;
}
