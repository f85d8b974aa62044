import { Hotline } from '@app/catalog';
import { unprocessable } from '@app/common';
import { CatalogLookup } from '@app/tickets';
import { Injectable } from '@nestjs/common';

/**
 * The merged lines (12315, 12333, …) by number: every intake resolves the line it came through, from
 * the reference cache registration already keeps (CatalogLookup). An unknown or retired number is
 * refused, so statistics by hotline never see a stray line.
 */
@Injectable()
export class HotlineRegistry {
  constructor(private readonly catalog: CatalogLookup) {}

  /** The line a delivery came through: the number given, or 12345 itself when none was. */
  async resolve(number: string | null | undefined): Promise<Hotline | null> {
    if (number === null || number === undefined || number === '') return (await this.catalog.primaryHotline()) ?? null;
    const h = await this.catalog.hotlineByNumber(number.replace(/\s|-/g, ''));
    if (!h || !h.active) throw unprocessable('INTAKE.UNKNOWN_HOTLINE', `热线号码 ${number} 未在热线归并目录中登记`, { hotline: number });
    return h;
  }
}
