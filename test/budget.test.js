'use strict';
// The account budget on its own: even spacing, Retry-After, and two n8n processes (two budgets
// that do not talk to each other) on one account settling under the service's 20/s window.
const { RateBudget, BUDGET_TUNING } = require('../dist/nodes/AlibabaWan/transport/budget');
const { SlidingWindow } = require('./emulator/ratelimit');

test('at most the ceiling in any 1.1 s, never in a burst', async () => {
	const budget = new RateBudget(10);
	const starts = [];
	for (let i = 0; i < 21; i++) {
		await budget.acquire();
		starts.push(Date.now());
	}
	const gaps = starts.slice(1).map((t, i) => t - starts[i]);
	for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(49);
	// Whatever the jitter on the way (up to 100 ms), the service sees at most 10 in a second.
	for (let i = 0; i + 10 < starts.length; i++) expect(starts[i + 10] - starts[i]).toBeGreaterThanOrEqual(1099);
	// ...and the account is used: 21 requests in a little over two windows.
	expect(starts[20] - starts[0]).toBeLessThan(2600);
});

test('a 429 pauses for Retry-After and halves the rate, which then climbs back', async () => {
	const budget = new RateBudget(8);
	await budget.acquire();
	const throttledAt = Date.now();
	budget.throttled(1500);
	expect(budget.rate).toBe(4);
	budget.throttled(); // the same burst: no second halving
	expect(budget.rate).toBe(4);
	await budget.acquire();
	expect(Date.now() - throttledAt).toBeGreaterThanOrEqual(1490);
	const signal = AbortSignal.timeout(50);
	budget.throttled(5000);
	expect(await budget.acquire(signal)).toBe(false); // a stop ends the wait for a slot
	await new Promise((resolve) => setTimeout(resolve, BUDGET_TUNING.recoverEveryMs * 2 + 50));
	expect(budget.rate).toBeGreaterThan(2);
});

test('a raised ceiling applies at once when unthrottled', () => {
	const budget = new RateBudget(5);
	budget.setCeiling(12);
	expect(budget.rate).toBe(12);
	budget.setCeiling(3);
	expect(budget.rate).toBe(3);
});

test('two processes whose budgets add up past the account limit settle under it', async () => {
	const window = new SlidingWindow(1000);
	const processes = [new RateBudget(15), new RateBudget(15)];
	const answered = [];
	const refused = [];
	const until = Date.now() + 12_000;
	await Promise.all(
		processes.map(async (budget) => {
			while (Date.now() < until) {
				await budget.acquire();
				const now = Date.now();
				if (window.tryTake('account', 20, now)) answered.push(now);
				else {
					refused.push(now);
					budget.throttled(); // the emulator's 429 has no Retry-After
				}
			}
		}),
	);
	const start = until - 12_000;
	// The first burst teaches both; after it, (nearly) every request is answered...
	expect(refused.filter((t) => t > start + 3000).length).toBeLessThanOrEqual(2);
	// ...and the account is still used well: more than half its limit.
	expect(answered.filter((t) => t > start + 3000).length / 9).toBeGreaterThan(10);
}, 20_000);
