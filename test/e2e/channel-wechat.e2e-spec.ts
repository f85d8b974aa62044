import { WechatCrypto, wechatSignature } from '@app/intake';
import { randomBytes } from 'crypto';
import { XMLParser } from 'fast-xml-parser';
import { Res } from '../setup/http';
import { useWorld } from '../setup/world-system';

/** Plays WeChat's server: signs (and in safe mode encrypts) pushes with the run's made-up account secrets. */
describe('WeChat official account channel (e2e)', () => {
  // A database of its own: the refusal tests count every intake record, order and flow row.
  const ctx = useWorld({ worker: false, ownDatabase: true });
  const token = () => process.env.WECHAT_TOKEN!;
  const crypto = () => new WechatCrypto(process.env.WECHAT_TOKEN!, process.env.WECHAT_ENCODING_AES_KEY!, process.env.WECHAT_APP_ID!);
  const ACCOUNT = 'gh_12345hotline';
  const xmlParser = new XMLParser({ parseTagValue: false, processEntities: false });

  const now = () => Math.floor(Date.now() / 1000);
  const openid = () => `oTest${randomBytes(10).toString('hex')}`;
  let msgSeq = BigInt(Date.now()) * 1000n;
  const msgId = () => String(++msgSeq);

  const push = (from: string, fields: string, createTime = now()) =>
    `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
    `<CreateTime>${createTime}</CreateTime>${fields}</xml>`;
  const text = (from: string, content: string, id = msgId()) =>
    push(from, `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${id}</MsgId>`);

  const post = (query: Record<string, string>, body: string, contentType = 'text/xml'): Promise<Res> =>
    ctx.w.http.post(`/channels/wechat?${new URLSearchParams(query)}`, body, { 'content-type': contentType });

  /** Plaintext mode: signature = sha1(sort[token, timestamp, nonce]) in the query, the XML as it is. */
  const postPlain = (xml: string, timestamp = String(now()), signature?: string) => {
    const nonce = randomBytes(5).toString('hex');
    const query = { signature: signature ?? wechatSignature(token(), timestamp, nonce), timestamp, nonce, openid: 'ignored' };
    return post(query, xml, 'text/xml; charset=utf-8');
  };

  /** Safe mode: the message encrypted into <Encrypt>, msg_signature over it. */
  const postAes = (xml: string, opts: { timestamp?: string; cipher?: WechatCrypto; forge?: boolean } = {}) => {
    const timestamp = opts.timestamp ?? String(now());
    const nonce = randomBytes(5).toString('hex');
    const encrypt = (opts.cipher ?? crypto()).encrypt(xml);
    const msgSignature = opts.forge ? 'f'.repeat(40) : crypto().msgSignature(timestamp, nonce, encrypt);
    const body = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    const q = { signature: wechatSignature(token(), timestamp, nonce), timestamp, nonce, encrypt_type: 'aes', msg_signature: msgSignature };
    return post(q, body, 'application/xml');
  };

  const replyOf = (res: Res): Record<string, string> => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    return xmlParser.parse(res.body as string).xml;
  };

  /** Opens the safe-mode reply as WeChat would: checks its signature, decrypts, parses. */
  const aesReplyOf = (res: Res): Record<string, string> => {
    const envelope = replyOf(res);
    expect(envelope.MsgSignature).toBe(crypto().msgSignature(envelope.TimeStamp, envelope.Nonce, envelope.Encrypt));
    return xmlParser.parse(crypto().decrypt(envelope.Encrypt)).xml;
  };

  const numberIn = (content: string) => /(\d{8}-\d{8,})/.exec(content)?.[1];

  const counts = async () =>
    (
      await ctx.ds.query(
        `SELECT (SELECT count(*) FROM intake_record)::int AS records, (SELECT count(*) FROM ticket)::int AS tickets,
                (SELECT count(*) FROM ticket_flow)::int AS flow`,
      )
    )[0] as { records: number; tickets: number; flow: number };

  const recordOf = async (externalId: string) =>
    (await ctx.ds.query(`SELECT * FROM intake_record WHERE channel = 'wechat' AND external_id = $1`, [externalId]))[0];

  const ticketByNo = async (no: string) => (await ctx.ds.query(`SELECT * FROM ticket WHERE no = $1`, [no]))[0];

  describe('URL verification', () => {
    const verify = (q: Record<string, string>) => ctx.w.http.get(`/channels/wechat?${new URLSearchParams(q)}`);

    it('echoes echostr when the signature over token, timestamp and nonce is right', async () => {
      const timestamp = String(now());
      const res = await verify({
        signature: wechatSignature(token(), timestamp, 'n0nce'),
        timestamp,
        nonce: 'n0nce',
        echostr: '4805372197536',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(String(res.body)).toBe('4805372197536');
    });

    it('decrypts an encrypted echostr signed with msg_signature (safe-mode verification)', async () => {
      const timestamp = String(now());
      const echostr = crypto().encrypt('7316940295218');
      const res = await verify({ msg_signature: crypto().msgSignature(timestamp, 'n1', echostr), timestamp, nonce: 'n1', echostr });
      expect(res.status).toBe(200);
      expect(String(res.body)).toBe('7316940295218');
    });

    it('refuses a forged or missing signature and a stale timestamp', async () => {
      const timestamp = String(now());
      const forged = await verify({ signature: wechatSignature('not-the-token', timestamp, 'n'), timestamp, nonce: 'n', echostr: 'x' });
      expect(forged).toMatchObject({ status: 401, body: { code: 'WECHAT.BAD_SIGNATURE' } });
      expect(await verify({ timestamp, nonce: 'n', echostr: 'x' })).toMatchObject({
        status: 401,
        body: { code: 'WECHAT.MISSING_SIGNATURE' },
      });
      const old = String(now() - 600);
      const stale = await verify({ signature: wechatSignature(token(), old, 'n'), timestamp: old, nonce: 'n', echostr: 'x' });
      expect(stale).toMatchObject({ status: 403, body: { code: 'WECHAT.REPLAYED' } });
    });
  });

  describe('appeals', () => {
    it('plaintext mode: a text message opens an appeal (registered, channel wechat) and the reply carries its number', async () => {
      const from = openid();
      const id = msgId();
      const xml = text(from, '文三路与学院路口的路灯连续三晚不亮，晚上过马路很危险', id);
      const reply = replyOf(await postPlain(xml));
      expect(reply).toMatchObject({ ToUserName: from, FromUserName: ACCOUNT, MsgType: 'text' });
      expect(reply.Content).toMatch(/^您的诉求已受理，工单号 \d{8}-\d{8,}/);
      const ticket = await ticketByNo(numberIn(reply.Content)!);
      expect(ticket).toMatchObject({
        state: 'registered',
        channel: 'wechat',
        content: '文三路与学院路口的路灯连续三晚不亮，晚上过马路很危险',
      });
      const record = await recordOf(id);
      expect(record).toMatchObject({
        kind: 'appeal',
        ticket_id: ticket.id,
        account: ACCOUNT,
        sender_openid: from,
        raw: xml,
        raw_type: 'xml',
      });
    });

    it('safe mode: the reply is encrypted, signed, and decrypts to the order number; the decrypted XML is kept as raw', async () => {
      const from = openid();
      const id = msgId();
      const xml = text(from, '小区地下车库漏水，物业不处理', id);
      const reply = aesReplyOf(await postAes(xml));
      expect(reply).toMatchObject({ ToUserName: from, FromUserName: ACCOUNT });
      const ticket = await ticketByNo(numberIn(reply.Content)!);
      expect(ticket).toMatchObject({ state: 'registered', channel: 'wechat' });
      expect(await recordOf(id)).toMatchObject({ raw: xml, ticket_id: ticket.id });
    });

    it('a retried MsgId (WeChat retries slow replies) gets the same reply and creates nothing more', async () => {
      const from = openid();
      const xml = text(from, '重复推送测试：公交站台广告牌松动');
      const first = replyOf(await postPlain(xml));
      const before = await counts();
      const retries = await Promise.all([postPlain(xml), postPlain(xml), postAes(xml)]);
      expect(retries.slice(0, 2).map((r) => replyOf(r).Content)).toEqual([first.Content, first.Content]);
      expect(aesReplyOf(retries[2]).Content).toBe(first.Content);
      expect(await counts()).toEqual(before);
      const [{ n }] = await ctx.ds.query(`SELECT count(*)::int AS n FROM intake_record WHERE sender_openid = $1`, [from]);
      expect(n).toBe(1);
    });

    it('a second message within the follow-up window joins the same order as a follow_up step', async () => {
      const from = openid();
      const no = numberIn(replyOf(await postPlain(text(from, '人行道上的井盖缺失'))).Content)!;
      const id = msgId();
      const second = replyOf(await postPlain(text(from, '补充：位置在18号楼东侧', id)));
      expect(second.Content).toBe(`已补充到工单 ${no}。`);
      const ticket = await ticketByNo(no);
      expect(await recordOf(id)).toMatchObject({ kind: 'follow_up', ticket_id: ticket.id });
      const flow = await ctx.ds.query(`SELECT action, opinion FROM ticket_flow WHERE ticket_id = $1 AND action = 'follow_up'`, [ticket.id]);
      expect(flow).toEqual([{ action: 'follow_up', opinion: '补充：位置在18号楼东侧' }]);
      expect(ticket.content).toBe('人行道上的井盖缺失');
    });

    it('image, voice and location messages land with their attachments and coordinates', async () => {
      const image = msgId();
      const imageReply = replyOf(
        await postPlain(
          push(
            openid(),
            `<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://mmbiz.qpic.cn/abc.jpg]]></PicUrl><MediaId><![CDATA[media_img_1]]></MediaId><MsgId>${image}</MsgId>`,
          ),
        ),
      );
      expect(numberIn(imageReply.Content)).toBeDefined();
      expect((await recordOf(image)).attachments).toEqual([{ type: 'image', url: 'http://mmbiz.qpic.cn/abc.jpg', mediaId: 'media_img_1' }]);

      const voice = msgId();
      const voiceReply = aesReplyOf(
        await postAes(
          push(
            openid(),
            `<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[media_voice_1]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[楼下烧烤店油烟很大]]></Recognition><MsgId>${voice}</MsgId>`,
          ),
        ),
      );
      const voiceTicket = await ticketByNo(numberIn(voiceReply.Content)!);
      expect(voiceTicket.content).toBe('[语音] 楼下烧烤店油烟很大');
      expect((await recordOf(voice)).attachments).toEqual([{ type: 'voice', mediaId: 'media_voice_1', name: 'voice.amr' }]);

      const location = msgId();
      const locReply = replyOf(
        await postPlain(
          push(
            openid(),
            `<MsgType><![CDATA[location]]></MsgType><Location_X>30.274100</Location_X><Location_Y>120.155100</Location_Y><Scale>15</Scale><Label><![CDATA[浙江省杭州市西湖区文三路]]></Label><MsgId>${location}</MsgId>`,
          ),
        ),
      );
      const locTicket = await ticketByNo(numberIn(locReply.Content)!);
      expect([Number(locTicket.latitude), Number(locTicket.longitude), locTicket.address]).toEqual([
        30.2741,
        120.1551,
        '浙江省杭州市西湖区文三路',
      ]);
      expect((await recordOf(location)).location).toMatchObject({
        latitude: 30.2741,
        longitude: 120.1551,
        label: '浙江省杭州市西湖区文三路',
      });
    });
  });

  describe('events and queries', () => {
    it('subscribe gets the welcome; unsubscribe gets "success"; neither creates an order', async () => {
      const from = openid();
      const before = await counts();
      const at = now();
      const welcome = aesReplyOf(await postAes(push(from, `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>`, at)));
      expect(welcome.Content).toContain('欢迎关注12345');
      const bye = await postPlain(push(from, `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[unsubscribe]]></Event>`, at + 1));
      expect(bye).toMatchObject({ status: 200, body: 'success' });
      const after = await counts();
      expect(after).toEqual({ ...before, records: before.records + 2 });
      expect(await recordOf(`${from}:${at}:subscribe`)).toMatchObject({ kind: 'event', ticket_id: null, content: 'subscribe' });
    });

    it('查询 tells the sender their own order’s state and last step, and nobody else’s', async () => {
      const citizen = openid();
      const no = numberIn(replyOf(await postPlain(text(citizen, '路边违停车辆堵住消防通道'))).Content)!;
      const ticket = await ticketByNo(no);
      await ctx.d.must('agent', ticket.id, 'submit');
      const before = await counts();

      const own = replyOf(await postPlain(text(citizen, `查询 ${no}`)));
      expect(own.Content).toMatch(new RegExp(`^工单 ${no} 当前状态：待派单。最近进展：\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 提交派单。$`));
      expect(aesReplyOf(await postAes(text(citizen, '查询进度'))).Content).toContain(`工单 ${no} 当前状态：待派单`);

      const stranger = replyOf(await postPlain(text(openid(), `查询 ${no}`)));
      expect(stranger.Content).toBe(`未查询到工单 ${no}。只能查询您本人通过本公众号提交的工单，请核对工单号。`);
      expect(stranger.Content).not.toContain('待派单');
      const after = await counts();
      expect(after).toEqual({ ...before, records: before.records + 3 });
      const [{ kinds }] = await ctx.ds.query(
        `SELECT array_agg(DISTINCT kind) AS kinds FROM intake_record WHERE channel = 'wechat' AND content LIKE '查询%' AND sender_openid = $1`,
        [citizen],
      );
      expect(kinds).toEqual(['query']);
    });
  });

  describe('refusals: nothing is created', () => {
    const laughs =
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
      `<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>` +
      `<xml><ToUserName>${ACCOUNT}</ToUserName><FromUserName>oX</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol2;</Content><MsgId>1</MsgId></xml>`;
    const xxe =
      `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
      `<xml><ToUserName>${ACCOUNT}</ToUserName><FromUserName>oX</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&xxe;</Content><MsgId>2</MsgId></xml>`;
    const otherApp = () => new WechatCrypto(process.env.WECHAT_TOKEN!, process.env.WECHAT_ENCODING_AES_KEY!, 'wxsomeoneelse00000');

    const cases: [string, () => Promise<Res>, number, string][] = [
      [
        'a forged signature',
        () => postPlain(text(openid(), '伪造签名'), undefined, wechatSignature('guess', '1', '2')),
        401,
        'WECHAT.BAD_SIGNATURE',
      ],
      ['a forged msg_signature in safe mode', () => postAes(text(openid(), '伪造签名'), { forge: true }), 401, 'WECHAT.BAD_SIGNATURE'],
      [
        'no signature at all',
        () => post({ timestamp: String(now()), nonce: 'n' }, text(openid(), '无签名')),
        401,
        'WECHAT.MISSING_SIGNATURE',
      ],
      [
        'a replayed (old) timestamp with a valid signature',
        () => postPlain(text(openid(), '重放'), String(now() - 301 - 5)),
        403,
        'WECHAT.REPLAYED',
      ],
      ['a timestamp from the future', () => postAes(text(openid(), '未来'), { timestamp: String(now() + 600) }), 403, 'WECHAT.REPLAYED'],
      ['a billion-laughs DTD', () => postPlain(laughs), 400, 'WECHAT.BAD_XML'],
      ['an external entity (XXE)', () => postPlain(xxe), 400, 'WECHAT.BAD_XML'],
      ['a DTD inside the encrypted message', () => postAes(xxe), 400, 'WECHAT.BAD_XML'],
      ['malformed XML', () => postPlain(`<xml><ToUserName>${ACCOUNT}</ToUserName><Content>未闭合</xml>`), 400, 'WECHAT.BAD_XML'],
      [
        'a message encrypted for another app id',
        () => postAes(text(openid(), '别的公众号'), { cipher: otherApp() }),
        403,
        'WECHAT.APPID_MISMATCH',
      ],
      ['a body over 64 KiB', () => postPlain(text(openid(), '长'.repeat(25_000))), 413, 'REQUEST.TOO_LARGE'],
      ['text over 4000 characters', () => postAes(text(openid(), '长'.repeat(4001))), 400, 'INTAKE.TEXT_TOO_LONG'],
      [
        'a push without the fields that identify it',
        () => postPlain(`<xml><MsgType>text</MsgType><Content>x</Content></xml>`),
        400,
        'WECHAT.BAD_MESSAGE',
      ],
    ];

    it.each(cases)('refuses %s', async (_name, send, status, code) => {
      const before = await counts();
      const res = await send();
      expect(res).toMatchObject({ status, body: { code } });
      expect(await counts()).toEqual(before);
    });
  });
});
