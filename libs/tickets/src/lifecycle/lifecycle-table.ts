import { STATE_LABELS } from '../ticket.types';
import { ACTION_LABELS } from './ticket-actions';
import { TRANSITIONS } from './ticket-state-machine';

const ENDPOINT = (action: string) => `POST /tickets/:id/${action === 'record_callback' ? 'callback' : action.replace(/_/g, '-')}`;

/** The transition table as Markdown, for docs/LIFECYCLE.md (a test keeps the document equal to this). */
export function lifecycleMarkdown(): string {
  const rows = TRANSITIONS.map((t) => {
    const to = typeof t.to === 'function' ? '(depends, see below)' : `${t.to} ${STATE_LABELS[t.to]}`;
    const side =
      t.unitSide === 'parent' ? ' (handler: unit above a sub-dispatched order)' : t.unitSide === 'holder' ? ' (handler: own unit)' : '';
    return `| ${t.action} ${ACTION_LABELS[t.action]} | \`${ENDPOINT(t.action)}\` | ${t.from.join(', ')} | ${to} | ${t.roles.join(', ')}${side} | ${t.requires.join(', ') || '—'} |`;
  });
  return ['| action | endpoint | from | to | roles | requires |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
