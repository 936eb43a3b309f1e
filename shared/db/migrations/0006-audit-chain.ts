import { sql, type Kysely } from 'kysely';

/**
 * A tamper-evident audit log (docs/safety.md §3).
 *
 * - Every entry joins a hash chain: `seq` (its place, 1, 2, 3... with no gap), `prev_hash` (the entry
 *   before it) and `row_hash` (SHA-256 over `prev_hash` and the entry's columns, shared/audit/chain.ts).
 * - The database fills all of it in a BEFORE INSERT trigger, with the time: whatever an insert supplies
 *   for `at`, `seq`, `prev_hash` or `row_hash` is overwritten, so an entry cannot be back-dated or forged
 *   into the chain by the application. The trigger locks the chain's head row first, so concurrent
 *   inserts are chained one after the other, and the time is read under that lock (clock_timestamp(),
 *   not the transaction's start): time order and chain order agree.
 * - `audit_chain_head` keeps the last entry's place and hash apart from the rows, so removing entries at
 *   the end, or all of them, shows. The trigger is SECURITY DEFINER (it runs as the owner): the
 *   application's role, which may only insert into audit_log, is given no right on the head at all.
 * - TRUNCATE is refused like UPDATE and DELETE. Only the tables' owner can get past these triggers (by
 *   disabling them); `exposure-scanner audit verify` then finds what it changed.
 * - `api_keys.last_used_at`: when a key was last used, written at most once a minute per key; and
 *   `api_keys.key_prefix`: the key's first characters, to tell keys apart in `org key list`.
 *
 * The hash is computed by the database with PostgreSQL's own sha256() (11+, PGlite too). Entries written
 * before this migration are chained here, in id order.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow today's DB type
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit_chain_head (
      only_row boolean primary key default true check (only_row),
      seq bigint not null,
      row_hash text not null
    )`.execute(db);
  await sql`insert into audit_chain_head (seq, row_hash) values (0, repeat('0', 64))`.execute(db);

  // The canonical form of shared/audit/chain.ts (canonicalEntry): each field as "<UTF-8 length>:<value>",
  // or "-" when null, joined by "|" after the formula's version.
  await sql`
    create function audit_log_field(value text) returns text language sql immutable as $$
      select case when value is null then '-'
        else octet_length(convert_to(value, 'UTF8'))::text || ':' || value end
    $$`.execute(db);
  await sql`
    create function audit_log_at_text(moment timestamptz) returns text language sql stable as $$
      select to_char(moment at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    $$`.execute(db);
  await sql`
    create function audit_log_row_hash(
      prev_hash text, seq bigint, id bigint, moment timestamptz,
      actor text, action text, org_id text, scan_id text, finding_id text, api_key_id text
    ) returns text language sql stable as $$
      select encode(sha256(convert_to(concat_ws('|',
        'audit-v1',
        audit_log_field(prev_hash),
        audit_log_field(seq::text),
        audit_log_field(id::text),
        audit_log_field(audit_log_at_text(moment)),
        audit_log_field(actor),
        audit_log_field(action),
        audit_log_field(org_id),
        audit_log_field(scan_id),
        audit_log_field(finding_id),
        audit_log_field(api_key_id)
      ), 'UTF8')), 'hex')
    $$`.execute(db);

  // `api_key_id`: the key a `key.create` or `key.revoke` was about (an id; the key itself is never stored).
  await sql`
    alter table audit_log add column api_key_id text,
      add column seq bigint, add column prev_hash text, add column row_hash text`.execute(db);
  // Entries written before the chain existed join it in the order they were written.
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
  await sql`
    do $$
    declare
      entry record;
      place bigint := 0;
      previous text := repeat('0', 64);
      hash text;
    begin
      for entry in select * from audit_log order by id loop
        place := place + 1;
        hash := audit_log_row_hash(previous, place, entry.id, entry.at, entry.actor, entry.action,
          entry.org_id, entry.scan_id, entry.finding_id, entry.api_key_id);
        update audit_log set seq = place, prev_hash = previous, row_hash = hash where id = entry.id;
        previous := hash;
      end loop;
      update audit_chain_head set seq = place, row_hash = previous;
    end
    $$`.execute(db);
  await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
  await sql`
    alter table audit_log
      alter column seq set not null,
      alter column prev_hash set not null,
      alter column row_hash set not null,
      add constraint audit_log_seq_key unique (seq)`.execute(db);
  // The read API pages an organisation's entries newest first by their place in the chain.
  await sql`create index audit_log_org_seq_idx on audit_log (org_id, seq desc)`.execute(db);

  await sql`
    create function audit_log_chain() returns trigger language plpgsql
    security definer set search_path = pg_catalog, public as $$
    declare
      head record;
    begin
      select seq, row_hash into strict head from audit_chain_head for update;
      new.seq := head.seq + 1;
      new.prev_hash := head.row_hash;
      new.at := clock_timestamp();
      new.row_hash := audit_log_row_hash(new.prev_hash, new.seq, new.id, new.at, new.actor, new.action,
        new.org_id, new.scan_id, new.finding_id, new.api_key_id);
      update audit_chain_head set seq = new.seq, row_hash = new.row_hash;
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger audit_log_chain before insert on audit_log
    for each row execute function audit_log_chain()`.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`.execute(db);
  // The head moves only with an insert (the trigger above); nothing deletes or empties it.
  await sql`
    create trigger audit_chain_head_kept before delete or truncate on audit_chain_head
    for each statement execute function audit_log_append_only()`.execute(db);

  await db.schema
    .alterTable('api_keys')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('key_prefix', 'text')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').dropColumn('last_used_at').dropColumn('key_prefix').execute();
  await sql`drop trigger if exists audit_chain_head_kept on audit_chain_head`.execute(db);
  await sql`drop trigger if exists audit_log_no_truncate on audit_log`.execute(db);
  await sql`drop trigger if exists audit_log_chain on audit_log`.execute(db);
  await sql`drop function if exists audit_log_chain()`.execute(db);
  await sql`drop index if exists audit_log_org_seq_idx`.execute(db);
  await sql`
    alter table audit_log drop constraint if exists audit_log_seq_key,
      drop column seq, drop column prev_hash, drop column row_hash, drop column api_key_id`.execute(db);
  await sql`drop function if exists audit_log_row_hash(text, bigint, bigint, timestamptz, text, text, text, text, text, text)`.execute(
    db,
  );
  await sql`drop function if exists audit_log_at_text(timestamptz)`.execute(db);
  await sql`drop function if exists audit_log_field(text)`.execute(db);
  await sql`drop table if exists audit_chain_head`.execute(db);
}
