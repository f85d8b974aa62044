import { Region } from '@app/catalog';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import sanitizeHtml from 'sanitize-html';
import { DataSource, EntityManager } from 'typeorm';
import { KnowledgeSynonym } from './knowledge-misc.entity';
import { plainText } from './search/query';
import { Segmenter } from './search/segmenter';

/** What a page may show of an imported or edited body: structure and links, never scripts or styles. */
export function sanitizeBody(body: string): string {
  if (!/<[a-z!/]/i.test(body)) return body;
  return sanitizeHtml(body, {
    allowedTags: [
      'p',
      'br',
      'ul',
      'ol',
      'li',
      'strong',
      'em',
      'b',
      'i',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'h3',
      'h4',
      'a',
      'span',
    ],
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https'],
    disallowedTagsMode: 'discard',
  });
}

const SYNONYMS_TTL_MS = 60_000;

/**
 * The segmenter (loaded once, with the city's place names in its dictionary) and the synonyms; and the
 * one way an entry's search vector is written: title and question weighted A, tags B, body C.
 */
@Injectable()
export class KnowledgeText {
  private segmenter: Promise<Segmenter> | null = null;
  private synonyms: { at: number; map: Promise<Map<string, string[]>> } | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  seg(): Promise<Segmenter> {
    this.segmenter ??= (async () => {
      const places = await this.dataSource.getRepository(Region).find({ select: ['name'] });
      const syn = await this.dataSource.getRepository(KnowledgeSynonym).find();
      return new Segmenter([...places.map((p) => p.name), ...syn.flatMap((s) => [s.term, ...s.synonyms])]);
    })();
    return this.segmenter;
  }

  synonymMap(): Promise<Map<string, string[]>> {
    if (!this.synonyms || Date.now() - this.synonyms.at > SYNONYMS_TTL_MS) {
      const map = this.dataSource
        .getRepository(KnowledgeSynonym)
        .find()
        .then((rows) => new Map(rows.map((r) => [r.term, r.synonyms])));
      this.synonyms = { at: Date.now(), map };
    }
    return this.synonyms.map;
  }

  async writeVector(
    m: EntityManager,
    id: string,
    e: { title: string; question: string | null; tags: string[]; body: string; docNumber: string | null },
  ): Promise<void> {
    const seg = await this.seg();
    await m.query(
      `UPDATE knowledge_entry SET search_vector =
         setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'A') ||
         setweight(to_tsvector('simple', $4), 'B') || setweight(to_tsvector('simple', $5), 'C')
       WHERE id = $1`,
      [
        id,
        seg.forIndex(e.title),
        seg.forIndex(e.question ?? ''),
        seg.forIndex([...e.tags, e.docNumber ?? ''].join(' ')),
        seg.forIndex(plainText(e.body)),
      ],
    );
  }
}
