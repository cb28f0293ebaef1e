// The images each task of this process asked for: what tells a Wan 2.6/2.7 partial success apart.
import { rememberRequested, requestedImages } from '../../../nodes/AlibabaWan/transport/requested';

test('a task remembers the images it asked for during the day its results live, nothing after', () => {
	const t0 = 1_000_000;
	rememberRequested('task-a', 4, t0);
	expect(requestedImages('task-a', t0 + 1000)).toBe(4);
	expect(requestedImages('task-a', t0 + 24 * 3600 * 1000)).toBeUndefined();
	expect(requestedImages('task-unknown', t0)).toBeUndefined();
});

test('a count that is not a whole positive number is not remembered', () => {
	for (const n of [0, 1.5, '2', undefined, -1]) rememberRequested(`task-${String(n)}`, n);
	for (const n of [0, 1.5, '2', undefined, -1])
		expect(requestedImages(`task-${String(n)}`)).toBeUndefined();
});
