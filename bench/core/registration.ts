import { Client } from 'pg';
import { AGENT_USERNAME, CENTRE_UNIT_ID } from './org';

/** The order both pgbench (b) and the HTTP runs register: one valid body, ids taken from the loaded data. */
export interface Registration {
  body: {
    appealType: string;
    channel: string;
    categoryId: number;
    citizenName: string;
    citizenPhone: string;
    districtId: number;
    streetId: number;
    communityId: number;
    address: string;
    title: string;
    content: string;
  };
  agentId: number;
  centreUnitId: number;
}

export async function registration(db: Client): Promise<Registration> {
  const { rows } = await db.query(
    `
    SELECT (SELECT id FROM category WHERE level = 3 AND active ORDER BY id LIMIT 1) AS category_id,
           c.id AS community_id, s.id AS street_id, s.parent_id AS district_id,
           (SELECT id FROM app_user WHERE username = $1) AS agent_id
    FROM region c JOIN region s ON s.id = c.parent_id
    WHERE c.level = 'community' ORDER BY c.id LIMIT 1`,
    [AGENT_USERNAME],
  );
  const r = rows[0];
  if (!r?.category_id || !r.agent_id)
    throw new Error('the bench database has no categories, regions or agent: load it again (without --reuse)');
  return {
    body: {
      appealType: 'complaint',
      channel: 'phone',
      categoryId: r.category_id,
      citizenName: '张三丰',
      citizenPhone: '13900000000',
      districtId: r.district_id,
      streetId: r.street_id,
      communityId: r.community_id,
      address: '解放路18号菜市场门口',
      title: '菜市场门口占道经营',
      content: '解放路菜市场门口每天早上有流动摊贩占道经营，行人只能走机动车道，存在安全隐患。',
    },
    agentId: r.agent_id,
    centreUnitId: CENTRE_UNIT_ID,
  };
}
