import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The keyword section's rollup (libs/reports/src/keywords): orders mentioning a term, at three grains,
 * each read by one report scope: 1 the city (district_id = unit_id = 0), 2 a district (unit_id = 0),
 * 3 a unit (district_id = 0); by month, and summed by quarter and by calendar year too (`months` = 1,
 * 3 or 12, from `month`), so that a year's report reads one row per term and period however long the
 * vocabulary's tail. The key leads with the scope columns: a report reads one index range per span,
 * already in term order. report_term_order holds each order's current contribution (its month,
 * district, unit and terms) for the events to subtract. Both start empty: `rebuildTermRollup` fills them.
 */
export class ReportTerms1795700000002 implements MigrationInterface {
  name = 'ReportTerms1795700000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Events only change `orders`, which no index holds: free space on each page keeps those updates HOT.
    await queryRunner.query(
      `CREATE TABLE "report_term_monthly" ("grain" smallint NOT NULL, "district_id" integer NOT NULL, "unit_id" integer NOT NULL,
        "months" smallint NOT NULL, "month" date NOT NULL, "term" character varying(32) NOT NULL, "orders" integer NOT NULL,
        CONSTRAINT "report_term_monthly_grain_ck" CHECK (grain IN (1, 2, 3)),
        CONSTRAINT "report_term_monthly_months_ck" CHECK (months IN (1, 3, 12)),
        CONSTRAINT "report_term_monthly_pkey" PRIMARY KEY ("grain", "district_id", "unit_id", "months", "month", "term")) WITH (fillfactor = 90)`,
    );
    await queryRunner.query(
      `CREATE TABLE "report_term_order" ("ticket_id" bigint NOT NULL, "month" date NOT NULL, "district_id" integer NOT NULL,
        "unit_id" integer NOT NULL, "terms" text array NOT NULL DEFAULT '{}', CONSTRAINT "report_term_order_pkey" PRIMARY KEY ("ticket_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "report_term_order" ADD CONSTRAINT "report_term_order_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_term_order" DROP CONSTRAINT "report_term_order_ticket_fk"`);
    await queryRunner.query(`DROP TABLE "report_term_order"`);
    await queryRunner.query(`DROP TABLE "report_term_monthly"`);
  }
}
