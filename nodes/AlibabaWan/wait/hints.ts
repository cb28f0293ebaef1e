import type { IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';

import type { WaitSettings } from './settings';
import type { WaitTarget } from './targets';

/** What the sources say of billing when something failed: only Wan 2.5's reference says it. */
export const BILLING = {
	failedTasks:
		"Failed tasks are not billed per Alibaba's Wan 2.5 reference; the Wan 2.6/2.7 references do not say.",
	failedImages:
		"Alibaba bills each generated image and Wan 2.5's usage.image_count counts only the images made; the Wan 2.6/2.7 references do not say how a missing image is billed.",
} as const;

/** What a user should know after a run, shown above the output in the editor (n8n >= 1.x hints). */
export function runHints(
	targets: WaitTarget[],
	settings: WaitSettings,
	failedImages: number,
): NodeExecutionHint[] {
	const hint = (message: string, type: NodeExecutionHint['type'] = 'info'): NodeExecutionHint => ({
		message,
		type,
		location: 'outputPane',
	});
	const hints: NodeExecutionHint[] = [];
	const failed = targets.filter(
		(target) => !target.timedOut && (target.error !== undefined || target.status !== 'SUCCEEDED'),
	);
	if (failed.length) {
		hints.push(
			hint(
				`${failed.length} of ${targets.length} task(s) did not succeed; each error item names its task ID and the service's code. ${BILLING.failedTasks}`,
				'warning',
			),
		);
	}
	if (failedImages) {
		hints.push(
			hint(
				`${failedImages} result image(s) failed at the service; see results[].code in the output (Wan 2.6/2.7: fewer images than Number of Images). ${BILLING.failedImages}`,
				'warning',
			),
		);
	}
	const unfinished = targets.filter((target) => target.timedOut).length;
	if (unfinished) {
		hints.push(
			hint(
				`${unfinished} task(s) were still running after Max Wait (${settings.maxWaitMs / 1000} s): fetch them later with Get Status (shouldPoll is true).`,
				'warning',
			),
		);
	}
	const resumed = targets.filter((target) => target.resumed).length;
	if (resumed)
		hints.push(
			hint(
				`${resumed} task(s) created by an earlier try of this node were resumed (Retry On Fail), not paid again.`,
			),
		);
	if (!settings.download && targets.length > failed.length) {
		hints.push(
			hint(
				'Result links (imageUrls) expire 24 hours after a task finishes: download or store the images before then.',
			),
		);
	}
	return hints;
}

/** After a submit-only run: where the results will be, and for how long. */
export const SUBMIT_ONLY_HINT: NodeExecutionHint = {
	message:
		'Tasks were submitted without waiting. Fetch each with Get Status (task ID) or start a workflow when they finish; the service keeps tasks and their results for 24 hours.',
	type: 'info',
	location: 'outputPane',
};

export function addHints(ctx: IExecuteFunctions, hints: NodeExecutionHint[]): void {
	// addExecutionHints is missing on some hosts and contexts (e.g. as an AI tool): feature-detect it.
	if (hints.length) ctx.addExecutionHints?.(...hints);
}
