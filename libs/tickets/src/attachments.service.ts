import { AppConfig, DomainError, notFound } from '@app/common';
import { AuthUser } from '@app/identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'crypto';
import { createReadStream, createWriteStream } from 'fs';
import { mkdir, rm, writeFile } from 'fs/promises';
import { dirname, extname, join, resolve } from 'path';
import { Readable, Transform } from 'stream';
import { pipeline } from 'stream/promises';
import { DataSource } from 'typeorm';
import { Attachment } from './attachment.entity';
import { TicketAccess } from './ticket-access';
import { TicketsService } from './tickets.service';

/** A file on disk whose attachment row is not written yet. */
export interface StoredFile {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
}

export interface IncomingFile {
  fileName: string;
  mimeType: string;
  stream: Readable;
}

/** The extensions each allowed type may carry; a mismatch is refused like a forbidden type. */
const EXTENSIONS: Record<string, string[]> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/gif': ['.gif'],
  'image/webp': ['.webp'],
  'application/pdf': ['.pdf'],
  'audio/mpeg': ['.mp3'],
  'audio/amr': ['.amr'],
  'audio/wav': ['.wav'],
  'video/mp4': ['.mp4'],
  'text/plain': ['.txt'],
};

const tooLarge = (max: number) =>
  new DomainError('ATTACHMENT.TOO_LARGE', `附件不能超过 ${Math.floor(max / 1024 / 1024)} MB`, 413, { maxBytes: max });

@Injectable()
export class AttachmentsService {
  private readonly allowed: Set<string>;
  private readonly root: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: TicketAccess,
    private readonly tickets: TicketsService,
    private readonly config: AppConfig,
  ) {
    this.allowed = new Set(config.ATTACHMENT_TYPES.split(',').map((s) => s.trim()));
    this.root = resolve(config.ATTACHMENT_DIR);
  }

  /** Streams the file to disk, counting and hashing as it goes; stops at the size limit and keeps nothing. */
  async save(user: AuthUser, ticketIdOrNo: string, file: IncomingFile): Promise<Attachment> {
    const scope = await this.access.scopeOf(user);
    const ticket = await this.tickets.findVisible(this.dataSource.manager, ticketIdOrNo, scope);
    if (!ticket) {
      file.stream.resume();
      throw notFound('TICKET.NOT_FOUND', '工单不存在');
    }
    const ext = extname(file.fileName).toLowerCase();
    if (!this.allowed.has(file.mimeType) || !(EXTENSIONS[file.mimeType] ?? []).includes(ext)) {
      file.stream.resume();
      throw new DomainError('ATTACHMENT.TYPE_NOT_ALLOWED', `不允许上传此类型的文件（${file.mimeType}，${ext || '无扩展名'}）`, 415, {
        allowed: [...this.allowed],
      });
    }
    const now = new Date();
    const key = join(String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'), `${randomUUID()}${ext}`);
    const path = join(this.root, key);
    await mkdir(dirname(path), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const max = this.config.ATTACHMENT_MAX_BYTES;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > max) return cb(tooLarge(max));
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(file.stream, meter, createWriteStream(path, { flags: 'wx' }));
      // Fastify's multipart marks a stream it cut at its own limit as truncated rather than failing it.
      if ((file.stream as Readable & { truncated?: boolean }).truncated) throw tooLarge(max);
    } catch (e) {
      await rm(path, { force: true });
      file.stream.resume();
      throw e;
    }
    const repo = this.dataSource.getRepository(Attachment);
    return repo.save(
      repo.create({
        ticketId: ticket.id,
        fileName: file.fileName.slice(0, 255),
        mimeType: file.mimeType,
        sizeBytes: size,
        sha256: hash.digest('hex'),
        storageKey: key,
        uploadedBy: user.userId,
      }),
    );
  }

  /**
   * Stores a file a channel delivered in its body (a web form's base64 picture) before its order exists;
   * the caller inserts the attachment row in the order's transaction. Same type rules as uploads.
   */
  async storeBytes(fileName: string, mimeType: string, data: Buffer): Promise<StoredFile> {
    const ext = extname(fileName).toLowerCase();
    if (!this.allowed.has(mimeType) || !(EXTENSIONS[mimeType] ?? []).includes(ext)) {
      throw new DomainError('ATTACHMENT.TYPE_NOT_ALLOWED', `不允许上传此类型的文件（${mimeType}，${ext || '无扩展名'}）`, 415, {
        allowed: [...this.allowed],
      });
    }
    if (data.length > this.config.ATTACHMENT_MAX_BYTES) throw tooLarge(this.config.ATTACHMENT_MAX_BYTES);
    const now = new Date();
    const key = join(String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'), `${randomUUID()}${ext}`);
    const path = join(this.root, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data, { flag: 'wx' });
    return {
      fileName: fileName.slice(0, 255),
      mimeType,
      sizeBytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      storageKey: key,
    };
  }

  /** Removes stored files whose order was never written (a duplicate delivery, a refused one). */
  async discard(files: StoredFile[]): Promise<void> {
    await Promise.all(files.map((f) => rm(join(this.root, f.storageKey), { force: true })));
  }

  /** An attachment is visible exactly when its order is. */
  async open(user: AuthUser, id: string): Promise<{ meta: Attachment; stream: Readable }> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('ATTACHMENT.NOT_FOUND', '附件不存在');
    const meta = await this.dataSource.getRepository(Attachment).findOne({ where: { id } });
    const scope = await this.access.scopeOf(user);
    if (!meta || !(await this.tickets.findVisible(this.dataSource.manager, meta.ticketId, scope))) {
      throw notFound('ATTACHMENT.NOT_FOUND', '附件不存在');
    }
    return { meta, stream: createReadStream(join(this.root, meta.storageKey)) };
  }
}
