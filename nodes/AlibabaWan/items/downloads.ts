import type { IBinaryData } from 'n8n-workflow';

import { limitConcurrency } from '../helpers/pool';
import { tuning } from '../helpers/tuning';
import type { ServiceContext, WanTask } from '../transport';
import { downloadResultImage } from '../transport';

/** One result slot of a task: its URL, and the downloaded binary or why there is none. */
export interface ImageSlot {
	index: number;
	url?: string;
	fileName: string;
	binary?: IBinaryData;
	/** The download failed (the task itself succeeded). */
	downloadError?: unknown;
	/** The service failed this image (partial failure). */
	code?: string;
	message?: string;
}

export interface Downloader {
	/** A task that finished: its result slots are known, and its images start downloading (when enabled). */
	start(task: WanTask, itemIndex: number): void;
	slotsOf(taskId: string): ImageSlot[];
	/** Every download started has ended (well or not). */
	finished(): Promise<void>;
}

/**
 * Starts downloading a task's images as soon as it succeeds, while the others are still awaited,
 * so a batch's downloads overlap its waiting. Downloads go to the storage host, not the
 * rate-limited API: only their number in flight is bounded.
 */
export function createDownloader(
	this: ServiceContext,
	enabled: boolean,
	maxImageBytes: number,
): Downloader {
	const run = limitConcurrency(tuning().download.concurrency);
	const started: Array<Promise<void>> = [];
	const slots = new Map<string, ImageSlot[]>();

	const start = (task: WanTask, itemIndex: number) => {
		if (task.status !== 'SUCCEEDED') return;
		const taskSlots: ImageSlot[] = task.results.map((result) => ({
			index: result.index,
			url: result.url,
			fileName: `${task.taskId}-${result.index + 1}.png`,
			code: result.code,
			message: result.message,
		}));
		slots.set(task.taskId, taskSlots);
		if (!enabled) return;
		for (const slot of taskSlots) {
			if (!slot.url) continue;
			started.push(
				run(async () => {
					try {
						slot.binary = await downloadResultImage.call(
							this,
							slot.url as string,
							maxImageBytes,
							itemIndex,
							task.taskId,
							async (data) =>
								await this.helpers.prepareBinaryData(data, slot.fileName, 'image/png'),
						);
					} catch (error) {
						slot.downloadError = error;
					}
				}),
			);
		}
	};

	return {
		start,
		slotsOf: (taskId: string) => slots.get(taskId) ?? [],
		finished: async () => {
			await Promise.all(started);
		},
	};
}
