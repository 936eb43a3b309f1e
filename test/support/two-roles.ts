import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testPostgresAdminUrl } from './databases.js';

/**
 * A throwaway database owned by a throwaway owner role (LOGIN, CREATEROLE, not a superuser), and the
 * name of an application role `exposure-scanner migrate` is to create: the service-mode deployment of
 * docs/safety.md §3. Roles are cluster-wide, so `drop()` removes both with the database.
 */
export interface TwoRolePostgres {
  ownerUrl: string;
  appUrl: string;
  appRole: string;
  drop(): Promise<void>;
}

export async function createTwoRolePostgres(): Promise<TwoRolePostgres> {
  const suffix = randomBytes(5).toString('hex');
  const name = `es_test_${suffix}`;
  const owner = `es_owner_${suffix}`;
  const app = `es_app_${suffix}`;
  await admin(async (client) => {
    await client.query(`create role ${owner} login createrole password 'owner-secret'`);
    await client.query(`create database ${name} owner ${owner}`);
  });
  const urlFor = (user: string, password: string) => {
    const url = new URL(testPostgresAdminUrl);
    url.username = user;
    url.password = password;
    url.pathname = `/${name}`;
    return url.toString();
  };
  let dropped = false;
  return {
    ownerUrl: urlFor(owner, 'owner-secret'),
    appUrl: urlFor(app, 'app-secret'),
    appRole: app,
    async drop() {
      if (dropped) return;
      dropped = true;
      await admin(async (client) => {
        await client.query(`drop database if exists ${name} with (force)`);
        await client.query(`drop role if exists ${app}`);
        await client.query(`drop role if exists ${owner}`);
      });
    },
  };
}

async function admin(fn: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresAdminUrl });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
