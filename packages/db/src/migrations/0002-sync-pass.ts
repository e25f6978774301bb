import type { Kysely } from 'kysely';

// A full sync pass pages by id; `pass_after_id` stores how far it got, so a crash resumes
// the pass instead of starting over. Null when no full pass is in progress.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_cursors').addColumn('pass_after_id', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_cursors').dropColumn('pass_after_id').execute();
}
