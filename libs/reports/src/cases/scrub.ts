import { maskPersonalData } from '../render/redact';

/** What the order itself says about the citizen: removed wherever it appears verbatim. */
export interface KnownPersonalData {
  names?: string[];
  phones?: string[];
  enterprise?: string | null;
  address?: string | null;
}

/** Who a person becomes in a published case. */
const CITIZEN = '市民';
const NUMBER = '***';
const ENTERPRISE = '某企业';

// The common surnames (and compound ones) for "王先生"-style mentions: a surname list rather than any
// character, so that 该女士 or 学校老师 stay as they are.
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝某';
const COMPOUND_SURNAMES = '欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|令狐|夏侯|司徒|端木|宇文|西门|南宫';
// Only the forms that follow a surname: 老师, 大姐 or 老人 follow other words too (和老师, 孤寡老人).
const HONORIFICS = '先生|女士|小姐|师傅|阿姨|大爷|大妈';
const SURNAME = `(?:${COMPOUND_SURNAMES}|[${SURNAMES}])`;
const HONORIFIC_NAME = new RegExp(`${SURNAME}(?:${HONORIFICS})`, 'g');

// "诉求人王小明反映…", "来电人：李四，…": the role word and the name after it become 市民. A name is a
// surname and one or two more characters, ending where a verb or a punctuation mark begins; without
// one only the role word is replaced (诉求人反映 → 市民反映). A name already replaced reads 市民.
const VERBS = '反映|称|表示|来电|致电|投诉|举报|咨询|求助|建议|诉求|希望|要求|说|请求|询问|提出';
const ROLES = '诉求人|来电人|来电者|来电市民|反映人|投诉人|举报人|来信人|求助人|咨询人';
const ROLE_NAME = new RegExp(
  `(?:${ROLES})(?:[：:]\\s*)?(?:市民|${SURNAME}(?:(?!${VERBS})[\\u4e00-\\u9fa5·]){1,2}?)?(?=${VERBS}|[，,：:。；;（(、\\s]|$)`,
  'g',
);

// House numbers: 12号, 3栋, 2单元, 502室, 12-3号, and chains of them (12号3栋2单元502). Not a date (5月3号),
// an ordinal (第3号) or a metro line (2号线); a trailing bare room number only when nothing countable follows.
const HOUSE_NUMBER = /(?<![\d月第])(?:\d+(?:[-－]\d+)*(?:号楼|号院|号(?!线)|栋|幢|单元|室))+(?:\d{3,4}(?![\d年月日元万人个次件天号]))?/g;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// ID card (18 or 15 digits) and bank card numbers: any run of 15 to 19 digits, the last may be an X.
const LONG_NUMBER = /(?<![0-9A-Za-z])\d{14,18}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<![\d+])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/g;
const LANDLINE = /(?<!\d)(?:[(（]0\d{2,3}[)）]|0\d{2,3})[\s-]?\d{7,8}(?:[-转]\d{1,5})?(?!\d)/g;
// Any number after a word that says it is a contact or an identity number.
const LABELLED_NUMBER =
  /(身份证号码|身份证号|身份证|证件号码|证件号|手机号码|手机号|手机|联系电话|电话号码|电话|座机|联系方式|QQ号?|qq号?)(\s*[：:是为]?\s*)\d[\d\s-]{4,}[\dXx]/g;
const WECHAT_ID = /(微信号?)(\s*[：:是为]?\s*)[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_-])/g;
const PLATE = /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][·\s]?[A-Z0-9]{5,6}(?![A-Za-z0-9])/g;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const toAsciiDigits = (s: string) => s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/** An address without its house numbers: 幸福路12号3栋502室 → 幸福路. */
export function stripHouseNumbers(address: string): string {
  return toAsciiDigits(address).replace(HOUSE_NUMBER, '').trim();
}

function replaceAll(text: string, value: string, by: string): string {
  return text.replace(new RegExp(escapeRegExp(value), 'g'), by);
}

/** A known phone number in any spacing: 13812345678 also matches 138-1234-5678 and 138 1234 5678. */
function replacePhone(text: string, phone: string): string {
  const digits = toAsciiDigits(phone)
    .replace(/\D/g, '')
    .replace(/^86(?=1[3-9]\d{9}$)/, '');
  if (digits.length < 5) return text;
  return text.replace(new RegExp(`(?<!\\d)(?:\\+?86[\\s-]?)?${digits.split('').join('[\\s-]?')}(?!\\d)`, 'g'), NUMBER);
}

/**
 * Removes personal data from order text for a public report: first what the order says about its
 * citizen (names → 市民, phones → ***, the enterprise → 某企业, the address without its house numbers),
 * then what looks like personal data anywhere (ID card and bank card numbers, mobiles, landlines,
 * e-mail addresses, licence plates, 王先生/李女士, 诉求人XXX, house numbers). maskPersonalData runs
 * last as the renderers' own guard does. Names not given and not in one of these shapes cannot be found.
 */
export function scrubPersonalData(text: string, known: KnownPersonalData = {}): string {
  let s = toAsciiDigits(text);

  const enterprise = known.enterprise?.trim();
  if (enterprise && enterprise.length >= 2) s = replaceAll(s, enterprise, ENTERPRISE);
  const address = known.address?.trim();
  if (address) {
    const kept = stripHouseNumbers(address);
    if (kept !== toAsciiDigits(address)) s = replaceAll(s, toAsciiDigits(address), kept);
  }
  for (const phone of known.phones ?? []) if (phone) s = replacePhone(s, phone);
  // Longest first, so that 王小明 goes before a 王小 that is also known.
  const names = [...new Set((known.names ?? []).map((n) => n?.trim()).filter((n): n is string => !!n && n.length >= 2))];
  for (const name of names.sort((a, b) => b.length - a.length)) s = replaceAll(s, name, CITIZEN);

  s = s
    .replace(EMAIL, NUMBER)
    .replace(LABELLED_NUMBER, `$1$2${NUMBER}`)
    .replace(WECHAT_ID, `$1$2${NUMBER}`)
    .replace(LONG_NUMBER, NUMBER)
    .replace(MOBILE, NUMBER)
    .replace(LANDLINE, NUMBER)
    .replace(PLATE, NUMBER)
    .replace(HONORIFIC_NAME, CITIZEN)
    .replace(ROLE_NAME, CITIZEN)
    .replace(HOUSE_NUMBER, '')
    .replace(/市民(?:市民)+/g, CITIZEN);
  return maskPersonalData(s);
}
