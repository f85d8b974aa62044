import { MigrationInterface, QueryRunner } from 'typeorm';

const COUNTERS = [
  'received',
  'merged',
  'accepted',
  'first_contact',
  'closed',
  'supervised',
  'inspected',
  'dispatched',
  'signed_on_time',
  'responded_on_time',
  'due_ok',
  'due_late',
  'due_open',
  'urges',
  'cb_reached',
  'cb_unreached',
  'cb_open',
  'res_rated',
  'res_resolved',
  'sat_rated',
  'sat_satisfied',
];

/** One partition per grain (kpi-rollup.ts GRAINS): a table over a small grain reads only its own pages. */
const PARTITIONS: [string, number][] = [
  ['full', 0],
  ['unit', 1],
  ['place', 2],
  ['category', 3],
  ['channel', 4],
];

/**
 * The KPI rollup (kpi_daily, partitioned by grain), each order's last contribution to it
 * (kpi_order_contribution), and the settled days' phone figures (kpi_call_daily). All start empty:
 * on a database that already holds orders, `npm run kpi:reconcile -- --fix` fills the first two; the
 * third fills itself the first time a table asks for those days.
 */
export class Kpi1795500000002 implements MigrationInterface {
  name = 'Kpi1795500000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "kpi_daily" ("grain" smallint NOT NULL, "day" date NOT NULL, "unit_id" integer NOT NULL, "district_id" integer NOT NULL,
        "street_id" integer NOT NULL, "category_id" integer NOT NULL, "channel" character varying(16) NOT NULL, "hotline_id" integer NOT NULL,
        "cannot_do" boolean NOT NULL, ${COUNTERS.map((c) => `"${c}" integer NOT NULL DEFAULT '0'`).join(', ')},
        CONSTRAINT "kpi_daily_pkey" PRIMARY KEY ("grain", "day", "unit_id", "district_id", "street_id", "category_id", "channel", "hotline_id", "cannot_do"))
       PARTITION BY LIST ("grain")`,
    );
    for (const [name, grain] of PARTITIONS) {
      await queryRunner.query(`CREATE TABLE "kpi_daily_${name}" PARTITION OF "kpi_daily" FOR VALUES IN (${grain})`);
    }
    // A unit's own figures at the full grain (a handler's tables cut by place or category).
    await queryRunner.query(`CREATE INDEX "kpi_daily_unit_idx" ON "kpi_daily_full" ("unit_id", "day")`);
    await queryRunner.query(
      `CREATE TABLE "kpi_order_contribution" ("ticket_id" bigint NOT NULL, "facts" jsonb NOT NULL DEFAULT '{}',
        "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "kpi_order_contribution_pkey" PRIMARY KEY ("ticket_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "kpi_order_contribution" ADD CONSTRAINT "kpi_order_contribution_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "kpi_call_daily" ("day" date NOT NULL, "hotline_id" integer NOT NULL, "offered" integer NOT NULL DEFAULT '0',
        "answered" integer NOT NULL DEFAULT '0', "abandoned" integer NOT NULL DEFAULT '0', "answered_within" integer NOT NULL DEFAULT '0',
        "answer_within_seconds" smallint NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "kpi_call_daily_pkey" PRIMARY KEY ("day", "hotline_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "kpi_call_daily"`);
    await queryRunner.query(`ALTER TABLE "kpi_order_contribution" DROP CONSTRAINT "kpi_order_contribution_ticket_fk"`);
    await queryRunner.query(`DROP TABLE "kpi_order_contribution"`);
    await queryRunner.query(`DROP TABLE "kpi_daily"`);
  }
}
