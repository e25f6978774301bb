import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// Every launch writes one row to each of sessions, replay_guard, rate_limits and
// sso_events, and on SQLite the cost of a write grows with the number of B-tree pages it
// changes. This migration makes each of those writes touch fewer pages, on SQLite only:
// - sessions, replay_guard and rate_limits become WITHOUT ROWID tables keyed by their
//   primary key, so the row and its key live in one B-tree instead of two.
// - replay_guard loses its expires_at index. Only the purge every few minutes reads by
//   expiry, and the table holds only the last few minutes of launches. sessions keeps its
//   index, because sessions live for hours and a purge scan would hold the write lock.
// - sso_events drops AUTOINCREMENT, so an insert no longer updates sqlite_sequence. A new
//   event still gets the highest id plus one. Only deleting the newest events (a deleted
//   tenant's) can let an id come back, and nothing refers to event ids.
// PostgreSQL keeps its tables: a heap table with a separate index is its only layout.
// Kysely does not wrap SQLite migrations in a transaction, so each direction runs in one
// of its own: a failure half-way leaves the old tables in place, and a retry starts over.

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await db.transaction().execute((trx) => rebuildAll(trx, 'compact'));
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await db.transaction().execute((trx) => rebuildAll(trx, 'original'));
}

/** `compact` is this migration's layout, `original` the one 0001 created. */
type Layout = 'compact' | 'original';

interface LaunchTable {
  name: string;
  /** Every column, in the order 0001 created them. */
  columns: string;
  /** The body of `create table … (…)` for a layout. */
  definition: (layout: Layout) => string;
  /** The `create index` statements for a layout. */
  indexes: (layout: Layout) => string[];
}

const withoutRowid = (layout: Layout) => (layout === 'compact' ? ' without rowid' : '');

const LAUNCH_TABLES: LaunchTable[] = [
  {
    name: 'sessions',
    columns:
      'id_hash, tenant_id, contact_id, company_id, created_at, last_seen_at, expires_at, revoked_at',
    definition: (layout) => `(
       id_hash text primary key not null,
       tenant_id integer not null references tenants (id) on delete cascade,
       contact_id integer not null references contacts (id) on delete cascade,
       company_id integer not null,
       created_at bigint not null,
       last_seen_at bigint not null,
       expires_at bigint not null,
       revoked_at bigint
     )${withoutRowid(layout)}`,
    indexes: () => [
      'create index sessions_contact on sessions (contact_id)',
      'create index sessions_expires on sessions (expires_at)',
    ],
  },
  {
    name: 'replay_guard',
    columns: 'issuer, jti, expires_at',
    definition: (layout) => `(
       issuer text not null,
       jti text not null,
       expires_at bigint not null,
       constraint replay_guard_pk primary key (issuer, jti)
     )${withoutRowid(layout)}`,
    indexes: (layout) =>
      layout === 'compact'
        ? []
        : ['create index replay_guard_expires on replay_guard (expires_at)'],
  },
  {
    name: 'rate_limits',
    columns: 'key, window_start, count',
    definition: (layout) => `(
       key text not null,
       window_start bigint not null,
       count integer not null,
       constraint rate_limits_pk primary key (key, window_start)
     )${withoutRowid(layout)}`,
    indexes: () => [],
  },
  {
    name: 'sso_events',
    columns:
      'id, tenant_id, at, provider, outcome, reasons, issuer, psa_contact_id, contact_id, ' +
      'email_masked, ip',
    definition: (layout) => `(
       id integer primary key${layout === 'compact' ? '' : ' autoincrement'} not null,
       tenant_id integer not null references tenants (id) on delete cascade,
       at bigint not null,
       provider text not null,
       outcome text not null,
       reasons text default '' not null,
       issuer text,
       psa_contact_id text,
       contact_id integer,
       email_masked text,
       ip text
     )`,
    indexes: () => ['create index sso_events_tenant_at on sso_events (tenant_id, at desc)'],
  },
];

// SQLite cannot change a table's layout in place: the rows move to a new table, which
// then takes the old one's name. No other table references these four, so dropping the
// old table breaks no foreign key.
async function rebuildAll(db: Kysely<unknown>, layout: Layout): Promise<void> {
  for (const table of LAUNCH_TABLES) {
    const { name, columns } = table;
    await sql.raw(`create table ${name}_new ${table.definition(layout)}`).execute(db);
    await sql
      .raw(`insert into ${name}_new (${columns}) select ${columns} from ${name}`)
      .execute(db);
    await sql.raw(`drop table ${name}`).execute(db);
    await sql.raw(`alter table ${name}_new rename to ${name}`).execute(db);
    for (const index of table.indexes(layout)) await sql.raw(index).execute(db);
  }
}
