import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { checkBoolean, checkNumber, checkOption, checkText } from '../checks';

export interface WaitSettings {
	wait: boolean;
	maxWaitMs: number;
	/** undefined: the automatic schedule. */
	intervalMs?: number;
	onTimeout: 'error' | 'returnStatus';
	cancelOnStop: boolean;
	download: boolean;
	outputMode: 'perImage' | 'perTask';
	binaryProperty: string;
	maxImageBytes: number;
}

/** Bounds of the wait options (seconds, MB), checked at run time: expressions bypass the editor's. */
export const WAIT_LIMITS = {
	maxWaitSeconds: { min: 1, max: 86_400, fallback: 600 },
	pollIntervalSeconds: { min: 0, max: 3600, fallback: 0 },
	maxImageMb: { min: 1, max: 1024, fallback: 50 },
};

/** The batch's wait settings, read from the first item: one poll loop serves the whole batch. */
export function readWaitSettings(this: IExecuteFunctions): WaitSettings {
	const wait = checkBoolean(this, 0, 'Wait for Completion', this.getNodeParameter('waitForCompletion', 0, true), true);
	const options = (wait ? this.getNodeParameter('waitOptions', 0, {}) : {}) as IDataObject;
	const download = wait && checkBoolean(this, 0, 'Download Images', this.getNodeParameter('downloadImages', 0, true), true);
	const binaryProperty = checkText(this, 0, 'Binary Field Name', options.binaryProperty ?? 'data', { required: true, advice: 'Name the binary field for the images, e.g. data.' }) as string;
	const seconds = (field: 'maxWaitSeconds' | 'pollIntervalSeconds', label: string, advice: string) =>
		checkNumber(this, 0, label, options[field], WAIT_LIMITS[field], advice);
	const interval = seconds('pollIntervalSeconds', 'Poll Interval (Seconds)', 'Use 0 for the automatic schedule, or a number of seconds up to 3600.');
	const outputMode = download ? checkOption(this, 0, 'Output', this.getNodeParameter('outputMode', 0, 'perImage'), ['perImage', 'perTask'] as const) : 'perImage';
	return {
		wait,
		maxWaitMs: seconds('maxWaitSeconds', 'Max Wait (Seconds)', 'Set how long to wait, e.g. 600 for ten minutes (at most a day).') * 1000,
		intervalMs: interval > 0 ? interval * 1000 : undefined,
		onTimeout: checkOption(this, 0, 'On Timeout', options.onTimeout ?? 'error', ['error', 'returnStatus'] as const),
		cancelOnStop: checkBoolean(this, 0, 'Cancel Pending Tasks on Stop', options.cancelOnStop, true),
		download,
		outputMode,
		binaryProperty,
		maxImageBytes:
			checkNumber(this, 0, 'Max Image Size (MB)', options.maxImageMb, WAIT_LIMITS.maxImageMb, 'Set the largest image to accept in MB, e.g. 50 (at most 1024).') * 1024 * 1024,
	};
}
