/**
 * On-demand benchmark: seeds the emulator's database at scale and prints rows per second and the
 * time beside the goal (50,000 products, 20,000 customers and their stock in under 60 s).
 *   npm run bench:seed [-- --products 50000 --customers 20000 --companies 2]
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SEED_DEFAULTS, seed } from '../emulator/seed/seed.ts';
import { LocalPostgres } from '../services/postgres.ts';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '50000' },
    customers: { type: 'string', default: '20000' },
    companies: { type: 'string', default: '2' },
    operators: { type: 'string', default: '50' },
    'pg-port': { type: 'string', default: '55434' },
  },
});
const postgres = new LocalPostgres({
  root: resolve('.local', 'bench-postgres'),
  port: Number(values['pg-port']),
  log: (line) => console.error(`bench: ${line}`),
});
await postgres.start();
try {
  const databaseUrl = postgres.databaseUrl('odoo_seed_bench');
  const started = performance.now();
  await seed({
    ...SEED_DEFAULTS,
    databaseUrl,
    dbName: 'odoo_seed_bench',
    companies: Number(values.companies),
    products: Number(values.products),
    customers: Number(values.customers),
    operators: Number(values.operators),
    password: randomBytes(12).toString('hex'),
    progress: (line) =>
      console.error(`bench: ${((performance.now() - started) / 1000).toFixed(1)} s ${line}`),
  });
  const seconds = (performance.now() - started) / 1000;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM product_product) + (SELECT count(*) FROM res_partner) + (SELECT count(*) FROM stock_quant)
          + (SELECT count(*) FROM sale_order_line) + (SELECT count(*) FROM stock_move) AS rows`,
  );
  await client.end();
  const total = Number(rows[0].rows);
  console.log(
    `\nseed: ${values.products} products, ${values.customers} customers, ${values.companies} companies, ${values.operators} operators`,
  );
  console.log('measure          value      goal     ratio');
  console.log(
    `seconds      ${seconds.toFixed(1).padStart(9)} ${'60'.padStart(9)}     ${(60 / seconds).toFixed(2)}x faster than the goal`,
  );
  console.log(`rows/second  ${(total / seconds).toFixed(0).padStart(9)}   (${total} rows)`);
} finally {
  await postgres.stop();
}
