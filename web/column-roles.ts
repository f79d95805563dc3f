// The columns of a chosen CSV, each with a role the user picks: numeric input,
// categorical input (one-hot), the target (colours the codes, never an input), or dropped.
// The roles become the pipeline config that `tapegrad train` takes as
// --drop, --target and --categorical.
import { NOT_A_NUMBER, parseNumber, type CsvTable, type PipelineConfig } from '../src/index.js';
import { byId, el } from './dom.js';

export const ROLES = ['numeric', 'categorical', 'target', 'drop'] as const;
export type Role = (typeof ROLES)[number];

// A first guess, shown for the user to correct: an id column is dropped, and text that is
// not a number in the first rows makes a column categorical.
function guessRole(table: CsvTable, field: number): Role {
  if (/^(id|index)$/i.test(table.header[field]!.trim())) return 'drop';
  const sample = table.rows.slice(0, 500);
  const text = sample.some((row) => parseNumber(row[field]!) === NOT_A_NUMBER);
  return text ? 'categorical' : 'numeric';
}

export function configFromRoles(header: string[], roles: Role[]): PipelineConfig {
  const named = (role: Role) => header.filter((_, i) => roles[i] === role);
  return {
    drop: named('drop'),
    categorical: named('categorical'),
    target: named('target')[0] ?? null,
  };
}

/** Fills the roles form for `table`; `onChange` gets the config now and after each edit. */
export function showColumnRoles(table: CsvTable,
  onChange: (config: PipelineConfig) => void): void {
  const roles = table.header.map((_, field) => guessRole(table, field));
  const selects = table.header.map((name, field) => {
    const select = el('select', { 'data-column': name, 'aria-label': `role of ${name}` },
      ...ROLES.map((role) => el('option', { value: role }, role)));
    select.value = roles[field]!;
    select.addEventListener('change', () => {
      roles[field] = select.value as Role;
      // One target at most: choosing a new one makes the old one numeric again.
      if (roles[field] === 'target') {
        roles.forEach((r, i) => {
          if (r === 'target' && i !== field) roles[i] = 'numeric';
        });
        selects.forEach((s, i) => { s.value = roles[i]!; });
      }
      onChange(configFromRoles(table.header, roles));
    });
    return select;
  });
  const first = table.rows[0];
  byId('role-rows').replaceChildren(...table.header.map((name, field) => el('div',
    { class: 'role' },
    el('span', { class: 'name', title: name }, name),
    el('span', { class: 'sample', title: 'first row' }, first?.[field] ?? ''),
    selects[field]!)));
  byId('column-roles').hidden = false;
  onChange(configFromRoles(table.header, roles));
}

export function hideColumnRoles(): void {
  byId('column-roles').hidden = true;
  byId('role-rows').replaceChildren();
}
