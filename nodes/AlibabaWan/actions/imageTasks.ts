import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ImageReader, Submission } from '../create';
import { RetryLedger, submissionJson, submitImageTasks } from '../create';
import { asNodeError } from '../helpers/nodeError';
import { errorItem } from '../items';
import type { WaitEntry } from '../wait';
import { SUBMIT_ONLY_HINT, addHints, newTarget, openBatch, readWaitSettings } from '../wait';

/** What an item's output carries besides the task: the model and the request sent. */
function extraOf(submission: Submission) {
	const { request, model, resumed } = submissionJson(submission);
	return { model, request, ...(resumed && { resumed }) };
}

/**
 * Edit and Fuse differ only in how they read their images: everything after that is shared.
 * With Wait for Completion each task joins the wait as soon as its create returns, so a big
 * batch's creates, waiting and downloads overlap instead of following each other.
 */
export async function executeImageTasks(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	readImages: ImageReader,
): Promise<INodeExecutionData[]> {
	const settings = readWaitSettings.call(this);
	const ledger = new RetryLedger(this);
	if (!settings.wait) {
		const submissions = await submitImageTasks.call(this, items, readImages, ledger);
		if (submissions.some((submission) => submission.task)) addHints(this, [SUBMIT_ONLY_HINT]);
		return ledger.settle(
			submissions.map((submission) =>
				submission.error
					? errorItem(this.getNode(), submission.error, submission.itemIndex)
					: { json: submissionJson(submission), pairedItem: { item: submission.itemIndex } },
			),
			[],
		);
	}

	const batch = openBatch.call(this, settings, true);
	const targets = new Map<number, WaitEntry['target']>();
	let submissions: Submission[];
	try {
		submissions = await submitImageTasks.call(this, items, readImages, ledger, (submission) => {
			const { task, resumed = false } = submission;
			if (!task) return;
			// A resumed task may have finished during the earlier try: asked about at once.
			const target = newTarget(submission.itemIndex, task.taskId, task.status, resumed);
			target.resumed = resumed || undefined;
			targets.set(submission.itemIndex, target);
			batch.add(target);
		});
	} catch (error) {
		// The error names every task created; after a stop the PENDING ones are cancelled.
		await batch.abandon();
		ledger.noteStatuses(batch.targets);
		throw asNodeError(this.getNode(), error);
	}
	const entries: WaitEntry[] = submissions.map((submission) => ({
		itemIndex: submission.itemIndex,
		error: submission.error,
		target: targets.get(submission.itemIndex),
		extra: extraOf(submission),
	}));
	let output: INodeExecutionData[] | undefined;
	try {
		output = await batch.finish(entries);
	} finally {
		// A failed run keeps its tasks (with their last statuses) for n8n's Retry On Fail.
		if (!output) ledger.noteStatuses(batch.targets);
	}
	return ledger.settle(output, batch.targets);
}
