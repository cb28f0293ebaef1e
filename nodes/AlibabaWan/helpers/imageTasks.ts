import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from './nodeError';
import { errorItem, submissionJson } from './output';
import { RetryLedger } from './retryLedger';
import type { ImageReader } from './submit';
import { submitImageTasks } from './submit';
import { newTarget, readWaitSettings, waitForTasks } from './wait';

/** Edit and Fuse differ only in how they read their images: everything after that is shared. */
export async function executeImageTasks(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	readImages: ImageReader,
): Promise<INodeExecutionData[]> {
	const settings = readWaitSettings.call(this);
	const ledger = new RetryLedger(this);
	const submissions = await submitImageTasks.call(this, items, readImages, ledger);
	if (!settings.wait) {
		return ledger.settle(
			submissions.map((submission) =>
				submission.error
					? errorItem(this.getNode(), submission.error, submission.itemIndex)
					: { json: submissionJson(submission), pairedItem: { item: submission.itemIndex } },
			),
			[],
		);
	}
	const entries = submissions.map((submission) => {
		const { request, model, resumed } = submissionJson(submission);
		const target = submission.task && newTarget(submission.itemIndex, submission.task.taskId, submission.task.status);
		if (target && resumed) {
			target.resumed = true;
			target.firstPollAt = target.since; // it may have finished during the earlier try
		}
		return { itemIndex: submission.itemIndex, error: submission.error, target, extra: { model, request, ...(resumed && { resumed }) } };
	});
	const targets = entries.flatMap((entry) => (entry.target ? [entry.target] : []));
	try {
		return ledger.settle(await waitForTasks.call(this, entries, settings, true), targets);
	} catch (error) {
		ledger.noteStatuses(targets);
		throw asNodeError(this.getNode(), error);
	}
}
