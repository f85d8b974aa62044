import { DomainError } from '@app/common';
import { Injectable } from '@nestjs/common';
import { BatchDto, RowReport, batchRows, summarise, validateRow } from '../../public/batch';
import { PublicIntakeService } from '../web/public-intake.service';
import { MailboxLetterDto } from './mailbox-letter.dto';

/**
 * 市长信箱 bulk import: letters exported from the old mailbox system (or another portal), each an order
 * like a letter sent through the public page, idempotent on its letter id, with a report per row.
 */
@Injectable()
export class MailboxImportService {
  constructor(private readonly letters: PublicIntakeService) {}

  async import(dto: BatchDto) {
    const reports: RowReport[] = [];
    for (const [i, input] of batchRows(dto).entries()) {
      const row = i + 1;
      const externalId = typeof input.letterId === 'string' ? input.letterId : null;
      const checked = validateRow(MailboxLetterDto, input);
      if ('errors' in checked) {
        reports.push({ row, externalId, status: 'invalid', errors: checked.errors });
        continue;
      }
      try {
        const r = await this.letters.receiveLetter(checked.value, input, null);
        reports.push({ row, externalId, status: r.duplicate ? 'duplicate' : 'created', ticketNo: r.ticketNo });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        reports.push({ row, externalId, status: 'invalid', errors: [e.message] });
      }
    }
    return summarise(reports);
  }
}
