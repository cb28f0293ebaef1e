import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError, mentionTasks } from '../helpers/nodeError';
import { forEachBounded } from '../helpers/pool';
import { tuning } from '../helpers/tuning';
import type { CreatedTask } from '../transport';
import { createTask } from '../transport';
import { checkModelRegion, explainModelRefusal } from './availability';
import { buildCreateBody } from './body';
import { checkBoxesFit } from './boxes';
import type { ImageSpec, PreparedImage } from './images';
import { prepareImage } from './images';
import type { GenerationSettings } from './parameters';
import { readGenerationSettings } from './parameters';
import type { RetryLedger } from './retryLedger';
import { fingerprintOf } from './retryLedger';

/** What happened to one input item: created (task), or failed (error) with Continue On Fail. */
export interface Submission {
	itemIndex: number;
	settings?: GenerationSettings;
	images?: Array<PreparedImage['summary']>;
	task?: CreatedTask;
	/** The task was created by an earlier try of this run (Retry On Fail), not paid again. */
	resumed?: boolean;
	error?: unknown;
}

/** Reads the images of item i in order; throws NodeOperationError naming the field and the model's limit on bad counts. */
export type ImageReader = (
	this: IExecuteFunctions,
	itemIndex: number,
	settings: GenerationSettings,
) => ImageSpec[];

const label = (index: number) => `Image ${index + 1}`;

async function prepareAll(
	ctx: IExecuteFunctions,
	i: number,
	readImages: ImageReader,
	settings: GenerationSettings,
): Promise<PreparedImage[]> {
	const prepared: PreparedImage[] = [];
	for (const [index, spec] of readImages.call(ctx, i, settings).entries())
		prepared.push(await prepareImage.call(ctx, i, label(index), spec, settings.limits));
	return prepared;
}

/** Reads and checks item i (parameters, images, boxes) as the check pass before any create does. */
export async function checkItem(
	this: IExecuteFunctions,
	i: number,
	readImages: ImageReader,
): Promise<Required<Pick<Submission, 'settings' | 'images'>>> {
	const settings = readGenerationSettings.call(this, i);
	const images = (await prepareAll(this, i, readImages, settings)).map((p) => p.summary);
	checkBoxesFit(this, i, settings.boxes, images);
	await checkModelRegion.call(this, i, settings.model);
	return { settings, images };
}

/**
 * Checks every item first, so bad input fails before anything is paid, then creates the tasks
 * with bounded concurrency (paced per account by the transport), or resumes the ones an earlier
 * try of this run created. Each task is handed to `onCreated` as soon as it exists, so waiting
 * for it starts while the others are still being created. Without Continue On Fail the first error
 * stops the run, naming the tasks already created so none is lost.
 */
export async function submitImageTasks(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	readImages: ImageReader,
	ledger: RetryLedger,
	onCreated: (submission: Submission) => void = () => {},
): Promise<Submission[]> {
	const submissions: Submission[] = items.map((_, itemIndex) => ({ itemIndex }));
	for (const submission of submissions) {
		const i = submission.itemIndex;
		try {
			Object.assign(submission, await checkItem.call(this, i, readImages));
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, i);
			submission.error = error;
		}
	}

	let stop: unknown;
	await forEachBounded(submissions.length, tuning().createConcurrency, async (index) => {
		const submission = submissions[index];
		if (submission.error || stop) return;
		const i = submission.itemIndex;
		try {
			// Read again here rather than kept from the check: a batch never holds every image at once.
			const settings = submission.settings as GenerationSettings;
			const images = await prepareAll(this, i, readImages, settings);
			const body = buildCreateBody(
				settings,
				images.map((p) => p.value()),
			);
			const fingerprint = fingerprintOf(body);
			const earlier = ledger.resumable(i, fingerprint);
			if (earlier) {
				submission.task = { taskId: earlier.taskId, status: earlier.status };
				submission.resumed = true;
				onCreated(submission);
				return;
			}
			submission.task = await createTask
				.call(this, settings.limits.api, body, i)
				.catch(async (error) => {
					throw await explainModelRefusal.call(this, i, settings.model, error);
				});
			ledger.record(i, fingerprint, submission.task.taskId, submission.task.status);
			onCreated(submission);
		} catch (error) {
			submission.error = error;
			if (!this.continueOnFail()) stop = stop ?? error;
		}
	});
	if (stop) {
		const created = submissions.flatMap((s) =>
			s.task ? [{ taskId: s.task.taskId, itemIndex: s.itemIndex, status: s.task.status }] : [],
		);
		throw mentionTasks(asNodeError(this.getNode(), stop), created);
	}
	return submissions;
}
