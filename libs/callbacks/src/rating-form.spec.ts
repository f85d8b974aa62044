import { DomainError } from '@app/common';
import { parseRatingForm } from './rating-form';

describe('parseRatingForm', () => {
  const codeOf = (body: unknown) => {
    try {
      parseRatingForm(body);
      return null;
    } catch (e) {
      return e instanceof DomainError ? [e.code, e.status, e.details?.field] : e;
    }
  };

  it('reads the form', () => {
    expect(parseRatingForm({ resolved: 'resolved', satisfaction: 'satisfied', reason: ' 很及时 ' })).toEqual({
      resolved: 'resolved',
      satisfaction: 'satisfied',
      complaintAbout: null,
      reason: '很及时',
    });
  });

  it('keeps what a dissatisfied citizen names, and counts an unanswered one as about the handling', () => {
    expect(parseRatingForm({ resolved: 'unresolved', satisfaction: 'dissatisfied', complaintAbout: 'policy' }).complaintAbout).toBe(
      'policy',
    );
    expect(parseRatingForm({ resolved: 'unresolved', satisfaction: 'very_dissatisfied', complaintAbout: '' }).complaintAbout).toBe(
      'handling',
    );
    expect(parseRatingForm({ resolved: 'resolved', satisfaction: 'satisfied', complaintAbout: 'policy' }).complaintAbout).toBeNull();
  });

  it('refuses what is missing, unknown, repeated or too long', () => {
    expect(codeOf({ satisfaction: 'satisfied' })).toEqual(['CALLBACK.INVALID_RATING', 400, 'resolved']);
    expect(codeOf({ resolved: 'resolved' })).toEqual(['CALLBACK.INVALID_RATING', 400, 'satisfaction']);
    expect(codeOf({ resolved: 'resolved', satisfaction: 'great' })).toEqual(['CALLBACK.INVALID_RATING', 400, 'satisfaction']);
    expect(codeOf({ resolved: ['resolved', 'partly'], satisfaction: 'satisfied' })).toEqual(['CALLBACK.INVALID_RATING', 400, 'resolved']);
    expect(codeOf({ resolved: 'resolved', satisfaction: 'dissatisfied', complaintAbout: 'weather' })).toEqual([
      'CALLBACK.INVALID_RATING',
      400,
      'complaintAbout',
    ]);
    expect(codeOf({ resolved: 'resolved', satisfaction: 'satisfied', reason: '长'.repeat(501) })).toEqual([
      'CALLBACK.INVALID_RATING',
      400,
      'reason',
    ]);
    expect(codeOf('resolved=resolved')).toEqual(['CALLBACK.INVALID_RATING', 400, 'body']);
  });
});
