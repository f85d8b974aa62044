import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Typical-case suggestions of the report (libs/reports/src/cases): the most-urged orders of a period.
 * Urged orders are a few percent of all, so a partial index on them by time received, carrying every
 * column the suggestion filters and sorts on, turns a scan of the year's orders into an index-only scan
 * of its urged ones (20M orders a year: about 300k entries). Declared in the ticket entity with
 * synchronize: false, since TypeORM cannot describe INCLUDE.
 */
export class ReportCases1795700000003 implements MigrationInterface {
  name = 'ReportCases1795700000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ticket_urged_received_idx" ON "ticket" ("received_at", "id")
       INCLUDE ("urge_count", "district_id", "lead_unit_id", "parent_id", "merged_into_id", "confidential") WHERE urge_count > 0`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ticket_urged_received_idx"`);
  }
}
