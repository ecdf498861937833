/** The deliveries setup() hands to operators, packed for setup data: each given back as assigned. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deliveryAt, packDeliveries } from '../../lib/workloads/assigned-deliveries.ts';

test('columns of numbers and each login once; delivery i comes back whole, none past the last', () => {
  const deliveries = [
    { id: 11, login: 'picker01', companyId: 1 },
    { id: 12, login: 'picker01', companyId: 1 },
    { id: 13, login: 'picker02', companyId: 2 },
  ];
  const pack = packDeliveries(deliveries);
  assert.deepEqual(pack.operators, ['picker01', 'picker02']);
  assert.deepEqual(pack.operatorOf, [0, 0, 1]);
  for (const [i, delivery] of deliveries.entries()) assert.deepEqual(deliveryAt(pack, i), delivery);
  assert.equal(deliveryAt(pack, 3), undefined);
  assert.equal(deliveryAt(packDeliveries([]), 0), undefined);
});
