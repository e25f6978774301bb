// The floors: bare Fastify routes that do only the essential work of a portal route, in
// a process of their own, loaded the same way as the portal.
// - POST /verify verifies a launch token with jose against one pasted ES256 key.
// - GET /invoices runs the portal's invoice-page query through better-sqlite3 directly.
// Settings come from BENCH_FLOOR (JSON: database file, public JWK, issuer, audience).
import process from 'node:process';
import { Buffer } from 'node:buffer';
import BetterSqlite3 from 'better-sqlite3';
import Fastify from 'fastify';
import { importJWK, jwtVerify } from 'jose';
import { fail, send, serveRequests } from './worker-channel.mjs';

const INVOICE_PAGE_SQL = `
  select id, invoice_number, invoice_date, due_date, currency, total, balance, is_closed,
         status_name
  from invoices
  where tenant_id = ? and company_id = ? and deleted = 0
  order by due_date desc, id desc
  limit ?`;

try {
  const settings = JSON.parse(process.env.BENCH_FLOOR ?? '{}');
  const key = await importJWK(settings.publicJwk, 'ES256');
  const sqlite = new BetterSqlite3(settings.databaseFile, { readonly: true });
  const invoicePage = sqlite.prepare(INVOICE_PAGE_SQL);
  const today = new Date().toISOString().slice(0, 10);

  const app = Fastify({ logger: false });
  app.post('/verify', async (request, reply) => {
    await jwtVerify(request.body.launch_token, key, {
      algorithms: ['ES256'],
      issuer: settings.issuer,
      audience: settings.audience,
      typ: 'billfold-launch+jwt',
      maxTokenAge: 120,
    });
    return reply.code(201).send({ ok: true });
  });
  app.get('/invoices', async (request) => {
    const companyId = Number(request.query.company);
    const rows = invoicePage.all(settings.tenantId, companyId, 51);
    const page = rows.slice(0, 50);
    const last = page.at(-1);
    return {
      data: page.map((row) => toSummary(row, today)),
      next_cursor:
        rows.length > 50 && last !== undefined
          ? Buffer.from(JSON.stringify({ d: last.due_date, i: last.id })).toString('base64url')
          : null,
    };
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  serveRequests(async () => {
    await app.close();
    sqlite.close();
  });
  send({ type: 'ready', port: app.server.address().port });
} catch (error) {
  fail(error);
}

// The same fields the portal sends for each invoice in a page.
function toSummary(row, today) {
  const open = row.is_closed !== 1;
  return {
    id: row.id,
    number: row.invoice_number,
    date: row.invoice_date,
    due_date: row.due_date,
    currency: row.currency,
    total: row.total,
    balance: row.balance,
    status: open ? 'open' : 'paid',
    status_name: row.status_name,
    overdue: open && row.balance > 0 && row.due_date < today,
  };
}
