import { Hotline } from '@app/catalog';
import { unprocessable } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const TTL_MS = 30_000;

/**
 * The merged lines (12315, 12333, …) by number, cached briefly: every intake resolves the line it came
 * through. An unknown or retired number is refused, so statistics by hotline never see a stray line.
 */
@Injectable()
export class HotlineRegistry {
  private cache: { at: number; byNumber: Map<string, Hotline>; primary: Hotline | null } | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private async load() {
    if (this.cache && Date.now() - this.cache.at < TTL_MS) return this.cache;
    const all = await this.dataSource.getRepository(Hotline).find({ where: { active: true } });
    this.cache = {
      at: Date.now(),
      byNumber: new Map(all.map((h) => [h.number, h])),
      primary: all.find((h) => h.mode === 'primary') ?? null,
    };
    return this.cache;
  }

  /** Forgets the cache (after an admin changed the registry). */
  invalidate(): void {
    this.cache = null;
  }

  /** The line a delivery came through: the number given, or 12345 itself when none was. */
  async resolve(number: string | null | undefined): Promise<Hotline | null> {
    const c = await this.load();
    if (number === null || number === undefined || number === '') return c.primary;
    const n = number.replace(/\s|-/g, '');
    const h = c.byNumber.get(n);
    if (!h) throw unprocessable('INTAKE.UNKNOWN_HOTLINE', `热线号码 ${number} 未在热线归并目录中登记`, { hotline: number });
    return h;
  }
}
