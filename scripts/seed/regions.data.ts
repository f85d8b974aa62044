/**
 * 滨江市 (a fictional city) and its districts, streets/townships and communities/villages.
 * Codes follow the national administrative-division style: 6 digits for a district, +3 for a
 * street, +3 for a community. `roads` and `centre` feed the addresses of the demo orders.
 */
export interface StreetDef {
  name: string;
  communities: string[];
}

export interface DistrictDef {
  code: string;
  name: string;
  /** [longitude, latitude] of the district's centre. */
  centre: [number, number];
  roads: string[];
  streets: StreetDef[];
}

export const CITY_NAME = '滨江市';

export const DISTRICTS: DistrictDef[] = [
  {
    code: '332102',
    name: '江城区',
    centre: [121.552, 29.874],
    roads: ['解放路', '中山东路', '府前街', '鼓楼巷', '文昌路', '白鹭路', '江心路', '北门大街'],
    streets: [
      { name: '解放街道', communities: ['解放路社区', '鼓楼社区', '文昌社区'] },
      { name: '中山街道', communities: ['中山社区', '府前社区', '东门社区', '南塘社区'] },
      { name: '白鹭街道', communities: ['白鹭社区', '荷花池社区', '望江社区'] },
      { name: '北门街道', communities: ['北门社区', '新河社区'] },
      { name: '江心街道', communities: ['江心社区', '渡口社区', '洲头社区'] },
    ],
  },
  {
    code: '332103',
    name: '滨湖区',
    centre: [121.618, 29.842],
    roads: ['湖滨大道', '翠湖路', '金湖路', '银杏路', '长湾路', '桂园街', '香樟路'],
    streets: [
      { name: '湖滨街道', communities: ['湖滨社区', '翠湖社区', '柳岸社区'] },
      { name: '金湖街道', communities: ['金湖社区', '银杏社区', '枫林社区', '湖光社区'] },
      { name: '长湾街道', communities: ['长湾社区', '渔港社区'] },
      { name: '桂园街道', communities: ['桂园社区', '丹桂社区', '香樟社区'] },
    ],
  },
  {
    code: '332104',
    name: '新港区',
    centre: [121.781, 29.912],
    roads: ['港城大道', '海韵路', '临港一路', '物流大道', '新塘路', '东港大街'],
    streets: [
      { name: '港城街道', communities: ['港城社区', '海韵社区', '码头社区'] },
      { name: '临港街道', communities: ['临港社区', '物流园社区'] },
      { name: '新塘街道', communities: ['新塘社区', '塘北社区', '塘南社区'] },
      { name: '东港镇', communities: ['东港社区', '东港村', '盐场村', '海丰村'] },
    ],
  },
  {
    code: '332105',
    name: '望海区',
    centre: [121.702, 29.781],
    roads: ['望海路', '观潮路', '青云大道', '梅园路', '大桥路', '沙河街', '海棠路'],
    streets: [
      { name: '望海街道', communities: ['望海社区', '观潮社区', '海棠社区'] },
      { name: '青云街道', communities: ['青云社区', '云锦社区', '凌霄社区'] },
      { name: '梅园街道', communities: ['梅园社区', '梅岭社区'] },
      { name: '大桥镇', communities: ['大桥村', '桥头村', '马家村'] },
      { name: '沙河镇', communities: ['沙河社区', '沙河村', '前洋村'] },
    ],
  },
  {
    code: '332106',
    name: '青山区',
    centre: [121.487, 29.806],
    roads: ['青山路', '翠竹路', '创新大道', '智谷路', '石桥街', '站前大道'],
    streets: [
      { name: '青山街道', communities: ['青山社区', '翠竹社区', '松涛社区'] },
      { name: '科技城街道', communities: ['创新社区', '智谷社区', '未来社区'] },
      { name: '石桥街道', communities: ['石桥社区', '明珠社区', '石桥村'] },
      { name: '高铁新城街道', communities: ['站前社区', '新城社区'] },
    ],
  },
  {
    code: '332121',
    name: '云溪县',
    centre: [121.402, 29.655],
    roads: ['云溪大道', '溪口路', '城西路', '城东路', '白沙线', '竹林路'],
    streets: [
      { name: '云溪镇', communities: ['云溪社区', '溪口社区', '城西社区', '城东社区'] },
      { name: '白沙镇', communities: ['白沙村', '沙坑村', '上林村'] },
      { name: '清水乡', communities: ['清水村', '石壁村'] },
      { name: '竹林镇', communities: ['竹林社区', '竹林村', '茶园村'] },
    ],
  },
  {
    code: '332122',
    name: '石门县',
    centre: [121.295, 29.561],
    roads: ['石门大道', '城南路', '城北路', '桃源路', '双溪线', '龙潭路'],
    streets: [
      { name: '石门镇', communities: ['石门社区', '城南社区', '城北社区'] },
      { name: '桃源镇', communities: ['桃源村', '李家村', '桃花村'] },
      { name: '双溪乡', communities: ['双溪村', '下坑村'] },
      { name: '龙潭镇', communities: ['龙潭社区', '龙潭村', '黄泥岭村'] },
    ],
  },
];
