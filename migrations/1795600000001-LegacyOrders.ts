import { MigrationInterface, QueryRunner } from 'typeorm';

/** Historical orders imported from legacy systems: the legacy order number of each imported ticket. */
export class LegacyOrders1795600000001 implements MigrationInterface {
  name = 'LegacyOrders1795600000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "legacy_order_ref" ("ticket_id" bigint NOT NULL, "legacy_system" character varying(32) NOT NULL, "legacy_no" character varying(64) NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "legacy_order_ref_no_uq" UNIQUE ("legacy_system", "legacy_no"), CONSTRAINT "legacy_order_ref_pkey" PRIMARY KEY ("ticket_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "legacy_order_ref" ADD CONSTRAINT "legacy_order_ref_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "legacy_order_ref" DROP CONSTRAINT "legacy_order_ref_ticket_fk"`);
    await queryRunner.query(`DROP TABLE "legacy_order_ref"`);
  }
}
