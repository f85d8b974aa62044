import { createServer, IncomingMessage, Server } from 'http';
import { AddressInfo } from 'net';
import { HttpSmsGateway, RecordingSmsGateway, smsGatewayFor } from './sms-gateway';

describe('SMS gateway chosen by configuration', () => {
  let server: Server;
  let url: string;
  const received: { auth?: string; body: unknown }[] = [];
  let status = 200;

  beforeAll(async () => {
    // A stand-in provider on a real socket: it keeps what it was sent and answers with `status`.
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(body) });
        res.statusCode = status;
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('records and sends nothing by default', async () => {
    const g = smsGatewayFor({ SMS_PROVIDER: 'recording' });
    expect(g).toBeInstanceOf(RecordingSmsGateway);
    expect(await g.send('13900000000', '测试')).toBe('recorded');
  });

  it('posts each message to the configured provider, with its token, and fails when the provider refuses', async () => {
    const g = smsGatewayFor({ SMS_PROVIDER: 'http', SMS_HTTP_URL: url, SMS_HTTP_TOKEN: 'tok' });
    expect(g).toBeInstanceOf(HttpSmsGateway);
    expect(await g.send('13900000000', '【12345】您的诉求已受理')).toBe('sent');
    expect(received.at(-1)).toEqual({ auth: 'Bearer tok', body: { to: '13900000000', body: '【12345】您的诉求已受理' } });
    status = 500;
    await expect(g.send('13900000000', 'x')).rejects.toThrow('HTTP 500');
  });

  it('refuses an http provider without a URL at boot', () => {
    expect(() => smsGatewayFor({ SMS_PROVIDER: 'http' })).toThrow('SMS_HTTP_URL');
  });
});
