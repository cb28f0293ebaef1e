import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { checkBoolean, checkNumber, checkOption } from '../helpers/checks';
import type { OutputSettings } from '../items';
import { readOutputSettings } from '../items';

/** Wait for Completion and its options, and what becomes of the results. */
export interface WaitSettings extends OutputSettings {
	wait: boolean;
	maxWaitMs: number;
	/** undefined: the automatic schedule. */
	intervalMs?: number;
	onTimeout: 'error' | 'returnStatus';
	cancelOnStop: boolean;
}

/** Bounds of the wait options (seconds), checked at run time: expressions bypass the editor's. */
export const WAIT_LIMITS = {
	maxWaitSeconds: { min: 1, max: 86_400, fallback: 600 },
	pollIntervalSeconds: { min: 0, max: 3600, fallback: 0 },
};

/** The batch's wait settings, read from the first item: one wait serves the whole batch. */
export function readWaitSettings(this: IExecuteFunctions): WaitSettings {
	const wait = checkBoolean(
		this,
		0,
		'Wait for Completion',
		this.getNodeParameter('waitForCompletion', 0, true),
		true,
	);
	const options = (wait ? this.getNodeParameter('waitOptions', 0, {}) : {}) as IDataObject;
	const download =
		wait &&
		checkBoolean(
			this,
			0,
			'Download Images',
			this.getNodeParameter('downloadImages', 0, true),
			true,
		);
	const output = readOutputSettings(
		this,
		download,
		download ? this.getNodeParameter('outputMode', 0, 'perImage') : undefined,
		options,
	);
	const seconds = (field: keyof typeof WAIT_LIMITS, label: string, advice: string) =>
		checkNumber(this, 0, label, options[field], WAIT_LIMITS[field], advice);
	const interval = seconds(
		'pollIntervalSeconds',
		'Poll Interval (Seconds)',
		'Use 0 for the automatic schedule, or a number of seconds up to 3600.',
	);
	return {
		...output,
		wait,
		maxWaitMs:
			seconds(
				'maxWaitSeconds',
				'Max Wait (Seconds)',
				'Set how long to wait, e.g. 600 for ten minutes (at most a day).',
			) * 1000,
		intervalMs: interval > 0 ? interval * 1000 : undefined,
		onTimeout: checkOption(this, 0, 'On Timeout', options.onTimeout ?? 'error', [
			'error',
			'returnStatus',
		] as const),
		cancelOnStop: checkBoolean(this, 0, 'Cancel Pending Tasks on Stop', options.cancelOnStop, true),
	};
}
