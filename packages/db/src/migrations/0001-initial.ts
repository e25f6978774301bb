import { sql, type Kysely } from 'kysely';
import { identity, idType } from './dialect.js';

// The initial schema. Column meanings are documented on the table interfaces in
// schema.ts; this file only states types, keys and indexes.

export async function up(db: Kysely<unknown>): Promise<void> {
  const id = idType(db);
  const pk = identity(db);

  await db.schema
    .createTable('tenants')
    .addColumn('id', id, pk)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('portal_origin', 'text', (c) => c.notNull())
    .addColumn('sso_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sso_provider', 'text', (c) => c.notNull().defaultTo('connectwise_portal'))
    .addColumn('required_role', 'text', (c) => c.notNull().defaultTo('Billing Admin'))
    .addColumn('callback_validation_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tenant_host_origins')
    .addColumn('id', id, pk)
    .addColumn('tenant_id', id, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('tenant_host_origins_tenant_origin', ['tenant_id', 'origin'])
    .execute();

  await db.schema
    .createTable('trusted_issuers')
    .addColumn('id', id, pk)
    .addColumn('tenant_id', id, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('jwks_url', 'text')
    .addColumn('jwks_json', 'text')
    .addColumn('algorithms', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('trusted_issuers_tenant_issuer', ['tenant_id', 'issuer'])
    .execute();

  await db.schema
    .createTable('profiles')
    .addColumn('id', id, pk)
    .addColumn('tenant_id', id, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('can_view_invoices', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('can_download_pdf', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('can_pay', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_revoke', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_builtin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('profiles_tenant_name', ['tenant_id', 'name'])
    .execute();

  await db.schema
    .createTable('companies')
    .addColumn('id', id, pk)
    .addColumn('tenant_id', id, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('psa_id', 'bigint', (c) => c.notNull())
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('currency', 'text')
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('psa_updated_at', 'bigint', (c) => c.notNull())
    .addColumn('synced_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('companies_tenant_psa', ['tenant_id', 'psa_id'])
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', id, pk)
    .addColumn('tenant_id', id, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('psa_id', 'bigint', (c) => c.notNull())
    .addColumn('psa_company_id', 'bigint')
    .addColumn('company_id', id, (c) => c.references('companies.id').onDelete('set null'))
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('email_normalized', 'text')
    .addColumn('inactive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('default_billing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('portal_security_level', 'text')
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('profile_id', id, (c) => c.notNull().references('profiles.id'))
    .addColumn('psa_updated_at', 'bigint', (c) => c.notNull())
    .addColumn('synced_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('contacts_tenant_psa', ['tenant_id', 'psa_id'])
    .execute();
  await db.schema
    .createIndex('contacts_tenant_email')
    .on('contacts')
    .columns(['tenant_id', 'email_normalized'])
    .execute();
  await db.schema
    .createIndex('contacts_tenant_company')
    .on('contacts')
    .columns(['tenant_id', 'company_id'])
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', id, pk)
    .addColumn('tenant_id', id, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('psa_id', 'bigint', (c) => c.notNull())
    .addColumn('company_id', id, (c) => c.notNull().references('companies.id'))
    .addColumn('invoice_number', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status_name', 'text', (c) => c.notNull())
    .addColumn('is_closed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('invoice_date', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('sales_tax', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('payments', 'bigint', (c) => c.notNull())
    .addColumn('credits', 'bigint', (c) => c.notNull())
    .addColumn('balance', 'bigint', (c) => c.notNull())
    .addColumn('customer_po', 'text')
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('psa_updated_at', 'bigint', (c) => c.notNull())
    .addColumn('synced_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('invoices_tenant_psa', ['tenant_id', 'psa_id'])
    .execute();
  // The widget's list: one company, newest due first, keyset on (due_date, id).
  await db.schema
    .createIndex('invoices_list')
    .on('invoices')
    .columns(['tenant_id', 'company_id', 'due_date desc', 'id desc'])
    .execute();

  await db.schema
    .createTable('invoice_lines')
    .addColumn('id', id, pk)
    .addColumn('tenant_id', id, (c) => c.notNull())
    .addColumn('invoice_id', id, (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'real', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invoice_lines_invoice')
    .on('invoice_lines')
    .columns(['invoice_id', 'line_no'])
    .execute();

  await db.schema
    .createTable('invoice_payments')
    .addColumn('id', id, pk)
    .addColumn('tenant_id', id, (c) => c.notNull())
    .addColumn('invoice_id', id, (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('psa_id', 'bigint')
    .addColumn('paid_on', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('method', 'text')
    .execute();
  await db.schema
    .createIndex('invoice_payments_invoice')
    .on('invoice_payments')
    .column('invoice_id')
    .execute();

  await db.schema
    .createTable('internal_users')
    .addColumn('id', id, pk)
    .addColumn('tenant_id', id, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_normalized', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('admin'))
    .addColumn('totp_secret', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('internal_users_tenant_email', ['tenant_id', 'email_normalized'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', id, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('contact_id', id, (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('company_id', id, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('sessions_contact').on('sessions').column('contact_id').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('admin_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', id, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', id, (c) =>
      c.notNull().references('internal_users.id').onDelete('cascade'),
    )
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();

  await db.schema
    .createTable('replay_guard')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('replay_guard_pk', ['issuer', 'jti'])
    .execute();
  await db.schema
    .createIndex('replay_guard_expires')
    .on('replay_guard')
    .column('expires_at')
    .execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['key', 'window_start'])
    .execute();

  await db.schema
    .createTable('sso_events')
    .addColumn('id', id, pk)
    .addColumn('tenant_id', id, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('issuer', 'text')
    .addColumn('psa_contact_id', 'text')
    .addColumn('contact_id', id)
    .addColumn('email_masked', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema
    .createIndex('sso_events_tenant_at')
    .on('sso_events')
    .columns(['tenant_id', 'at desc'])
    .execute();

  await db.schema
    .createTable('sync_cursors')
    .addColumn('tenant_id', id, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('last_updated', 'bigint', (c) => c.notNull())
    .addColumn('last_id', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_cursors_pk', ['tenant_id', 'entity'])
    .execute();

  await db.schema
    .createTable('sync_runs')
    .addColumn('id', id, pk)
    .addColumn('tenant_id', id, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('error', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'sync_runs',
    'sync_cursors',
    'sso_events',
    'rate_limits',
    'replay_guard',
    'admin_sessions',
    'sessions',
    'internal_users',
    'invoice_payments',
    'invoice_lines',
    'invoices',
    'contacts',
    'companies',
    'profiles',
    'trusted_issuers',
    'tenant_host_origins',
    'tenants',
  ];
  for (const table of tables) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
