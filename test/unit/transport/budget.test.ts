// The account budget on its own, on jest's fake clock: even spacing, Retry-After, AIMD, and two n8n
// processes (two budgets that do not talk to each other) on one account settling under the
// service's 20/s window. No test waits in real time.
import { tuning } from '../../../nodes/AlibabaWan/helpers/tuning';
import { RateBudget } from '../../../nodes/AlibabaWan/transport/budget';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SlidingWindow } = require('../../emulator/ratelimit');

beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-12-01T00:00:00Z') }));
afterEach(() => jest.useRealTimers());

/** Runs `work` while the fake clock moves on in 10 ms steps, up to `limitMs`. */
async function drive<T>(work: Promise<T>, limitMs = 60_000): Promise<T> {
	let done = false;
	const result = work.finally(() => (done = true));
	for (let spent = 0; !done && spent < limitMs; spent += 10)
		await jest.advanceTimersByTimeAsync(10);
	return await result;
}

/** When each of `count` requests got its slot, one after another. */
async function startsOf(budget: RateBudget, count: number): Promise<number[]> {
	const starts: number[] = [];
	await drive(
		(async () => {
			for (let i = 0; i < count; i++) {
				await budget.acquire();
				starts.push(Date.now());
			}
		})(),
	);
	return starts;
}

test('at most the ceiling in any 1.1 s, never in a burst', async () => {
	const starts = await startsOf(new RateBudget(10), 21);
	const gaps = starts.slice(1).map((t, i) => t - starts[i]);
	for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(50);
	// Whatever the jitter on the way (up to 100 ms), the service sees at most 10 in a second.
	for (let i = 0; i + 10 < starts.length; i++)
		expect(starts[i + 10] - starts[i]).toBeGreaterThanOrEqual(1100);
	// ...and the account is used: 21 requests in a little over two windows.
	expect(starts[20] - starts[0]).toBeLessThan(2400);
});

test('creates use the whole second: N creates take about N / rate seconds', async () => {
	const starts = await startsOf(new RateBudget(10, 'creates'), 101);
	for (let i = 0; i + 10 < starts.length; i++)
		expect(starts[i + 10] - starts[i]).toBeGreaterThanOrEqual(1000);
	// 100 creates after the first in ten windows of 1 s (queries, at 1.1 s, would need 11).
	expect(starts[100] - starts[0]).toBeLessThan(10_100);
});

test('a 429 pauses for Retry-After and halves the rate, which then climbs back', async () => {
	const budget = new RateBudget(8);
	await budget.acquire();
	const throttledAt = Date.now();
	budget.throttled(1500);
	expect(budget.rate).toBe(4);
	budget.throttled(); // the same burst: no second halving
	expect(budget.rate).toBe(4);
	await drive(budget.acquire());
	expect(Date.now() - throttledAt).toBeGreaterThanOrEqual(1500);
	const stop = new AbortController();
	budget.throttled(5000);
	const waiting = budget.acquire(stop.signal);
	await jest.advanceTimersByTimeAsync(50);
	stop.abort();
	expect(await drive(waiting)).toBe(false); // a stop ends the wait for a slot
	await jest.advanceTimersByTimeAsync(tuning().budget.recoverEveryMs * 2 + 50);
	expect(budget.rate).toBeGreaterThan(2);
	expect(budget.throttledCount).toBe(3);
});

test('the rate never falls below its floor, and recovers only up to the ceiling', async () => {
	const budget = new RateBudget(2);
	for (let i = 0; i < 6; i++) {
		budget.throttled();
		await jest.advanceTimersByTimeAsync(tuning().budget.decreaseEveryMs);
	}
	expect(budget.rate).toBe(tuning().budget.minRate);
	await jest.advanceTimersByTimeAsync(60_000);
	expect(budget.rate).toBe(2);
});

test('a raised ceiling applies at once when unthrottled; a throttled budget climbs toward it', () => {
	const budget = new RateBudget(5);
	budget.setCeiling(12);
	expect(budget.rate).toBe(12);
	budget.setCeiling(3);
	expect(budget.rate).toBe(3);
	budget.throttled();
	budget.setCeiling(10);
	expect(budget.rate).toBe(1.5);
});

test('two processes whose budgets add up past the account limit settle under it', async () => {
	const window = new SlidingWindow(1000);
	const processes = [new RateBudget(15), new RateBudget(15)];
	const answered: number[] = [];
	const refused: number[] = [];
	const start = Date.now();
	const until = start + 12_000;
	await drive(
		Promise.all(
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
		),
	);
	// The first burst teaches both; after it, (nearly) every request is answered...
	expect(refused.filter((t) => t > start + 3000).length).toBeLessThanOrEqual(2);
	// ...and the account is still used well: more than half its limit.
	expect(answered.filter((t) => t > start + 3000).length / 9).toBeGreaterThan(10);
});
