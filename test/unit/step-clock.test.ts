/** A web action's time is the server's and the network's: the person's pauses between calls are left out. */
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { StepClock } from '../../lib/web-client/step-clock.ts';

test('a step of calls with pauses between them reports the calls alone', () => {
  mock.timers.enable({ apis: ['Date'], now: 0 });
  try {
    const clock = new StepClock(() => mock.timers.tick(2_000));
    const opening = clock.start();
    mock.timers.tick(120); // the list
    clock.think();
    mock.timers.tick(80); // the form
    clock.think();
    assert.equal(opening(), 200);
    const saving = clock.start();
    mock.timers.tick(300);
    assert.equal(saving(), 300, 'a pause before a step is not the step’s');
    assert.equal(opening(), 500, 'a step still running counts calls made since, pauses left out');
  } finally {
    mock.timers.reset();
  }
});
