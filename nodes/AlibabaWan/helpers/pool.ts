/** A gate that lets at most `max` calls of `run` be in flight; the rest wait in order. */
export function limitConcurrency(max: number): <T>(work: () => Promise<T>) => Promise<T> {
	let active = 0;
	const waiting: Array<() => void> = [];
	return async <T>(work: () => Promise<T>): Promise<T> => {
		if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
		active++;
		try {
			return await work();
		} finally {
			active--;
			waiting.shift()?.();
		}
	};
}

/** Runs `work` over `count` indexes with at most `concurrency` in flight. */
export async function forEachBounded(
	count: number,
	concurrency: number,
	work: (index: number) => Promise<void>,
): Promise<void> {
	const run = limitConcurrency(concurrency);
	await Promise.all(
		Array.from({ length: count }, async (_, index) => await run(async () => await work(index))),
	);
}
