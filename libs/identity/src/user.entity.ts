import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Unit } from './unit.entity';

export const ROLES = ['agent', 'dispatcher', 'handler', 'supervisor', 'manager', 'admin', 'knowledge_admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  agent: '话务员',
  dispatcher: '派单员',
  handler: '承办单位联络员',
  supervisor: '督办员',
  manager: '领导',
  admin: '系统管理员',
  knowledge_admin: '知识库管理员',
};

@Entity({ name: 'app_user' })
@Unique('app_user_username_uq', ['username'])
@Check('app_user_role_ck', `role IN ('agent','dispatcher','handler','supervisor','manager','admin','knowledge_admin')`)
@Index('app_user_unit_idx', ['unitId'])
export class User {
  @PrimaryGeneratedColumn('identity', { type: 'int', primaryKeyConstraintName: 'app_user_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 64 })
  displayName: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'app_user_unit_fk' })
  unit?: Unit;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
