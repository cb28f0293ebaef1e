// The wait's pure parts: the progress line a long wait logs, and the hints shown after a run.
import type { WaitSettings, WaitTarget } from '../../../nodes/AlibabaWan/wait';
import { newTarget, progressLine } from '../../../nodes/AlibabaWan/wait';
import { runHints } from '../../../nodes/AlibabaWan/wait/hints';

const target = (status: string, extra: Partial<WaitTarget> = {}): WaitTarget => ({
	...newTarget(0, `t-${status}`, status, false, 0),
	...extra,
});
const settings = { maxWaitMs: 600_000, download: true } as WaitSettings;

test('the progress line counts done, failed, running and queued, and estimates what is left', () => {
	const targets = [
		target('SUCCEEDED', { settled: true }),
		target('FAILED', { settled: true }),
		target('RUNNING'),
		target('PENDING'),
		target('PENDING'),
	];
	expect(progressLine(targets, 45_000)).toBe(
		'2/5 tasks done (1 failed), 1 running, 2 queued; 45 s elapsed, about 68 s left',
	);
	expect(progressLine([target('PENDING')], 1_000)).toBe(
		'0/1 tasks done, 0 running, 1 queued; 1 s elapsed',
	);
});

test('a new target is first asked about after the usual interval, or at once', () => {
	expect(newTarget(2, 'a', 'PENDING', false, 1000)).toMatchObject({
		itemIndex: 2,
		taskId: 'a',
		since: 1000,
		firstPollAt: 1750,
		settled: false,
	});
	expect(newTarget(2, 'a', 'UNKNOWN', true, 1000).firstPollAt).toBe(1000);
});

test('hints: failures, failed images, unfinished, resumed tasks, expiring links', () => {
	const targets = [
		target('SUCCEEDED', { settled: true, resumed: true }),
		target('FAILED', { settled: true }),
		target('RUNNING', { settled: true, timedOut: true }),
	];
	const messages = runHints(targets, { ...settings, download: false }, 2).map(
		(hint) => hint.message,
	);
	expect(messages).toEqual([
		expect.stringContaining('1 of 3 task(s) did not succeed'),
		expect.stringContaining('2 result image(s) failed at the service'),
		expect.stringContaining('1 task(s) were still running after Max Wait (600 s)'),
		expect.stringContaining('1 task(s) created by an earlier try of this node were resumed'),
		expect.stringContaining('expire 24 hours'),
	]);
	expect(runHints([target('SUCCEEDED', { settled: true })], settings, 0)).toEqual([]);
});
